package steps

import (
	"context"
	"strings"
	"unicode"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/recid"
)

// IgnoredID is an entry of a list of contract ids that was left out, and why.
type IgnoredID struct {
	Value string
	Why   i18n.Text
}

// Reasons an id of a list is ignored.
var (
	whyNotNumber = i18n.T("não é um número", "not a number")
	whyNotFound  = i18n.T("contrato não encontrado no IXC", "contract not found in IXC")
	whyRepeated  = i18n.T("repetido", "repeated")
)

// maxListIDs bounds the ids read from one list (a file of ids).
const maxListIDs = 5000

// ContractsFromList reads the contracts whose ids a text lists (one per
// line, or separated by spaces, commas or semicolons). Every entry that is
// not used is reported with its reason: not a number, repeated, or no such
// contract in IXC. Found is in id order.
func ContractsFromList(ctx context.Context, r *ixc.Reader, text string) (found []ContractInfo, ignored []IgnoredID, err error) {
	var ids []string
	seen := map[string]bool{}
	fields := strings.FieldsFunc(strings.TrimPrefix(text, "\ufeff"), func(c rune) bool {
		return unicode.IsSpace(c) || c == ',' || c == ';'
	})
	for _, f := range fields {
		v := strings.Trim(f, "\"'")
		switch {
		case v == "":
			continue
		case !recid.Digits(v) || len(v) > 18:
			ignored = append(ignored, IgnoredID{Value: f, Why: whyNotNumber})
		case seen[v]:
			ignored = append(ignored, IgnoredID{Value: v, Why: whyRepeated})
		case len(ids) == maxListIDs:
			ignored = append(ignored, IgnoredID{Value: v, Why: i18n.Tf("além dos %d primeiros", "beyond the first %d", maxListIDs)})
		default:
			seen[v] = true
			ids = append(ids, v)
		}
	}
	if len(ids) == 0 {
		return nil, ignored, nil
	}
	found, err = ContractsByID(ctx, r, ids)
	if err != nil {
		return nil, nil, err
	}
	got := map[string]bool{}
	for _, c := range found {
		got[c.ID] = true
	}
	for _, id := range ids {
		if !got[id] {
			ignored = append(ignored, IgnoredID{Value: id, Why: whyNotFound})
		}
	}
	return found, ignored, nil
}
