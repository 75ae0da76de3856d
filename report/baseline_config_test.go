package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// auditProfile audits the sandbox with p.
func (w *ixcWorld) auditProfile(p *profile.Profile) *steps.Report {
	w.t.Helper()
	tok, err := ixc.ParseToken(w.sim.DemoToken(), "")
	if err != nil {
		w.t.Fatal(err)
	}
	c, err := ixc.New(ixc.Options{BaseURL: w.url, Token: tok, Timeout: 5 * time.Second, MaxRetries: 1})
	if err != nil {
		w.t.Fatal(err)
	}
	return steps.Audit(context.Background(), c.Reader(), p, steps.Options{Now: func() time.Time { return nowTime }})
}

// rendered is one comparison in the three formats.
type rendered struct {
	text, textEN, md, mdEN string
	baseline               map[string]json.RawMessage // the JSON's "baseline" object
}

func renderDrift(t *testing.T, d *report.Drift, now *steps.Report) rendered {
	t.Helper()
	m := report.Meta{GeneratedAt: nowTime, Version: "1.2.3", Drift: d}
	var r rendered
	r.text = ansiRE.ReplaceAllString(report.TextWith(now, i18n.PT, 80, m), "")
	r.textEN = ansiRE.ReplaceAllString(report.TextWith(now, i18n.EN, 80, m), "")
	var md, mdEN, js bytes.Buffer
	if err := report.MarkdownWith(&md, now, i18n.PT, m); err != nil {
		t.Fatal(err)
	}
	if err := report.MarkdownWith(&mdEN, now, i18n.EN, m); err != nil {
		t.Fatal(err)
	}
	r.md, r.mdEN = md.String(), mdEN.String()
	if err := report.JSONWith(&js, now, i18n.PT, m); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Baseline map[string]json.RawMessage `json:"baseline"`
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	r.baseline = got.Baseline
	return r
}

// flat joins the words of s with single spaces.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// sinceHead is the text between the section's title and its "base:" line:
// where the configuration note goes.
func sinceHead(t *testing.T, txt, title, base string) string {
	t.Helper()
	i := strings.Index(txt, title+"\n")
	if i < 0 {
		t.Fatalf("no %q in\n%s", title, txt)
	}
	rest := txt[i+len(title)+1:]
	j := strings.Index(rest, base)
	if j < 0 {
		t.Fatalf("no %q after the title in\n%s", base, txt)
	}
	return rest[:j]
}

func compareWith(t *testing.T, file string, now *steps.Report, p *profile.Profile) *report.Drift {
	t.Helper()
	b, err := report.ReadBaseline(file)
	if err != nil {
		t.Fatal(err)
	}
	d, err := report.Compare(b, now)
	if err != nil {
		t.Fatal(err)
	}
	d.CompareConfig(p)
	return d
}

// The hand-off kept at delivery ran with LevEduca 310, Paramount+ 311,
// plans and the Hotsite; months later the profile links LevEduca 311 by
// contract and logs in by PPPoE. The drift report says so, first, in the
// three formats and both languages.
func TestDriftSaysTheConfigurationChanged(t *testing.T) {
	w := newIXCWorld(t)
	dir := t.TempDir()
	file := writeHandoffJSON(t, dir, "entrega.json", w.audit("hotsite"), w.profile("hotsite"), thenTime)
	w.change()
	p := w.profile("pppoe")
	p.Products = []profile.Product{{Offer: profile.OfferLevEduca, ID: "311"}}
	p.Link = profile.Link{Method: profile.LinkContract, Contracts: []string{"101", "102"}}
	now := w.auditProfile(p)
	d := compareWith(t, file, now, p)
	r := renderDrift(t, d, now)

	wantPT := "A configuração mudou desde a base: produto da oferta LevEduca 310 → 311; " +
		"produto da oferta Paramount+ 311 → nenhum; método de vínculo plano → contrato; " +
		"método de autenticação Hotsite → PPPoE. Parte das diferenças abaixo vem dessa mudança."
	if got := flat(sinceHead(t, r.text, "Desde a última auditoria (31/08/2026 09:30)", "  base: entrega.json")); got != wantPT {
		t.Errorf("text note =\n%s\nwant\n%s\n%s", got, wantPT, r.text)
	}
	wantEN := "The configuration changed since the baseline: LevEduca offer's product 310 → 311; " +
		"Paramount+ offer's product 311 → none; link method plan → contract; auth method Hotsite → PPPoE. " +
		"Some of the differences below come from that change."
	if got := flat(sinceHead(t, r.textEN, "Since the last audit (2026-08-31 09:30)", "  baseline: entrega.json")); got != wantEN {
		t.Errorf("English text note =\n%s\nwant\n%s", got, wantEN)
	}
	for _, line := range strings.Split(r.text, "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("line of %d columns: %q", n, line)
		}
	}
	if want := "## Desde a última auditoria (31/08/2026 09:30)\n\n**" + wantPT + "**\n\n_Base de comparação: entrega.json"; !strings.Contains(r.md, want) {
		t.Errorf("markdown lacks\n%s\nin\n%s", want, r.md)
	}
	if want := "## Since the last audit (2026-08-31 09:30)\n\n**" + wantEN + "**\n\n_Baseline: entrega.json"; !strings.Contains(r.mdEN, want) {
		t.Errorf("English markdown lacks\n%s\nin\n%s", want, r.mdEN)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, r.baseline["config_changes"]); err != nil {
		t.Fatalf("config_changes: %v in %v", err, r.baseline)
	}
	want := `[{"field":"product.leveduca","before":"310","after":"311"},` +
		`{"field":"product.paramount","before":"311","after":""},` +
		`{"field":"link.method","before":"plan","after":"contract"},` +
		`{"field":"auth.method","before":"hotsite","after":"pppoe"}]`
	if compact.String() != want {
		t.Errorf("config_changes =\n%s\nwant\n%s", compact.String(), want)
	}
	// The design's keys are all still there.
	for _, k := range []string{"generated_at", "new", "resolved", "summary_delta"} {
		if _, ok := r.baseline[k]; !ok {
			t.Errorf("baseline lost %q: %v", k, r.baseline)
		}
	}
}

