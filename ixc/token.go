package ixc

import (
	"encoding/base64"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ixc-leveduca/ixc-leveduca/recid"
)

// mask replaces secrets in every rendering of a Token and in Redact.
const mask = "••••"

// Token is an IXC webservice token: the numeric id of the IXC user and its
// 64-hex secret ("hash"). Its zero value is "no token". Every textual form
// (String, GoString, Format, slog) is masked; only Reveal and
// AuthorizationHeader expose the secret.
type Token struct {
	user string
	hash string
}

// TokenError says why a pasted token is unusable. Reason never contains the
// secret or any part of what was pasted.
type TokenError struct {
	Reason string
	// ReasonPT is Reason in Portuguese (pt-BR), for the user-facing message.
	ReasonPT string
	// NeedsUser: the token is a bare 64-hex hash and no user id was given;
	// the caller words where the id goes (the wizard: paste the whole
	// id:hash; the CLI: token_user in the profile).
	NeedsUser bool
}

func (e *TokenError) Error() string { return "invalid IXC token: " + e.Reason }

// tokenErr builds a TokenError from an English and a Portuguese format
// taking the same arguments.
func tokenErr(en, pt string, args ...any) error {
	return &TokenError{Reason: fmt.Sprintf(en, args...), ReasonPT: fmt.Sprintf(pt, args...)}
}

// ParseToken accepts what users paste: "id:hash" as IXC shows it; the base64
// of "id:hash" (std or URL alphabet, padded or not); "Basic <base64>" copied
// from a header (optionally with "Authorization:" in front); or a bare hash
// together with user (the id from the profile). Whitespace anywhere is
// removed. The id must be decimal digits; the hash must be 64 hex characters
// (lower-cased). If user != "" and the token carries a different id, that is
// an error naming both ids.
func ParseToken(raw, user string) (Token, error) {
	user = removeSpace(user)
	if user != "" && !recid.Digits(user) {
		return Token{}, tokenErr("the user id given separately must contain only digits (it is the number shown before ':' in the token)", "o id do usuário informado à parte deve ter só dígitos (é o número antes de ':' no token)")
	}
	s := strings.TrimSpace(raw)
	// Header forms: "Authorization: Basic xxx", "Basic xxx".
	if len(s) >= 14 && strings.EqualFold(s[:14], "authorization:") {
		s = strings.TrimSpace(s[14:])
	}
	basic := false
	if strings.EqualFold(s, "basic") {
		return Token{}, tokenErr("nothing follows \"Basic\"; paste the token as id:hash", "não há nada depois de \"Basic\"; cole o token como id:hash")
	}
	if len(s) >= 6 && strings.EqualFold(s[:5], "basic") && unicode.IsSpace(rune(s[5])) {
		s = s[6:]
		basic = true
	}
	s = removeSpace(s)
	s = strings.Trim(s, `"'`)
	if s == "" {
		if basic {
			return Token{}, tokenErr("nothing follows \"Basic\"; paste the token as id:hash", "não há nada depois de \"Basic\"; cole o token como id:hash")
		}
		return Token{}, tokenErr("the token is empty; paste it as IXC shows it (id:hash)", "o token está vazio; cole-o como o IXC o mostra (id:hash)")
	}

	var id, hash string
	switch {
	case !basic && strings.Contains(s, ":"):
		id, hash, _ = strings.Cut(s, ":")
	case !basic && isHex(s):
		// A bare hash: the id must come from the profile.
		if user == "" {
			if n := utf8.RuneCountInString(s); n != 64 {
				return Token{}, tokenErr("the hash has %d characters instead of 64", "o hash tem %d caracteres em vez de 64", n)
			}
			return Token{}, &TokenError{NeedsUser: true,
				Reason:   "the token has no user id: paste it as id:hash, or give the user id (token_user) separately",
				ReasonPT: "o token não tem o id do usuário: cole-o como id:hash, ou informe o id do usuário (token_user) à parte"}
		}
		id, hash = user, s
	default:
		dec, ok := decodeBase64(s)
		if !ok || !utf8.Valid(dec) || !strings.Contains(string(dec), ":") {
			if basic {
				return Token{}, tokenErr("the value after \"Basic\" is not the base64 of id:hash", "o valor depois de \"Basic\" não é o base64 de id:hash")
			}
			return Token{}, tokenErr("the token is not in a known form: expected id:hash (as IXC shows it), its base64, or the 64-character hash with the user id", "o token não está numa forma conhecida: esperado id:hash (como o IXC mostra), seu base64, ou o hash de 64 caracteres com o id do usuário")
		}
		id, hash, _ = strings.Cut(removeSpace(string(dec)), ":")
	}

	if id == "" {
		return Token{}, tokenErr("there is no user id before ':'; the token looks like id:hash, e.g. 42:…", "falta o id do usuário antes de ':'; o token tem a forma id:hash, por exemplo 42:…")
	}
	if !recid.Digits(id) {
		return Token{}, tokenErr("the user id before ':' must contain only digits (%d characters found, some not digits)", "o id do usuário antes de ':' deve ter só dígitos (%d caracteres encontrados, alguns não são dígitos)", utf8.RuneCountInString(id))
	}
	if hash == "" {
		return Token{}, tokenErr("there is no hash after ':'", "falta o hash depois de ':'")
	}
	if n := utf8.RuneCountInString(hash); n != 64 {
		return Token{}, tokenErr("the hash has %d characters instead of 64", "o hash tem %d caracteres em vez de 64", n)
	}
	if !isHex(hash) {
		return Token{}, tokenErr("the hash must contain only hex characters 0-9 and a-f", "o hash deve ter só caracteres hexadecimais 0-9 e a-f")
	}
	if user != "" && trimZeros(user) != trimZeros(id) {
		return Token{}, tokenErr("the token belongs to user %s but the user id given is %s", "o token é do usuário %s, mas o id de usuário informado é %s", id, user)
	}
	return Token{user: id, hash: strings.ToLower(hash)}, nil
}

