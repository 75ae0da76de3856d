package i18n

import (
	"strconv"
	"strings"
)

// Plural is n followed by the singular or the plural word, n written as
// lang writes numbers: Plural(PT, 1, "registro", "registros") is
// "1 registro", Plural(PT, 1234, …) "1.234 registros", Plural(EN, 1234,
// "record", "records") "1,234 records". Only 1 and -1 are singular (in
// both languages 0 takes the plural: "0 registros").
func Plural(lang Lang, n int, one, many string) string {
	w := many
	if n == 1 || n == -1 {
		w = one
	}
	return Count(lang, n) + " " + w
}

// Count writes n with lang's thousands separator: "1.234" (pt-BR),
// "1,234" (en).
func Count(lang Lang, n int) string {
	s := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	if len(s) <= 3 {
		return sign + s
	}
	sep := "."
	if lang == EN {
		sep = ","
	}
	var b strings.Builder
	b.WriteString(sign)
	head := len(s) % 3
	if head > 0 {
		b.WriteString(s[:head])
	}
	for i := head; i < len(s); i += 3 {
		if b.Len() > len(sign) {
			b.WriteString(sep)
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
