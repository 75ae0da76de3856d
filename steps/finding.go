// Package steps is the domain of ixc-leveduca: one unit per wizard part
// (token, product, link, auth), each with UI-free checks that return
// findings, and the entitlement computation of design.md §5. The audit, the
// wizard and apply all call this package; it knows nothing of terminals.
package steps

import (
	"slices"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"

	"github.com/ixc-leveduca/ixc-leveduca/recid"
)

// Severity of a finding. The zero value is Info.
type Severity int

// Severities, from least to most serious.
const (
	Info Severity = iota
	Warn
	Error
)

func (s Severity) String() string {
	switch s {
	case Warn:
		return "warn"
	case Error:
		return "error"
	}
	return "info"
}

// Status of a step: the worst severity among its findings, "ok" without
// findings, or "skipped" when an earlier failure made the step impossible.
type Status string

// Step statuses (design.md §4.2).
const (
	StatusOK      Status = "ok"
	StatusInfo    Status = "info"
	StatusWarn    Status = "warn"
	StatusError   Status = "error"
	StatusSkipped Status = "skipped"
)

// Step names, in the order they run.
const (
	StepToken   = "token"
	StepProduct = "product"
	StepLink    = "link"
	StepAuth    = "auth"
)

// RecordRef points at one IXC record: the one the technician must open to
// fix a finding. ID is "" for a whole table (TABLE_DENIED).
type RecordRef struct {
	Table string `json:"table"`
	ID    string `json:"id"`
}

// Finding is one problem found in IXC, with every affected record.
type Finding struct {
	Code     string
	Severity Severity
	Message  i18n.Text // what is wrong
	Hint     i18n.Text // the IXC menu path (or flag) that fixes it
	Records  []RecordRef
}

// StepResult is the outcome of one step.
type StepResult struct {
	Step     string
	Status   Status
	Findings []Finding
	// Why is set when Status is skipped.
	Why i18n.Text
}

// Summary counts findings (not records) and subscribers.
type Summary struct {
	Errors            int
	Warnings          int
	EntitledContracts int
	ReadyContracts    int
	ReadyEmployees    int
}

// newResult builds a StepResult whose status follows its findings.
func newResult(step string, findings []Finding) StepResult {
	r := StepResult{Step: step, Findings: findings, Status: StatusOK}
	for _, f := range findings {
		switch {
		case f.Severity == Error:
			r.Status = StatusError
		case f.Severity == Warn && r.Status != StatusError:
			r.Status = StatusWarn
		case f.Severity == Info && r.Status == StatusOK:
			r.Status = StatusInfo
		}
	}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	return r
}

func skipped(step string, why i18n.Text) StepResult {
	return StepResult{Step: step, Status: StatusSkipped, Findings: []Finding{}, Why: why}
}

// refs turns a set of ids of one table into sorted record references
// (numeric order when the ids are numbers).
func refs(table string, ids map[string]bool) []RecordRef {
	out := make([]RecordRef, 0, len(ids))
	for id := range ids {
		out = append(out, RecordRef{Table: table, ID: id})
	}
	sortRefs(out)
	return out
}

func sortRefs(rs []RecordRef) {
	slices.SortFunc(rs, func(a, b RecordRef) int {
		if a.Table != b.Table {
			if a.Table < b.Table {
				return -1
			}
			return 1
		}
		return recid.Compare(a.ID, b.ID)
	})
}

// numericRefs drops the references whose id is neither "" (a whole table,
// TABLE_DENIED) nor a number: ids come from IXC's answers, and a hostile
// or broken one must not reach a report, a CSV or a terminal.
func numericRefs(rs []RecordRef) []RecordRef {
	for i, r := range rs {
		if r.ID != "" && !IsID(r.ID) {
			out := slices.Clone(rs[:i])
			for _, r := range rs[i+1:] {
				if r.ID == "" || IsID(r.ID) {
					out = append(out, r)
				}
			}
			return out
		}
	}
	return rs
}
