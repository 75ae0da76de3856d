package steps

import (
	"context"
	"errors"
	"sync"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// BaseTables are the tables every LevEduca setup needs to list
// (design.md §6 TABLE_DENIED).
var BaseTables = []string{
	"produtos", "unidades", "vd_contratos", "vd_contratos_produtos",
	"cliente_contrato", "cliente_contrato_servicos", "cliente",
}

// RequiredTables returns the tables the token must be able to list for an
// auth method: BaseTables plus radusuarios (pppoe) or funcionarios
// (employee_cpf).
func RequiredTables(authMethod profile.AuthMethod) []string {
	t := append([]string(nil), BaseTables...)
	switch authMethod {
	case profile.AuthPPPoE:
		t = append(t, "radusuarios")
	case profile.AuthEmployeeCPF:
		t = append(t, "funcionarios")
	}
	return t
}

// TableAccess is the outcome of a one-row list of one table.
type TableAccess struct {
	Table string
	OK    bool
	// Err is IXC's answer when OK is false.
	Err error
}

// ConnectionResult is the token step: the connection findings, and which
// tables the token may list.
type ConnectionResult struct {
	Step   StepResult
	Tables []TableAccess
	// Fatal is set when IXC cannot be used at all (exit 3).
	Fatal bool
}

// Denied returns the set of tables the token could not list.
func (c *ConnectionResult) Denied() map[string]bool {
	out := map[string]bool{}
	for _, t := range c.Tables {
		if !t.OK {
			out[t.Table] = true
		}
	}
	return out
}

// CheckConnection proves the connection and the token with a one-row list of
// each table: the first alone (to tell a dead or foreign server from a
// missing permission), the rest concurrently. The whole check ends within
// the client's probe budget (ixc.Options.ProbeBudget, 20 s by default),
// however many tables and whatever the server does after its first answer.
func CheckConnection(ctx context.Context, r *ixc.Reader, tables []string) *ConnectionResult {
	return checkConnection(ctx, r, tables, nil)
}

// checkConnection is CheckConnection calling reachable, when not nil, as
// soon as the first probe shows IXC answers this token (before the other
// probes), so that the caller can start its reads meanwhile.
func checkConnection(ctx context.Context, r *ixc.Reader, tables []string, reachable func()) *ConnectionResult {
	res := &ConnectionResult{}
	ctx, cancel := context.WithTimeoutCause(ctx, r.ProbeBudget(), ixc.ErrProbeBudget)
	defer cancel()
	probe := func(table string) TableAccess {
		_, err := r.Probe(ctx, table)
		return TableAccess{Table: table, OK: err == nil, Err: err}
	}
	if len(tables) == 0 {
		if reachable != nil {
			reachable()
		}
		res.Step = newResult(StepToken, nil)
		return res
	}
	first := probe(tables[0])
	if f, fatal := connectionFinding(first.Err); fatal {
		res.Step, res.Fatal = newResult(StepToken, []Finding{f}), true
		return res
	}
	if reachable != nil {
		reachable()
	}
	res.Tables = make([]TableAccess, len(tables))
	res.Tables[0] = first
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := 1; i < len(tables); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			res.Tables[i] = probe(tables[i])
		}()
	}
	wg.Wait()
	for _, t := range res.Tables {
		if f, fatal := connectionFinding(t.Err); fatal {
			res.Step, res.Fatal = newResult(StepToken, []Finding{f}), true
			return res
		}
	}
	var denied []RecordRef
	for _, t := range res.Tables {
		if !t.OK {
			denied = append(denied, RecordRef{Table: t.Table, ID: ""})
		}
	}
	var findings []Finding
	if len(denied) > 0 {
		sortRefs(denied)
		findings = append(findings, newFinding(CodeTableDenied, denied))
	}
	res.Step = newResult(StepToken, findings)
	return res
}

// connectionFinding maps an error that makes IXC unusable to its finding.
// Other errors (IXC answering "no" for one table) are not fatal.
func connectionFinding(err error) (Finding, bool) {
	if err == nil {
		return Finding{}, false
	}
	var code string
	switch ixc.KindOf(err) {
	case ixc.KindUnreachable, ixc.KindServer, ixc.KindProcessing:
		// A red "erro ao processar" div on a read is IXC failing to
		// answer, not the table being off limits.
		code = CodeIXCUnreachable
	case ixc.KindTLS:
		code = CodeIXCTLS
	case ixc.KindNotIXC:
		code = CodeIXCNotIXC
	case ixc.KindTokenRejected:
		code = CodeTokenRejected
	case ixc.KindIPNotAllowed:
		code = CodeIPNotAllowed
	default:
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			code = CodeIXCUnreachable
			break
		}
		return Finding{}, false
	}
	f := newFinding(code, nil)
	switch k := ixc.KindOf(err); {
	case (k == ixc.KindServer || k == ixc.KindProcessing) && ixcMessage(err) != "":
		// IXC answered, with its own words: those, not "could not
		// connect".
		f.Message = ErrorText(err)
	case k == ixc.KindTLS:
		// ErrorText says no more than the finding's message and hint.
	default:
		f.Message = withDetail(f.Message, err)
	}
	return f, true
}

// ixcMessage is IXC's own message in err ("" when none).
func ixcMessage(err error) string {
	var e *ixc.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return ""
}

// withDetail follows a finding's message with what exactly happened, in
// the same language (ErrorText). The client guarantees its errors never
// carry the token.
func withDetail(t i18n.Text, err error) i18n.Text {
	d := ErrorText(err)
	return i18n.T(t.PT+" "+d.PT, t.EN+" "+d.EN)
}
