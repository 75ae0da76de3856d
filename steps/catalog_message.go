package steps

import "github.com/ixc-leveduca/ixc-leveduca/i18n"

// CatalogMessage returns the catalogue message of code as a finding with n
// records would carry it, and false for a code the catalogue does not know.
// Reports use it for a finding that is no longer reported (a resolved code
// of a comparison with an earlier audit).
func CatalogMessage(code string, n int) (i18n.Text, bool) {
	e, ok := catalog[code]
	if !ok {
		return i18n.Text{}, false
	}
	return countMessage(e.msg, n), true
}
