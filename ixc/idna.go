package ixc

import (
	"strings"
	"unicode"

	"golang.org/x/net/idna"
)

// toASCIIHost converts a unicode host name to its IDNA ASCII form ("xn--…"
// labels) with the lookup profile of UTS #46 (golang.org/x/net/idna):
// mapping (case folding, NFC, "。" and other full stops to ".") and its
// validity rules, as browsers resolve names. One refusal is added:
// invisible characters (format characters such as U+200B or U+00AD, and
// variation selectors), which UTS #46 silently drops, make a pasted name
// that looks like one host and resolves as another; they are refused
// rather than dropped.
func toASCIIHost(h string) (string, bool) {
	for _, r := range h {
		if unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) {
			return "", false
		}
	}
	a, err := idna.Lookup.ToASCII(h)
	if err != nil || a == "" || strings.HasPrefix(a, ".") || strings.Contains(a, "..") {
		return "", false
	}
	return a, true
}