// Same method, other plans listed: the lists are compared as sets (order
// does not matter), and shown before → after.
func TestDriftSaysThePlansChanged(t *testing.T) {
	w := newIXCWorld(t)
	dir := t.TempDir()
	file := writeHandoffJSON(t, dir, "entrega.json", w.audit("hotsite"), w.profile("hotsite"), thenTime)
	p := w.profile("hotsite")
	p.Link.Plans = []string{"14", "12"}
	if d := compareWith(t, file, w.auditProfile(p), p); len(d.Config) != 0 {
		t.Errorf("same plans in another order: %+v", d.Config)
	}
	p.Link.Plans = []string{"12"}
	now := w.auditProfile(p)
	r := renderDrift(t, compareWith(t, file, now, p), now)
	want := "A configuração mudou desde a base: planos listados 12, 14 → 12. Parte das diferenças abaixo vem dessa mudança."
	if got := flat(sinceHead(t, r.text, "Desde a última auditoria (31/08/2026 09:30)", "  base:")); got != want {
		t.Errorf("text note = %s", got)
	}
	if got := string(r.baseline["config_changes"]); flat(got) != `[ { "field": "link.plans", "before": "12, 14", "after": "12" } ]` {
		t.Errorf("config_changes = %s", got)
	}
}

// The same configuration: no note, no config_changes.
func TestDriftSameConfigurationSaysNothing(t *testing.T) {
	w := newIXCWorld(t)
	dir := t.TempDir()
	file := writeHandoffJSON(t, dir, "entrega.json", w.audit("hotsite"), w.profile("hotsite"), thenTime)
	w.change()
	p := w.profile("hotsite")
	now := w.auditProfile(p)
	d := compareWith(t, file, now, p)
	if len(d.Config) != 0 || d.ConfigNote(i18n.PT, 8) != "" {
		t.Errorf("config changes %+v", d.Config)
	}
	r := renderDrift(t, d, now)
	for _, s := range []string{r.text, r.textEN, r.md, r.mdEN} {
		if strings.Contains(s, "configuração mudou") || strings.Contains(s, "configuration changed") {
			t.Errorf("a note without a change:\n%s", s)
		}
	}
	if got := flat(sinceHead(t, r.text, "Desde a última auditoria (31/08/2026 09:30)", "  base:")); got != "" {
		t.Errorf("text under the title: %q", got)
	}
	if _, ok := r.baseline["config_changes"]; ok || !d.Changed() {
		t.Errorf("config_changes without a change, or no drift: %v", r.baseline)
	}
}

