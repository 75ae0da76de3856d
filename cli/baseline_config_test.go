package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// writeProfileWith writes the world's profile with the given link and
// auth sections.
func (w *baselineWorld) writeProfileWith(link, auth string) {
	w.t.Helper()
	body := "[ixc]\nurl = \"" + w.url + "\"\n\n[[product]]\noffer = \"leveduca\"\nid = \"310\"\n\n" +
		"[link]\n" + link + "\n\n[auth]\nmethod = \"" + auth + "\"\n"
	if err := os.WriteFile(w.profile, []byte(body), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// handoff audits the sandbox with the profile file as it is now and keeps
// the hand-off JSON the wizard would write, made at.
func (w *baselineWorld) handoff(path string, at time.Time) {
	w.t.Helper()
	p, err := profile.Load(w.profile)
	if err != nil {
		w.t.Fatal(err)
	}
	tok, _ := ixc.ParseToken(w.sim.DemoToken(), "")
	client, err := ixc.New(ixc.Options{BaseURL: w.url, Token: tok})
	if err != nil {
		w.t.Fatal(err)
	}
	rep := steps.Audit(w.t.Context(), client.Reader(), p, steps.Options{})
	var hb bytes.Buffer
	if err := report.HandoffJSON(&hb, report.Handoff{Report: rep, Profile: p, GeneratedAt: at}); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(path, hb.Bytes(), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

type configChangeJSON struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Months after the hand-off (plans, Hotsite), the technician moved the
// product to contracts and the login to PPPoE: audit --baseline says the
// configuration changed, above the records it made new and resolved, in
// the three formats. An audit JSON records no method: compared with one,
// the same change says nothing, and the comparison still works.
func TestAuditBaselineConfigChanged(t *testing.T) {
	w := newBaselineWorld(t)
	dir := t.TempDir()
	handoff := filepath.Join(dir, "ixc-leveduca-entrega.json")
	w.handoff(handoff, time.Now().Add(-90*24*time.Hour))
	auditThen := filepath.Join(dir, "perfil-auditoria-2026-09-01.json")
	if code, _, errOut := w.audit("--format", "json", "--out", auditThen); code != ExitFindings {
		t.Fatalf("first audit: exit %d, %s", code, errOut)
	}

	w.writeProfileWith("method = \"contract\"\ncontracts = [\"101\", \"102\"]", "pppoe")

	code, out, errOut := w.audit("--baseline", handoff)
	if code != ExitFindings {
		t.Fatalf("exit %d, %s", code, errOut)
	}
	if !strings.Contains(flatText(out), "Desde a última auditoria (") ||
		!strings.Contains(flatText(out), ") A configuração mudou desde a base: método de vínculo plano → contrato; "+
			"método de autenticação Hotsite → PPPoE. Parte das diferenças abaixo vem dessa mudança. "+
			"base: ixc-leveduca-entrega.json (relatório de entrega)") {
		t.Errorf("text:\n%s", out)
	}
	code, out, _ = w.audit("--baseline", handoff, "--format", "markdown", "--lang", "en")
	if code != ExitFindings || !strings.Contains(out, ")\n\n**The configuration changed since the baseline: link method plan → contract; "+
		"auth method Hotsite → PPPoE. Some of the differences below come from that change.**\n\n_Baseline: ixc-leveduca-entrega.json (hand-off)_") {
		t.Errorf("markdown: exit %d\n%s", code, out)
	}
	code, out, _ = w.audit("--baseline", handoff, "--format", "json")
	var got struct {
		Baseline struct {
			New           []json.RawMessage  `json:"new"`
			ConfigChanges []configChangeJSON `json:"config_changes"`
		} `json:"baseline"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := []configChangeJSON{{"link.method", "plan", "contract"}, {"auth.method", "hotsite", "pppoe"}}
	if code != ExitFindings || len(got.Baseline.New) == 0 || !slices.Equal(got.Baseline.ConfigChanges, want) {
		t.Errorf("json: exit %d, config_changes %+v", code, got.Baseline.ConfigChanges)
	}

	t.Run("audit JSON baseline: not recorded, not compared", func(t *testing.T) {
		code, out, errOut := w.audit("--baseline", auditThen, "--format", "json")
		if code != ExitFindings || strings.Contains(out, "config_changes") || !strings.Contains(out, `"resolved"`) {
			t.Errorf("exit %d, %s\n%s", code, errOut, out)
		}
		code, out, _ = w.audit("--baseline", auditThen)
		if code != ExitFindings || strings.Contains(out, "configuração mudou") || !strings.Contains(out, "Desde a última auditoria (") {
			t.Errorf("text: exit %d\n%s", code, out)
		}
	})

	t.Run("same configuration: no note", func(t *testing.T) {
		w.writeProfile("hotsite")
		code, out, _ := w.audit("--baseline", handoff, "--format", "markdown")
		if code != ExitFindings || strings.Contains(out, "configuração mudou") || !strings.Contains(out, "## Desde a última auditoria (") {
			t.Errorf("exit %d\n%s", code, out)
		}
		_, out, _ = w.audit("--baseline", handoff, "--format", "json")
		if strings.Contains(out, "config_changes") {
			t.Errorf("config_changes without a change:\n%s", out)
		}
	})
}

func flatText(s string) string { return strings.Join(strings.Fields(s), " ") }
