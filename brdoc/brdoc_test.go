package brdoc

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		in   string
		kind Kind
		prob Problem
	}{
		// Valid CPFs.
		{"529.982.247-25", KindCPF, ProblemNone},
		{"52998224725", KindCPF, ProblemNone},
		{"111.444.777-35", KindCPF, ProblemNone},
		{"123.456.789-09", KindCPF, ProblemNone},
		{" 123 456 789 09 ", KindCPF, ProblemNone},
		{"123\u00a0456\u00a0789-09", KindCPF, ProblemNone}, // NBSP
		{"123.456.789-09\t\n", KindCPF, ProblemNone},
		// Valid numeric CNPJs.
		{"11.222.333/0001-81", KindCNPJ, ProblemNone},
		{"11222333000181", KindCNPJ, ProblemNone},
		{"00.000.000/0001-91", KindCNPJ, ProblemNone},
		// Official alphanumeric example (IN RFB 2.229/2024).
		{"12.ABC.345/01DE-35", KindCNPJ, ProblemNone},
		{"12ABC34501DE35", KindCNPJ, ProblemNone},
		{"12.abc.345/01de-35", KindCNPJ, ProblemNone}, // lower case is normalized
		// Empty.
		{"", KindNone, ProblemEmpty},
		{" .-/ \u00a0", KindNone, ProblemEmpty},
		// Wrong lengths.
		{"529.982.247-2", KindNone, ProblemLength},
		{"529.982.247-250", KindNone, ProblemLength},
		{"11.222.333/0001-8", KindNone, ProblemLength},
		{"11.222.333/0001-810", KindNone, ProblemLength},
		{"1", KindNone, ProblemLength},
		// Bad characters: kind is still set by length.
		{"529.982.247-2A", KindCPF, ProblemCharacters},
		{"A29.982.247-25", KindCPF, ProblemCharacters},
		{"529,982,247,25", KindCNPJ, ProblemCharacters}, // commas are not mask characters
		{"529_982_247_2", KindNone, ProblemLength},
		{"5299822472_", KindCPF, ProblemCharacters},
		{"12.ABC.345/01DE-3A", KindCNPJ, ProblemCharacters}, // DV must be numeric
		{"12.ABÇ.345/01DE-35", KindCNPJ, ProblemCharacters},
		{"12.AB*.345/01DE-35", KindCNPJ, ProblemCharacters},
		{"5299822472é", KindCPF, ProblemCharacters},
		// All-equal sequences pass the arithmetic but are invalid.
		{"000.000.000-00", KindCPF, ProblemRepeated},
		{"111.111.111-11", KindCPF, ProblemRepeated},
		{"999.999.999-99", KindCPF, ProblemRepeated},
		{"00.000.000/0000-00", KindCNPJ, ProblemRepeated},
		{"11.111.111/1111-11", KindCNPJ, ProblemRepeated},
		// Wrong check digits.
		{"529.982.247-24", KindCPF, ProblemCheckDigits},
		{"529.982.247-52", KindCPF, ProblemCheckDigits},
		{"123.456.789-00", KindCPF, ProblemCheckDigits},
		{"11.222.333/0001-80", KindCNPJ, ProblemCheckDigits},
		{"11.222.333/0001-18", KindCNPJ, ProblemCheckDigits},
		{"12.ABC.345/01DE-53", KindCNPJ, ProblemCheckDigits},
		{"12.ABD.345/01DE-35", KindCNPJ, ProblemCheckDigits},
	}
	for _, tt := range tests {
		k, p := Check(tt.in)
		if k != tt.kind || p != tt.prob {
			t.Errorf("Check(%q) = (%v, %v), want (%v, %v)", tt.in, k, p, tt.kind, tt.prob)
		}
		if got, want := Valid(tt.in), tt.prob == ProblemNone; got != want {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, got, want)
		}
		if got, want := ValidCPF(tt.in), tt.prob == ProblemNone && tt.kind == KindCPF; got != want {
			t.Errorf("ValidCPF(%q) = %v, want %v", tt.in, got, want)
		}
		if got, want := ValidCNPJ(tt.in), tt.prob == ProblemNone && tt.kind == KindCNPJ; got != want {
			t.Errorf("ValidCNPJ(%q) = %v, want %v", tt.in, got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"529.982.247-25", "52998224725"},
		{"12.abc.345/01de-35", "12ABC34501DE35"},
		{"  12 ABC\u00a0345\u2007/01DE-35\r\n", "12ABC34501DE35"},
		{"\u200b11.222.333/0001-81\ufeff", "11222333000181"},
		{"abc", "ABC"},
		{"ção", "çãO"}, // non-ASCII letters are kept as they are, never dropped
		{"1,2_3", "1,2_3"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckDigits(t *testing.T) {
	cpf := []struct{ body, dv string }{
		{"529982247", "25"},
		{"111444777", "35"},
		{"123456789", "09"},
	}
	for _, tt := range cpf {
		got, err := CPFCheckDigits(tt.body)
		if err != nil || got != tt.dv {
			t.Errorf("CPFCheckDigits(%q) = %q, %v; want %q", tt.body, got, err, tt.dv)
		}
	}
	cnpj := []struct{ body, dv string }{
		{"112223330001", "81"},
		{"000000000001", "91"},
		{"12ABC34501DE", "35"},
	}
	for _, tt := range cnpj {
		got, err := CNPJCheckDigits(tt.body)
		if err != nil || got != tt.dv {
			t.Errorf("CNPJCheckDigits(%q) = %q, %v; want %q", tt.body, got, err, tt.dv)
		}
	}
	for _, bad := range []string{"", "52998224", "5299822470", "52998224A", "529.982.24"} {
		if got, err := CPFCheckDigits(bad); err == nil {
			t.Errorf("CPFCheckDigits(%q) = %q, want an error", bad, got)
		}
	}
	for _, bad := range []string{"", "12ABC34501D", "12ABC34501DEF", "12abc34501de", "12.ABC.345/0"} {
		if got, err := CNPJCheckDigits(bad); err == nil {
			t.Errorf("CNPJCheckDigits(%q) = %q, want an error", bad, got)
		}
	}
}

// Every generated body with its computed check digits must validate, and
// changing any single check digit must break it.
func TestCheckDigitsRoundTrip(t *testing.T) {
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	for i := 0; i < 500; i++ {
		var b strings.Builder
		for j := 0; j < 12; j++ {
			b.WriteByte(alnum[(i*7+j*13+i*j)%len(alnum)])
		}
		body := b.String()
		dv, err := CNPJCheckDigits(body)
		if err != nil {
			t.Fatal(err)
		}
		doc := body + dv
		k, p := Check(doc)
		if k != KindCNPJ || (p != ProblemNone && p != ProblemRepeated) {
			t.Fatalf("Check(%q) = %v, %v", doc, k, p)
		}
		wrong := body + string('0'+(dv[0]-'0'+1)%10) + dv[1:]
		if _, p := Check(wrong); p != ProblemCheckDigits {
			t.Fatalf("Check(%q) = %v, want check-digits", wrong, p)
		}
		cpfBody := strings.Map(func(r rune) rune { return '0' + r%10 }, body[:9])
		cdv, err := CPFCheckDigits(cpfBody)
		if err != nil {
			t.Fatal(err)
		}
		if _, p := Check(cpfBody + cdv); p != ProblemNone && p != ProblemRepeated {
			t.Fatalf("Check(%q) = %v", cpfBody+cdv, p)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		f       func(string) string
		in, out string
	}{
		{FormatCPF, "52998224725", "529.982.247-25"},
		{FormatCPF, "5299822472", "5299822472"},
		{FormatCPF, "529.982.247-25", "529.982.247-25"},
		{FormatCPF, "52998224725é", "52998224725é"},
		{FormatCPF, "5299822472é", "5299822472é"},
		{FormatCNPJ, "11222333000181", "11.222.333/0001-81"},
		{FormatCNPJ, "12ABC34501DE35", "12.ABC.345/01DE-35"},
		{FormatCNPJ, "12ABC34501DE3", "12ABC34501DE3"},
		{FormatCNPJ, "11.222.333/0001-81", "11.222.333/0001-81"},
		{Format, "529 982 247 25", "529.982.247-25"},
		{Format, "12abc34501de35", "12.ABC.345/01DE-35"},
		{Format, "123", "123"},
	}
	for i, tt := range tests {
		if got := tt.f(tt.in); got != tt.out {
			t.Errorf("#%d: format(%q) = %q, want %q", i, tt.in, got, tt.out)
		}
	}
}

func TestStrings(t *testing.T) {
	if KindCPF.String() != "CPF" || KindCNPJ.String() != "CNPJ" || KindNone.String() != "" {
		t.Errorf("Kind.String: %q %q %q", KindCPF, KindCNPJ, KindNone)
	}
	if !ProblemNone.Text().IsZero() {
		t.Error("ProblemNone.Text() not empty")
	}
	seen := map[string]bool{}
	for p := ProblemEmpty; p <= ProblemCheckDigits; p++ {
		txt := p.Text()
		if txt.PT == "" || txt.EN == "" || txt.PT == txt.EN || seen[txt.EN] {
			t.Errorf("Problem(%d).Text() = %+v", p, txt)
		}
		seen[txt.EN] = true
		if p.String() == "" || p.String() == "unknown" {
			t.Errorf("Problem(%d).String() = %q", p, p.String())
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"529.982.247-25", "111.444.777-35", "123.456.789-09", "11.222.333/0001-81",
		"00.000.000/0001-91", "12.ABC.345/01DE-35", "12.abc.345/01de-35", "000.000.000-00",
		"", " ", "\u00a0", "ção", "\xff\xfe", "52998224725é",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, p := Check(s)
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("Normalize not idempotent: %q → %q → %q", s, n, Normalize(n))
		}
		if p == ProblemEmpty && n != "" || p != ProblemEmpty && n == "" {
			t.Fatalf("Check(%q) = %v but Normalize = %q", s, p, n)
		}
		switch utf8.RuneCountInString(n) {
		case CPFLen:
			if k != KindCPF {
				t.Fatalf("Check(%q) kind %v for 11 runes", s, k)
			}
		case CNPJLen:
			if k != KindCNPJ {
				t.Fatalf("Check(%q) kind %v for 14 runes", s, k)
			}
		default:
			if k != KindNone {
				t.Fatalf("Check(%q) kind %v for %q", s, k, n)
			}
		}
		if !Valid(s) {
			return
		}
		if p != ProblemNone {
			t.Fatalf("Valid(%q) but problem %v", s, p)
		}
		if len(n) != CPFLen && len(n) != CNPJLen {
			t.Fatalf("Valid(%q) but Normalize = %q (len %d)", s, n, len(n))
		}
		var formatted string
		if k == KindCPF {
			formatted = FormatCPF(n)
			if !ValidCPF(formatted) || len(formatted) != 14 {
				t.Fatalf("FormatCPF(%q) = %q does not re-validate", n, formatted)
			}
		} else {
			formatted = FormatCNPJ(n)
			if !ValidCNPJ(formatted) || len(formatted) != 18 {
				t.Fatalf("FormatCNPJ(%q) = %q does not re-validate", n, formatted)
			}
		}
		if Normalize(formatted) != n {
			t.Fatalf("Normalize(Format(%q)) = %q", n, Normalize(formatted))
		}
		var dv string
		var err error
		if k == KindCPF {
			dv, err = CPFCheckDigits(n[:9])
		} else {
			dv, err = CNPJCheckDigits(n[:12])
		}
		if err != nil || dv != n[len(n)-2:] {
			t.Fatalf("check digits of valid %q: %q, %v", n, dv, err)
		}
	})
}
