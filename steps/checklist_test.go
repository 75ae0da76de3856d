package steps_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// The checklist names every table the wizard reads, grouped by purpose;
// with the sandbox's restricted token it marks every table a later screen
// would fail on, before any screen runs.
func TestCheckWizardRestrictedTokenPinsTheChecklist(t *testing.T) {
	w := newWorld(t)
	wantTables := []string{"produtos", "unidades", "vd_contratos", "vd_contratos_produtos", "cliente_contrato",
		"cliente_contrato_servicos", "cliente", "sub_grupo_produdos", "cnf_classificacao_tributaria", "radusuarios", "funcionarios"}
	if got := steps.WizardTables(); !slices.Equal(got, wantTables) {
		t.Fatalf("WizardTables = %v", got)
	}
	res := steps.CheckWizard(t.Context(), w.reader(w.sim.RestrictedToken()))
	if res.Fatal {
		t.Fatalf("fatal: %+v", res.Step)
	}
	type row struct {
		purpose steps.Purpose
		table   string
		ok      bool
	}
	var got []row
	english := regexp.MustCompile(`\b(the|answer|server|permission|denied|HTTP 200)\b|ixc:`)
	for _, g := range res.Checked() {
		if g.Title.PT == "" || g.Title.EN == "" {
			t.Errorf("group %s has no title", g.Purpose)
		}
		for _, it := range g.Items {
			got = append(got, row{g.Purpose, it.Table, it.OK})
			if it.OK {
				continue
			}
			if want := "O IXC recusou a leitura de " + it.Table; !strings.HasPrefix(it.Why.PT, want) ||
				!strings.Contains(it.Why.PT, "«Você não tem permissão para listar registros da tabela "+it.Table+"!»") {
				t.Errorf("%s: PT %q", it.Table, it.Why.PT)
			}
			if english.MatchString(it.Why.PT) {
				t.Errorf("%s: English in Portuguese: %q", it.Table, it.Why.PT)
			}
			if !strings.HasPrefix(it.Why.EN, "IXC refused reading "+it.Table) {
				t.Errorf("%s: EN %q", it.Table, it.Why.EN)
			}
		}
	}
	want := []row{
		{steps.PurposeAudit, "produtos", true}, {steps.PurposeAudit, "unidades", true},
		{steps.PurposeAudit, "vd_contratos", true}, {steps.PurposeAudit, "vd_contratos_produtos", true},
		{steps.PurposeAudit, "cliente_contrato", true}, {steps.PurposeAudit, "cliente_contrato_servicos", false},
		{steps.PurposeAudit, "cliente", true},
		{steps.PurposeProduct, "sub_grupo_produdos", false}, {steps.PurposeProduct, "cnf_classificacao_tributaria", false},
		{steps.PurposePPPoE, "radusuarios", false},
		{steps.PurposeEmployee, "funcionarios", false},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("checklist\n got %v\nwant %v", got, want)
	}
	// TABLE_DENIED stays the audit's: required tables only (design.md §6).
	var denied []string
	for _, f := range res.Step.Findings {
		if f.Code == steps.CodeTableDenied {
			for _, r := range f.Records {
				denied = append(denied, r.Table)
			}
		}
	}
	if !slices.Contains(denied, "cliente_contrato_servicos") || slices.Contains(denied, "sub_grupo_produdos") ||
		slices.Contains(denied, "radusuarios") || slices.Contains(denied, "funcionarios") {
		t.Fatalf("TABLE_DENIED names %v", denied)
	}
	if !strings.Contains(steps.WriteNeeds.Text.PT, "Fazer por mim") {
		t.Fatal("the write note does not name Fazer por mim")
	}
	for _, tb := range []string{"produtos", "vd_contratos", "vd_contratos_produtos", "cliente_contrato_servicos"} {
		if !strings.Contains(steps.WriteNeeds.Text.PT, tb) || !slices.Contains(steps.WriteNeeds.Tables, tb) {
			t.Errorf("the write note misses %s", tb)
		}
	}
}

// With the full demo token every item is ✓ and there is no finding.
func TestCheckWizardFullToken(t *testing.T) {
	w := newWorld(t)
	res := steps.CheckWizard(t.Context(), w.reader(w.sim.DemoToken()))
	if res.Fatal || len(res.Step.Findings) != 0 || len(res.Denied()) != 0 {
		t.Fatalf("%+v", res)
	}
	n := 0
	for _, g := range res.Checked() {
		n += len(g.Items)
	}
	if n != len(steps.WizardTables()) {
		t.Fatalf("%d items", n)
	}
}
