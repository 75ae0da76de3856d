package ixc

import (
	"strings"

	"golang.org/x/net/idna"
)

// toASCIIHost converts a unicode host name to its IDNA ASCII form ("xn--…"
// labels) with the lookup profile of UTS #46 (golang.org/x/net/idna):
// mapping (case folding, NFC, "。" and other full stops to ".") and the
// IDNA2008 validity rules, as browsers resolve names. It fails for a name
// a resolver would refuse.
func toASCIIHost(h string) (string, bool) {
	a, err := idna.Lookup.ToASCII(h)
	if err != nil || a == "" || strings.HasPrefix(a, ".") || strings.Contains(a, "..") {
		return "", false
	}
	return a, true
}
