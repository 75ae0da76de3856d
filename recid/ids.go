// Package recid holds the two helpers every layer needs for IXC record ids:
// whether a string is all digits, and the order of ids. It imports nothing
// of the project (a leaf), so the client, the simulator, brdoc and steps
// share one definition.
package recid

import "strings"

// Digits reports whether s is a non-empty run of ASCII digits.
func Digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Compare orders ids the way IXC's numeric keys sort: numbers by value
// (of any length; leading zeros do not count, so "007" equals "7"), every
// number before any other text, and other text lexically. It parses
// nothing: the shorter number is the smaller and numbers of one length
// compare as text, which keeps a sort of 100,000 ids cheap.
func Compare(a, b string) int {
	da, db := Digits(a), Digits(b)
	switch {
	case da && db:
		a, b = trimZeros(a), trimZeros(b)
		if len(a) != len(b) {
			if len(a) < len(b) {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	case da:
		return -1
	case db:
		return 1
	}
	return strings.Compare(a, b)
}

// Less is Compare(a, b) < 0.
func Less(a, b string) bool { return Compare(a, b) < 0 }

func trimZeros(s string) string {
	t := strings.TrimLeft(s, "0")
	if t == "" {
		return "0"
	}
	return t
}
