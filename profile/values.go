package profile

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// MaxPrice is the largest price accepted, in reais: anything above is
// taken for a typing mistake.
const MaxPrice = 100000

// ParsePrice reads a price in reais as a technician types it and returns
// the canonical IXC decimal with exactly two decimals and a dot ("9.90").
//
// Accepted: "9,90", "9.90", "29", "0,5", "R$ 29,90", "1.234,56" (Brazilian
// thousands separator), "1.234.567,00". Rejected: empty, negative, letters,
// more than two decimals, a missing integer part (",5"), values above
// MaxPrice, and the ambiguous "1,234.56" and "1.234" (is the dot a
// thousands separator or a decimal point?).
func ParsePrice(s string) (string, error) {
	orig := s
	s = strings.TrimFunc(s, unicode.IsSpace)
	if len(s) >= 2 && strings.EqualFold(s[:2], "R$") {
		s = strings.TrimLeftFunc(s[2:], unicode.IsSpace)
	}
	if s == "" {
		return "", i18n.Errorf("preço vazio; escreva o valor em reais, por exemplo \"9,90\"",
			"empty price; write the value in reais, for example \"9,90\"")
	}
	if s[0] == '-' {
		return "", i18n.Errorf("preço %s negativo; use um valor positivo como \"9,90\"",
			"negative price %s; use a positive value such as \"9,90\"", show(orig))
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != ',' && r != '.' {
			return "", i18n.Errorf("preço %s inválido: use só dígitos e a vírgula decimal, por exemplo \"29,90\"",
				"invalid price %s: use digits and a decimal comma only, for example \"29,90\"", show(orig))
		}
	}
	commas, dots := strings.Count(s, ","), strings.Count(s, ".")
	var intPart, frac string
	switch {
	case commas > 1:
		return "", i18n.Errorf("preço %s ambíguo: mais de uma vírgula; escreva por exemplo \"1234,56\"",
			"ambiguous price %s: more than one comma; write for example \"1234,56\"", show(orig))
	case commas == 1 && dots > 0 && strings.LastIndex(s, ".") > strings.Index(s, ","):
		return "", i18n.Errorf("preço %s ambíguo: use a vírgula como separador decimal e o ponto só para milhares, por exemplo \"1.234,56\" ou \"1234,56\"",
			"ambiguous price %s: use the comma as the decimal separator and the dot only for thousands, for example \"1.234,56\" or \"1234,56\"", show(orig))
	case commas == 1:
		i := strings.Index(s, ",")
		intPart, frac = s[:i], s[i+1:]
		if dots > 0 && !thousands(intPart) {
			return "", i18n.Errorf("preço %s inválido: o ponto separa milhares em grupos de 3 dígitos, por exemplo \"1.234,56\"",
				"invalid price %s: the dot separates thousands in groups of 3 digits, for example \"1.234,56\"", show(orig))
		}
		intPart = strings.ReplaceAll(intPart, ".", "")
	case dots > 1:
		if !thousands(s) {
			return "", i18n.Errorf("preço %s inválido: mais de um ponto decimal",
				"invalid price %s: more than one decimal point", show(orig))
		}
		intPart = strings.ReplaceAll(s, ".", "")
	case dots == 1:
		i := strings.Index(s, ".")
		intPart, frac = s[:i], s[i+1:]
		if len(frac) == 3 {
			return "", i18n.Errorf("preço %s ambíguo: o ponto é separador de milhares ou decimal? Escreva \"%s\" ou \"%s,%s\"",
				"ambiguous price %s: is the dot a thousands separator or a decimal point? Write \"%s\" or \"%s,%s\"",
				show(orig), intPart+frac, intPart, frac)
		}
	default:
		intPart = s
	}
	if commas+dots > 0 && frac == "" && intPart != "" && (strings.HasSuffix(s, ",") || strings.HasSuffix(s, ".")) {
		return "", i18n.Errorf("preço %s incompleto: faltam os centavos depois do separador, por exemplo \"29,90\" ou \"29\"",
			"incomplete price %s: the cents are missing after the separator, for example \"29,90\" or \"29\"", show(orig))
	}
	if intPart == "" {
		return "", i18n.Errorf("preço %s inválido: falta a parte inteira, por exemplo \"0,50\"",
			"invalid price %s: the integer part is missing, for example \"0,50\"", show(orig))
	}
	if len(frac) > 2 {
		return "", i18n.Errorf("preço %s com mais de 2 casas decimais; arredonde para centavos, por exemplo \"9,90\"",
			"price %s has more than 2 decimals; round it to cents, for example \"9,90\"", show(orig))
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	if len(intPart) > 6 || (len(intPart) == 6 && (intPart > "100000" || strings.Trim(frac, "0") != "")) {
		return "", i18n.Errorf("preço %s absurdo: o máximo é R$ 100.000,00",
			"price %s is absurd: the maximum is R$ 100,000.00", show(orig))
	}
	for len(frac) < 2 {
		frac += "0"
	}
	return intPart + "." + frac, nil
}

// thousands reports whether s is digits grouped by dots as 1-3 digits
// followed by groups of exactly 3 ("1.234.567").
func thousands(s string) bool {
	groups := strings.Split(s, ".")
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// maxIDDigits bounds ids so that they fit any integer column.
const maxIDDigits = 18

// ParseID accepts a positive decimal integer id as IXC writes it: digits
// only, no sign, no spaces, no leading zeros ("310"). It returns the
// canonical form, which is the input itself.
func ParseID(s string) (string, error) {
	if s == "" {
		return "", i18n.Errorf("id vazio; use um número inteiro positivo como \"310\"",
			"empty id; use a positive integer such as \"310\"")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", i18n.Errorf("id %s inválido: use só dígitos, sem sinal, espaços ou pontos, por exemplo \"310\"",
				"invalid id %s: use digits only, with no sign, spaces or dots, for example \"310\"", show(s))
		}
	}
	if s[0] == '0' {
		if strings.Trim(s, "0") == "" {
			return "", i18n.Errorf("id %s inválido: os ids do IXC começam em 1",
				"invalid id %s: IXC ids start at 1", show(s))
		}
		return "", i18n.Errorf("id %s inválido: tire os zeros à esquerda (%q)",
			"invalid id %s: remove the leading zeros (%q)", show(s), strings.TrimLeft(s, "0"))
	}
	if len(s) > maxIDDigits {
		return "", i18n.Errorf("id %s inválido: número grande demais", "invalid id %s: number too large", show(s))
	}
	return s, nil
}

// parseRepeat accepts "always" (case-insensitive) or a positive integer.
func parseRepeat(s string) (string, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == RepeatAlways {
		return RepeatAlways, true
	}
	if n, err := ParseID(t); err == nil {
		if v, err := strconv.Atoi(n); err == nil && v <= maxRepeat {
			return n, true
		}
	}
	return "", false
}

// maxRepeat bounds the number of repetitions of an additional service
// (IXC's repetir_qtde); 600 months is 50 years.
const maxRepeat = 600
