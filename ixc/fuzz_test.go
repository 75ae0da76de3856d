package ixc

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/recid"
)

func FuzzParseToken(f *testing.F) {
	plain := testUser + ":" + testHash
	for _, s := range []string{
		plain, " " + plain + "\n", base64.StdEncoding.EncodeToString([]byte(plain)),
		"Basic " + base64.RawURLEncoding.EncodeToString([]byte(plain)), testHash, ":", "42:", "Basic",
		"Authorization: Basic x", "abc:def", "42:" + testHash[:63], "\x00\xff", "42:" + strings.ToUpper(testHash),
	} {
		f.Add(s, "")
		f.Add(s, "42")
	}
	f.Fuzz(func(t *testing.T, raw, user string) {
		tok, err := ParseToken(raw, user)
		if err != nil {
			if _, ok := err.(*TokenError); !ok {
				t.Fatalf("error type %T", err)
			}
			// The error must not echo any 16-char window of the input.
			in := removeSpace(raw)
			for i := 0; i+16 <= len(in); i++ {
				if strings.Contains(err.Error(), in[i:i+16]) {
					t.Fatalf("error %q echoes input", err)
				}
			}
			return
		}
		if !recid.Digits(tok.User()) || len(tok.hash) != 64 || !isHex(tok.hash) || tok.hash != strings.ToLower(tok.hash) {
			t.Fatalf("accepted invalid token %q", tok.Reveal())
		}
		if strings.Contains(tok.String(), tok.hash) {
			t.Fatal("String leaks the hash")
		}
		// Round trip.
		tok2, err := ParseToken(tok.Reveal(), "")
		if err != nil || tok2 != tok {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{
		"ixc.example.com.br", "https://ixc.example.com.br/webservice/v1/", "http://localhost:8080",
		"https://[::1]:1", "https://a@b", "ftp://x", "https://münchen.de/adm.php", "x:y", "https://ixc:99999",
		"", " ", "//x", "https://x/webservice/v1/cliente", "http://127.0.0.1", "https://%zz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := NormalizeURL(raw)
		if err != nil {
			if _, ok := err.(*URLError); !ok {
				t.Fatalf("error type %T", err)
			}
			return
		}
		if !strings.HasSuffix(got, APIPath) || !(strings.HasPrefix(got, "https://") || strings.HasPrefix(got, "http://")) {
			t.Fatalf("NormalizeURL(%q) = %q", raw, got)
		}
		// Idempotent.
		again, err := NormalizeURL(got)
		if err != nil || again != got {
			t.Fatalf("not idempotent: %q -> %q (%v)", got, again, err)
		}
	})
}

func FuzzDecodeList(f *testing.F) {
	for _, s := range []string{
		`{"page":"1","total":"0"}`,
		`{"page":"1","total":1,"registros":[{"id":"2","x":null,"y":1.5,"z":true,"w":{"a":[1]}}]}`,
		`{"page":"1","total":"3","rows":[{"id":"30","cell":["30","Locação ONU",false,null]}],"tot":["150,00",false]}`,
		`{"registros":[{"sucesso":true}]}`,
		`{"registros":{"id":"1"}}`, `{"registros":{"0":{"id":"1"},"1":{"id":"2"}}}`,
		"\xef\xbb\xbf{\"total\":\"1e3\"}", `{"total":"abc"}`, `{"rows":5}`, `[1,2]`, `<html>`, "\xe7\xe3o",
		`{"type":"error","message":"x<br />"}`, `{"page":-5,"total":-1,"registros":[]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, hasTotal, err := decodeList(body)
		if err != nil {
			return
		}
		if p.Total < 0 || p.Page < 0 {
			t.Fatalf("negative page/total: %+v", p)
		}
		if !hasTotal && p.Total != len(p.Records) {
			t.Fatalf("total without total field")
		}
		_, _ = decodeEnvelope(body)
		_, _ = processingMessage(body)
	})
}
