package ixc

import (
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestParseTokenAccepted(t *testing.T) {
	plain := testUser + ":" + testHash
	std := base64.StdEncoding.EncodeToString([]byte(plain))
	upper := strings.ToUpper(testHash)
	// A hash whose base64 form uses '+' and '/' in std and '-' '_' in URL.
	cases := []struct{ name, raw, user string }{
		{"id:hash", plain, ""},
		{"id:hash with matching user", plain, "42"},
		{"id:hash with leading-zero user", plain, "042"},
		{"surrounding spaces and newline", "  \n" + plain + "\r\n\t", ""},
		{"embedded whitespace", "42 :\n" + testHash[:30] + " \n" + testHash[30:], ""},
		{"upper-case hash", testUser + ":" + upper, ""},
		{"base64 std padded", std, ""},
		{"base64 std unpadded", strings.TrimRight(std, "="), ""},
		{"base64 url", base64.URLEncoding.EncodeToString([]byte(plain)), ""},
		{"base64 url unpadded", base64.RawURLEncoding.EncodeToString([]byte(plain)), ""},
		{"base64 wrapped over lines", std[:20] + "\n" + std[20:], ""},
		{"Basic header", "Basic " + std, ""},
		{"basic lower-case", "basic " + std, ""},
		{"Authorization header line", "Authorization: Basic " + std, ""},
		{"bare hash with user", testHash, "42"},
		{"bare hash with spaced user", " " + testHash + " ", " 42 "},
		{"quoted", `"` + plain + `"`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := ParseToken(tc.raw, tc.user)
			if err != nil {
				t.Fatalf("ParseToken(%s) error: %v", tc.name, err)
			}
			if tok.User() != "42" {
				t.Fatalf("user = %q", tok.User())
			}
			if tok.Reveal() != plain {
				t.Fatalf("Reveal = %q, want %q", tok.Reveal(), plain)
			}
			if tok.AuthorizationHeader() != "Basic "+std {
				t.Fatalf("header = %q", tok.AuthorizationHeader())
			}
			if tok.IsZero() {
				t.Fatal("IsZero on a parsed token")
			}
		})
	}
}

func TestParseTokenRejected(t *testing.T) {
	plain := testUser + ":" + testHash
	cases := []struct {
		name, raw, user, want string
	}{
		{"empty", "", "", "empty"},
		{"only spaces", " \n\t ", "", "empty"},
		{"no id", ":" + testHash, "", "no user id"},
		{"id not numeric", "abc:" + testHash, "", "only digits"},
		{"hash reversed with id", testHash + ":42", "", "only digits"},
		{"short hash", "42:" + testHash[:63], "", "63 characters instead of 64"},
		{"long hash", "42:" + testHash + "0", "", "65 characters instead of 64"},
		{"empty hash", "42:", "", "no hash"},
		{"not hex", "42:" + strings.Repeat("z", 64), "", "hex"},
		{"ids differ", plain, "7", "user 42 but the user id given is 7"},
		{"user not numeric", plain, "x7", "only digits"},
		{"bare hash without user", testHash, "", "no user id"},
		{"bare short hash", testHash[:40], "", "40 characters instead of 64"},
		{"bare short hash with user", testHash[:40], "42", "40 characters instead of 64"},
		{"garbage", "hello-world!", "", "not in a known form"},
		{"base64 without colon", base64.StdEncoding.EncodeToString([]byte(testHash)), "", "not in a known form"},
		{"Basic nothing", "Basic   ", "", "nothing follows"},
		{"Basic non-base64", "Basic " + testHash[:10] + "!!", "", "not the base64"},
		{"base64 with bad hash", base64.StdEncoding.EncodeToString([]byte("42:" + testHash[:50])), "", "50 characters"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseToken(tc.raw, tc.user)
			if err == nil {
				t.Fatal("expected an error")
			}
			var te *TokenError
			if !errors.As(err, &te) {
				t.Fatalf("error %T is not *TokenError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
			if te.NeedsUser != (tc.name == "bare hash without user") {
				t.Fatalf("NeedsUser = %v", te.NeedsUser)
			}
			assertNoSecret(t, err.Error())
			// No 8-char window of the pasted secret either.
			raw := removeSpace(tc.raw)
			for i := 0; i+8 <= len(raw); i++ {
				w := raw[i : i+8]
				if isHex(w) && strings.Contains(strings.ToLower(err.Error()), strings.ToLower(w)) {
					t.Fatalf("error %q leaks part of the pasted secret %q", err, w)
				}
			}
		})
	}
}

func TestTokenNeverPrinted(t *testing.T) {
	tok := testToken(t)
	type wrapper struct {
		Tok Token
		P   *Token
	}
	outs := []string{
		tok.String(), tok.GoString(),
		fmt.Sprint(tok), fmt.Sprintf("%v|%+v|%#v|%s|%q|%x|%d", tok, tok, tok, tok, tok, tok, tok),
		fmt.Sprintf("%v %+v %#v", wrapper{tok, &tok}, wrapper{tok, &tok}, wrapper{tok, &tok}),
		fmt.Sprintf("%v", []Token{tok}),
	}
	var sb strings.Builder
	slog.New(slog.NewTextHandler(&sb, nil)).Info("x", "token", tok)
	outs = append(outs, sb.String())
	for _, s := range outs {
		assertNoSecret(t, s)
	}
	if tok.String() != "42:••••••••" {
		t.Fatalf("String = %q", tok.String())
	}
	if (Token{}).String() == "" || !(Token{}).IsZero() {
		t.Fatal("zero token")
	}
}

func TestTokenRedact(t *testing.T) {
	tok := testToken(t)
	hdr := tok.AuthorizationHeader()
	in := "a " + testHash + " b " + strings.ToUpper(testHash) + " c " + hdr + " d " +
		base64.RawURLEncoding.EncodeToString([]byte(tok.Reveal())) + " e"
	out := tok.Redact(in)
	assertNoSecret(t, out)
	if !strings.HasPrefix(out, "a ••••") || !strings.HasSuffix(out, " e") || strings.Count(out, "••••") != 4 {
		t.Fatalf("Redact = %q", out)
	}
	if (Token{}).Redact("x") != "x" {
		t.Fatal("zero token Redact changed input")
	}
}
