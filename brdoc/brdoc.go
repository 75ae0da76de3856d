// Package brdoc validates and formats Brazilian taxpayer documents: the CPF
// (individuals, 11 digits) and the CNPJ (companies, 14 characters), including
// the alphanumeric CNPJ of IN RFB 2.229/2024 (12 characters [0-9A-Z] followed
// by 2 numeric check digits).
//
// Documents are normalized by removing the mask characters '.', '/', '-' and
// all whitespace and by upper-casing ASCII letters. Letters are never dropped:
// an alphanumeric CNPJ must survive normalization intact.
package brdoc

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"

	"github.com/ixc-leveduca/ixc-leveduca/recid"
)

// Lengths of normalized documents.
const (
	CPFLen  = 11
	CNPJLen = 14
)

// Normalize removes '.', '/', '-' and all whitespace (including NBSP and
// other Unicode spaces) and upper-cases ASCII letters. It never drops
// letters or any other character: those are reported by Check.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '.' || r == '/' || r == '-':
		case unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff':
			// U+200B (zero width space) and U+FEFF (BOM) are not
			// White_Space in Unicode but show up in pasted text.
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Kind is the kind of a document, decided by its normalized length.
type Kind int

// The document kinds.
const (
	KindNone Kind = iota
	KindCPF
	KindCNPJ
)

// String returns "CPF", "CNPJ" or "".
func (k Kind) String() string {
	switch k {
	case KindCPF:
		return "CPF"
	case KindCNPJ:
		return "CNPJ"
	}
	return ""
}

// Problem is what is wrong with a document.
type Problem int

// The problems Check reports, in the order they are checked.
const (
	ProblemNone        Problem = iota
	ProblemEmpty               // nothing left after normalizing
	ProblemLength              // not 11 (CPF) or 14 (CNPJ) characters after normalizing
	ProblemCharacters          // CPF: not all digits; CNPJ: not 12 of [0-9A-Z] + 2 digits
	ProblemRepeated            // one character repeated over the whole document
	ProblemCheckDigits         // the check digits (DV) do not match
)

// String returns a short English identifier ("", "empty", "length",
// "characters", "repeated", "check-digits").
func (p Problem) String() string {
	switch p {
	case ProblemNone:
		return ""
	case ProblemEmpty:
		return "empty"
	case ProblemLength:
		return "length"
	case ProblemCharacters:
		return "characters"
	case ProblemRepeated:
		return "repeated"
	case ProblemCheckDigits:
		return "check-digits"
	}
	return "unknown"
}

// Text describes the problem for a user, in both languages. It is empty for
// ProblemNone.
func (p Problem) Text() i18n.Text {
	switch p {
	case ProblemNone:
		return i18n.Text{}
	case ProblemEmpty:
		return i18n.T("CPF/CNPJ vazio", "empty CPF/CNPJ")
	case ProblemLength:
		return i18n.T("CPF/CNPJ com tamanho inválido (o CPF tem 11 dígitos e o CNPJ 14 caracteres)",
			"CPF/CNPJ has an invalid length (a CPF has 11 digits, a CNPJ 14 characters)")
	case ProblemCharacters:
		return i18n.T("CPF/CNPJ com caracteres inválidos (o CPF só tem dígitos; o CNPJ tem 12 letras maiúsculas ou dígitos e 2 dígitos verificadores)",
			"CPF/CNPJ has invalid characters (a CPF is digits only; a CNPJ is 12 upper-case letters or digits plus 2 check digits)")
	case ProblemRepeated:
		return i18n.T("CPF/CNPJ com todos os caracteres iguais", "CPF/CNPJ with every character the same")
	case ProblemCheckDigits:
		return i18n.T("CPF/CNPJ com dígitos verificadores errados", "CPF/CNPJ with wrong check digits")
	}
	return i18n.T("problema desconhecido", "unknown problem")
}

// Check classifies a document as typed, formatted or not. The Kind is set
// by the normalized length (11 → CPF, 14 → CNPJ) even when a problem exists;
// the Problem is ProblemNone for a valid document.
func Check(s string) (Kind, Problem) {
	n := Normalize(s)
	if n == "" {
		return KindNone, ProblemEmpty
	}
	var kind Kind
	switch utf8.RuneCountInString(n) {
	case CPFLen:
		kind = KindCPF
	case CNPJLen:
		kind = KindCNPJ
	default:
		return KindNone, ProblemLength
	}
	// From here on the length in runes is 11 or 14; any non-ASCII rune
	// makes the byte length differ or fails the character checks below.
	if len(n) != utf8.RuneCountInString(n) {
		return kind, ProblemCharacters
	}
	switch kind {
	case KindCPF:
		if !recid.Digits(n) {
			return kind, ProblemCharacters
		}
	case KindCNPJ:
		if !allAlnum(n[:12]) || !recid.Digits(n[12:]) {
			return kind, ProblemCharacters
		}
	}
	if strings.Count(n, n[:1]) == len(n) {
		return kind, ProblemRepeated
	}
	var dv string
	if kind == KindCPF {
		dv = cpfDV(n[:9])
	} else {
		dv = cnpjDV(n[:12])
	}
	if dv != n[len(n)-2:] {
		return kind, ProblemCheckDigits
	}
	return kind, ProblemNone
}