// NewToken is ParseToken for "user:hash" given separately.
func NewToken(user, hash string) (Token, error) { return ParseToken(user+":"+hash, user) }

// User is the IXC user id (not secret).
func (t Token) User() string { return t.user }

// IsZero reports whether t holds no token.
func (t Token) IsZero() bool { return t.user == "" && t.hash == "" }

// AuthorizationHeader is the value of the Authorization header.
func (t Token) AuthorizationHeader() string { return "Basic " + t.basic() }

func (t Token) basic() string {
	return base64.StdEncoding.EncodeToString([]byte(t.user + ":" + t.hash))
}

// Reveal returns "user:hash". Use it only when the user explicitly asks.
func (t Token) Reveal() string {
	if t.IsZero() {
		return ""
	}
	return t.user + ":" + t.hash
}

// String is the masked form, e.g. "42:••••••••".
func (t Token) String() string {
	if t.IsZero() {
		return "(no token)"
	}
	return t.user + ":" + mask + mask
}

// GoString keeps %#v masked.
func (t Token) GoString() string { return "ixc.Token(" + strconv.Quote(t.String()) + ")" }

// Format keeps every fmt verb masked.
func (t Token) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = f.Write([]byte(t.GoString()))
	case verb == 'q':
		_, _ = f.Write([]byte(strconv.Quote(t.String())))
	default:
		_, _ = f.Write([]byte(t.String()))
	}
}

// LogValue keeps slog output masked.
func (t Token) LogValue() slog.Value { return slog.StringValue(t.String()) }

// Redact replaces the hash and the Basic credential (every base64 variant)
// in s with "••••".
func (t Token) Redact(s string) string {
	if t.hash == "" {
		return s
	}
	plain := []byte(t.user + ":" + t.hash)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if v := enc.EncodeToString(plain); strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, mask)
		}
	}
	if strings.Contains(strings.ToLower(s), t.hash) {
		s = replaceFold(s, t.hash, mask)
	}
	return s
}

// replaceFold replaces every case-insensitive occurrence of the ASCII
// string old (lower case) in s.
func replaceFold(s, old, repl string) string {
	var b strings.Builder
	low := strings.ToLower(s)
	if len(low) != len(s) { // non-ASCII case mapping changed lengths
		return strings.ReplaceAll(s, old, repl)
	}
	for {
		i := strings.Index(low, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, low = s[i+len(old):], low[i+len(old):]
	}
}

func decodeBase64(s string) ([]byte, bool) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, true
		}
	}
	return nil, false
}

func removeSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
}

func isHex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func trimZeros(s string) string {
	t := strings.TrimLeft(s, "0")
	if t == "" {
		return "0"
	}
	return t
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
