package ixcsim

import "testing"

// IN/NI with whole numbers use a set; the answers must not change.
func TestInSetMatchesLinearCompare(t *testing.T) {
	cases := []struct {
		op, list, v string
		want        bool
	}{
		{"IN", "1,2,3", "2", true},
		{"IN", "1,2,3", "02", true},
		{"IN", "1, 2 ,3", "4", false},
		{"NI", "1,2,3", "4", true},
		{"NI", "1,2,3", "3", false},
		{"IN", "0", "0", true},
		{"IN", "1,abc", "ABC", true}, // text in the list: the linear, case-insensitive path
		{"IN", "1,2", "x", false},
		{"IN", "1,2", "1.0", true}, // a decimal value still compares as a number
	}
	for _, c := range cases {
		cd, err := newCond(0, c.op, c.list, "", false)
		if err != nil {
			t.Fatal(err)
		}
		if got := cd.match(c.v); got != c.want {
			t.Errorf("%s %q ∋ %q = %v, want %v", c.op, c.list, c.v, got, c.want)
		}
	}
}

// NumericTotalEvery: every Nth list answer has a numeric total, like some
// real IXC answers; the others keep the string.
func TestNumericTotalEvery(t *testing.T) {
	s := New(Options{NumericTotalEvery: 2})
	s.Put("unidades", Record{"id": "1", "descricao": "Unidade", "sigla": "UN"})
	var got []string
	for range 4 {
		body, err := s.listTable(s.tables["unidades"], &listReq{page: 1, rp: 20})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(body[:22]))
	}
	if got[0] != `{"page":"1","total":"1` || got[1] != `{"page":"1","total":1,` || got[2] != got[0] || got[3] != got[1] {
		t.Errorf("answers = %q", got)
	}
}
