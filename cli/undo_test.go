package cli

import (
	"strings"
	"testing"
)

// Undo leaves a record changed after the apply (and says which field), and
// IXC refuses to delete the product that row still references.
func TestUndoSkipsChangedRecord(t *testing.T) {
	w := newApplyWorld(t)
	if code, out, errOut := runIn(t, w.env, "", "apply", "--profile", w.prof, "--yes"); code != ExitFindings {
		t.Fatalf("apply exit %d\n%s\n%s", code, out, errOut)
	}
	p := w.products()[0]
	links := w.links(p["id"])
	changed := links[0]
	changed["valor_unit"] = "19.90"
	w.sim.Put("vd_contratos_produtos", changed)
	jpath := w.journals()[0]

	// Without --yes and without IXC_URL, the journal's IXC is shown and
	// asked for ("s"); then "n": the list is shown, nothing is written.
	w.sim.ResetStats()
	code, out, errOut := runIn(t, w.env, "s\nn\n", "undo", jpath)
	if code != ExitOK || !strings.Contains(errOut, "O diário é do IXC "+w.url) ||
		!strings.Contains(errOut, "Desfazer 2 alterações?") || w.writes() != 0 {
		t.Fatalf("undo (no) exit %d writes %d\n%s\nstderr: %s", code, w.writes(), out, errOut)
	}

	code, out, errOut = runIn(t, w.undoEnv(), "", "undo", "--lang", "en", jpath, "--yes")
	if code != ExitFindings {
		t.Fatalf("undo exit %d\n%s\n%s", code, out, errOut)
	}
	if _, ok := w.sim.Row("vd_contratos_produtos", changed["id"]); !ok {
		t.Error("the changed row was deleted")
	}
	if _, ok := w.sim.Row("vd_contratos_produtos", links[1]["id"]); ok {
		t.Error("the unchanged row was not deleted")
	}
	if _, ok := w.sim.Row("produtos", p["id"]); !ok {
		t.Error("the product was deleted though a row references it")
	}
	for _, want := range []string{`valor_unit: written "9.90", now "19.90"`, "changed in IXC afterwards", "FAILED",
		"IXC refused a delete from produtos: “"} {
		if !strings.Contains(out, want) {
			t.Errorf("undo output lacks %q:\n%s", want, out)
		}
	}
	// IXC's refusal in words, not the client's Go error text.
	if strings.Contains(out, "ixc: ") || strings.Contains(out, "(DELETE)") {
		t.Errorf("a Go error string in the undo output:\n%s", out)
	}
}
