package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// hostileText is what a hostile IXC can put in a product name or an error
// message: OSC 52, clear screen, OSC 8, conceal, C1 CSI, CR, BEL.
const hostileText = "LevEduca\x1b]52;c;Y3VybA==\x07\x1b[2J\x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\\x1b[8mhidden\u009b2J\rOVER\x07"

func hostileReport() *steps.Report {
	t := i18n.T(hostileText, hostileText)
	return &steps.Report{
		URL: "https://ixc.example.com/webservice/v1\x1b[2J", TokenUser: "42\r",
		Steps: []steps.StepResult{
			{Step: "token", Status: steps.StatusError, Findings: []steps.Finding{{
				Code: "TABLE_DENIED", Severity: steps.Error, Message: t, Hint: t,
				Records: []steps.RecordRef{{Table: "produtos", ID: "3\x1b[2J10"}}}}},
			{Step: "auth", Status: steps.StatusSkipped, Findings: []steps.Finding{}, Why: t},
		},
	}
}

// controlIn returns the first forbidden rune of out: ESC, BEL, CR, any
// other C0 but \n and \t, DEL, C1 or an invalid byte.
func controlIn(out string) (rune, bool) {
	for i := 0; i < len(out); {
		r, n := utf8.DecodeRuneInString(out[i:])
		if r == utf8.RuneError && n == 1 {
			return rune(out[i]), true
		}
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f {
			return r, true
		}
		i += n
	}
	return 0, false
}

func TestReportsCleanHostileText(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.PT, i18n.EN} {
		var md bytes.Buffer
		if err := Markdown(&md, hostileReport(), lang); err != nil {
			t.Fatal(err)
		}
		if r, bad := controlIn(md.String()); bad {
			t.Errorf("markdown (%s) has %U:\n%q", lang, r, md.String())
		}
		if !strings.Contains(md.String(), "LevEduca") || !strings.Contains(md.String(), "OVER") {
			t.Errorf("markdown lost the text: %q", md.String())
		}
		// The text report's own styles are ANSI; strip only those (SGR
		// "ESC [ … m" made by lipgloss), then nothing may remain.
		txt := stripSGR(Text(hostileReport(), lang, 80))
		if r, bad := controlIn(txt); bad {
			t.Errorf("text (%s) has %U:\n%q", lang, r, txt)
		}
		if !strings.Contains(txt, "LevEduca") {
			t.Errorf("text lost the text: %q", txt)
		}
		var js bytes.Buffer
		if err := JSON(&js, hostileReport(), lang); err != nil {
			t.Fatal(err)
		}
		// JSON stays faithful: the escape is there, escaped by JSON.
		if !strings.Contains(js.String(), `\u001b]52;c;`) {
			t.Errorf("JSON is not faithful: %s", js.String())
		}
		if r, bad := controlIn(js.String()); bad {
			t.Errorf("JSON has a raw %U", r)
		}
	}
}

// stripSGR removes the SGR sequences lipgloss writes (ESC [ digits ; m)
// and nothing else.
func stripSGR(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
				j++
			}
			if j < len(s) && s[j] == 'm' {
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func TestHandoffCleansHostileText(t *testing.T) {
	rep := hostileReport()
	p := &profile.Profile{Products: []profile.Product{{Offer: "leveduca", ID: "310", Name: hostileText}}}
	h := Handoff{Report: rep, Profile: p}
	for _, lang := range []i18n.Lang{i18n.PT, i18n.EN} {
		var md, js bytes.Buffer
		if err := HandoffMarkdown(&md, h, lang); err != nil {
			t.Fatal(err)
		}
		if r, bad := controlIn(md.String()); bad {
			t.Errorf("hand-off markdown (%s) has %U:\n%q", lang, r, md.String())
		}
		if !strings.Contains(md.String(), "LevEduca") {
			t.Errorf("hand-off lost the text: %q", md.String())
		}
		if err := HandoffJSON(&js, h); err != nil {
			t.Fatal(err)
		}
		if r, bad := controlIn(js.String()); bad {
			t.Errorf("hand-off JSON has a raw %U", r)
		}
	}
}
