package i18n

import "testing"

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		lang      Lang
		n         int
		one, many string
		want      string
	}{
		{PT, 0, "registro", "registros", "0 registros"},
		{PT, 1, "registro", "registros", "1 registro"},
		{PT, 2, "alteração", "alterações", "2 alterações"},
		{PT, 999, "registro", "registros", "999 registros"},
		{PT, 1000, "registro", "registros", "1.000 registros"},
		{PT, 1234567, "contrato", "contratos", "1.234.567 contratos"},
		{EN, 1234, "record", "records", "1,234 records"},
		{EN, 1, "record", "records", "1 record"},
		{PT, -1, "ajuste", "ajustes", "-1 ajuste"},
		{PT, -12345, "ajuste", "ajustes", "-12.345 ajustes"},
	} {
		if got := Plural(tc.lang, tc.n, tc.one, tc.many); got != tc.want {
			t.Errorf("Plural(%s, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}