// Baselines that do not record the configuration still work: an audit
// JSON records only the token user; a hand-off of an earlier version
// without some keys compares only what it has. Nothing is invented.
func TestDriftOlderBaselines(t *testing.T) {
	w := newIXCWorld(t)
	dir := t.TempDir()
	then := w.audit("hotsite")
	auditFile := writeAuditJSON(t, dir, "auditoria.json", then, thenTime)
	p := w.profile("pppoe")
	p.Link.Plans = []string{"12"}
	now := w.auditProfile(p)

	d := compareWith(t, auditFile, now, p)
	r := renderDrift(t, d, now)
	if len(d.Config) != 0 || strings.Contains(r.text, "configuração mudou") || strings.Contains(r.md, "configuração mudou") {
		t.Errorf("an audit JSON records no method, yet: %+v\n%s", d.Config, r.text)
	}
	if _, ok := r.baseline["config_changes"]; ok {
		t.Errorf("config_changes from an audit JSON: %s", r.baseline["config_changes"])
	}

	// Its token user is recorded: another user is a change.
	data, err := os.ReadFile(auditFile)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "outro-usuario.json")
	if err := os.WriteFile(other, bytes.Replace(data, []byte(`"token_user": "1"`), []byte(`"token_user": "7"`), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	r = renderDrift(t, compareWith(t, other, now, p), now)
	if got := flat(sinceHead(t, r.text, "Desde a última auditoria (31/08/2026 09:30)", "  base:")); got !=
		"A configuração mudou desde a base: usuário do token 7 → 1. Parte das diferenças abaixo vem dessa mudança." {
		t.Errorf("token user note = %q", got)
	}

	// A hand-off without "link" and "auth" (and with a token_user of
	// another shape): only the products could be compared, and they match.
	var h map[string]any
	hb, err := os.ReadFile(writeHandoffJSON(t, dir, "entrega.json", then, w.profile("hotsite"), thenTime))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(hb, &h); err != nil {
		t.Fatal(err)
	}
	delete(h, "link")
	delete(h, "auth")
	h["audit"].(map[string]any)["ixc"].(map[string]any)["token_user"] = 7
	old, _ := json.Marshal(h)
	oldFile := filepath.Join(dir, "entrega-antiga.json")
	if err := os.WriteFile(oldFile, old, 0o600); err != nil {
		t.Fatal(err)
	}
	d = compareWith(t, oldFile, now, p)
	if len(d.Config) != 0 {
		t.Errorf("a hand-off without link and auth: %+v", d.Config)
	}
	if len(d.New)+len(d.Resolved) == 0 {
		t.Error("no comparison at all")
	}
}

// The baseline file is untrusted: what it says of its configuration is
// cleaned of control characters and bounded before it is shown.
func TestDriftHostileConfiguration(t *testing.T) {
	w := newIXCWorld(t)
	dir := t.TempDir()
	then := w.audit("hotsite")
	hb, err := os.ReadFile(writeHandoffJSON(t, dir, "entrega.json", then, w.profile("hotsite"), thenTime))
	if err != nil {
		t.Fatal(err)
	}
	var h map[string]any
	if err := json.Unmarshal(hb, &h); err != nil {
		t.Fatal(err)
	}
	evil := "hot\x1b]52;c;Y3VybA==\x07\x1b[2J\u009b2J\rsite" + strings.Repeat("x", 5000)
	plans := []any{}
	for i := range 3000 {
		plans = append(plans, strconv.Itoa(i)+evil)
	}
	h["auth"] = map[string]any{"method": evil}
	h["link"] = map[string]any{"method": "plan", "plans": plans, "contracts": "not a list"}
	h["products"] = []any{map[string]any{"offer": "leveduca", "id": evil}, map[string]any{"offer": "paramount", "id": "311"}}
	h["integration_method"] = []any{"not", "a", "string"}
	data, _ := json.Marshal(h)
	file := filepath.Join(dir, "hostil.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	p := w.profile("hotsite")
	now := w.auditProfile(p)
	d := compareWith(t, file, now, p)
	if len(d.Config) != 3 {
		t.Errorf("changes = %d, want product, plans and auth", len(d.Config))
	}
	r := renderDrift(t, d, now)
	for name, s := range map[string]string{"text": r.text, "markdown": r.md, "json": string(r.baseline["config_changes"])} {
		if strings.ContainsAny(s, "\x1b\x07\r\u009b") || strings.Contains(s, `\u001b`) || strings.Contains(s, `\u0007`) {
			t.Errorf("%s carries a control character: %q", name, s)
		}
		if strings.Contains(s, strings.Repeat("x", 100)) {
			t.Errorf("%s shows an unbounded value", name)
		}
	}
	head := sinceHead(t, r.text, "Desde a última auditoria (31/08/2026 09:30)", "  base:")
	if n := len(head); n > 2000 || !strings.Contains(flat(head), "… (+2.992)") {
		t.Errorf("text note of %d bytes:\n%s", n, head)
	}
	var changes []struct{ Field, Before, After string }
	if err := json.Unmarshal(r.baseline["config_changes"], &changes); err != nil || len(changes) != 3 || len(changes[1].Before) > 3000 {
		t.Errorf("config_changes: %v %+v", err, changes)
	}
}
