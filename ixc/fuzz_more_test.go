package ixc

import (
	"errors"
	"strings"
	"testing"
)

// FuzzErrorsSpeakBothLanguages: whatever is typed as an address or pasted
// as a token, an error says why in English and in Portuguese, and a token
// error never repeats what was pasted.
func FuzzErrorsSpeakBothLanguages(f *testing.F) {
	for _, s := range []string{"htps://ixc.com", "ixc..com", ":", "1:", "Basic ", "ixc.com:99999", "https://a:b@c.com",
		"42:" + strings.Repeat("ab", 32), "javascript:alert(1)", "https://ixç.com/adm.php", "\x00", "[::1]:0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := NormalizeURL(s); err != nil {
			var ue *URLError
			if !errors.As(err, &ue) || ue.Reason == "" || ue.ReasonPT == "" {
				t.Fatalf("NormalizeURL(%q): %v (PT %q)", s, err, ue)
			}
		}
		_, err := ParseToken(s, "")
		if err == nil {
			return
		}
		var te *TokenError
		if !errors.As(err, &te) || te.Reason == "" || te.ReasonPT == "" {
			t.Fatalf("ParseToken(%q): %v", s, err)
		}
		secret := strings.TrimSpace(s)
		if _, after, ok := strings.Cut(secret, ":"); ok {
			secret = after
		}
		if len(secret) >= 8 && (strings.Contains(te.Reason, secret) || strings.Contains(te.ReasonPT, secret)) {
			t.Fatalf("the token error repeats the input: %q", te.Reason)
		}
	})
}