// Valid reports whether s is a valid CPF or CNPJ (formatted or not).
func Valid(s string) bool {
	_, p := Check(s)
	return p == ProblemNone
}

// ValidCPF reports whether s is a valid CPF (formatted or not).
func ValidCPF(s string) bool {
	k, p := Check(s)
	return k == KindCPF && p == ProblemNone
}

// ValidCNPJ reports whether s is a valid CNPJ, numeric or alphanumeric
// (formatted or not).
func ValidCNPJ(s string) bool {
	k, p := Check(s)
	return k == KindCNPJ && p == ProblemNone
}

// CPFCheckDigits returns the two check digits of a 9-digit CPF body.
func CPFCheckDigits(body9 string) (string, error) {
	if len(body9) != 9 || !recid.Digits(body9) {
		return "", i18n.Errorf("corpo de CPF inválido %q: são necessários 9 dígitos",
			"invalid CPF body %q: 9 digits are required", body9)
	}
	return cpfDV(body9), nil
}

// CNPJCheckDigits returns the two check digits of a 12-character CNPJ body
// of [0-9A-Z]; each character is worth its ASCII code minus 48.
func CNPJCheckDigits(body12 string) (string, error) {
	if len(body12) != 12 || !allAlnum(body12) {
		return "", i18n.Errorf("corpo de CNPJ inválido %q: são necessários 12 caracteres entre 0-9 e A-Z",
			"invalid CNPJ body %q: 12 characters of 0-9 and A-Z are required", body12)
	}
	return cnpjDV(body12), nil
}

// FormatCPF returns "000.000.000-00" for an 11-character normalized
// document; anything else is returned unchanged.
func FormatCPF(s string) string {
	if len(s) != CPFLen || !isPlain(s) {
		return s
	}
	return s[0:3] + "." + s[3:6] + "." + s[6:9] + "-" + s[9:11]
}

// FormatCNPJ returns "00.000.000/0000-00" for a 14-character normalized
// document (letters are kept); anything else is returned unchanged.
func FormatCNPJ(s string) string {
	if len(s) != CNPJLen || !isPlain(s) {
		return s
	}
	return s[0:2] + "." + s[2:5] + "." + s[5:8] + "/" + s[8:12] + "-" + s[12:14]
}

// Format formats a document by its kind after normalizing it; a document of
// neither length is returned normalized.
func Format(s string) string {
	n := Normalize(s)
	switch len(n) {
	case CPFLen:
		return FormatCPF(n)
	case CNPJLen:
		return FormatCNPJ(n)
	}
	return n
}

// isPlain reports whether s is ASCII without mask characters or spaces,
// i.e. already normalized enough to be masked safely.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c == '.' || c == '/' || c == '-' || c <= ' ' {
			return false
		}
	}
	return true
}

func allAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// mod11 turns a weighted sum into a check digit: remainder < 2 → 0,
// otherwise 11 − remainder.
func mod11(sum int) byte {
	r := sum % 11
	if r < 2 {
		return '0'
	}
	return byte('0' + 11 - r)
}

// cpfDV computes the check digits of a 9-digit body (validated by caller).
func cpfDV(body string) string {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(body[i]-'0') * (10 - i)
	}
	d1 := mod11(sum)
	sum = 0
	for i := 0; i < 9; i++ {
		sum += int(body[i]-'0') * (11 - i)
	}
	sum += int(d1-'0') * 2
	d2 := mod11(sum)
	return string([]byte{d1, d2})
}

var (
	cnpjW1 = [12]int{5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
	cnpjW2 = [13]int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
)

// cnpjDV computes the check digits of a 12-character [0-9A-Z] body
// (validated by caller); each character is worth its ASCII code − 48.
func cnpjDV(body string) string {
	sum := 0
	for i := 0; i < 12; i++ {
		sum += int(body[i]-'0') * cnpjW1[i]
	}
	d1 := mod11(sum)
	sum = 0
	for i := 0; i < 12; i++ {
		sum += int(body[i]-'0') * cnpjW2[i]
	}
	sum += int(d1-'0') * cnpjW2[12]
	d2 := mod11(sum)
	return string([]byte{d1, d2})
}
