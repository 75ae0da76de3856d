package recid

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestDigits(t *testing.T) {
	for s, want := range map[string]bool{
		"": false, "0": true, "123": true, "0012": true, "12a": false, " 1": false,
		"-1": false, "1.0": false, "١": false, "99999999999999999999999": true,
	} {
		if got := Digits(s); got != want {
			t.Errorf("Digits(%q) = %v, want %v", s, got, want)
		}
	}
}

// ref is the order Compare promises, computed the slow way.
func ref(a, b string) int {
	na, oka := new(big.Int).SetString(a, 10)
	nb, okb := new(big.Int).SetString(b, 10)
	oka = oka && Digits(a)
	okb = okb && Digits(b)
	switch {
	case oka && okb:
		return na.Cmp(nb)
	case oka:
		return -1
	case okb:
		return 1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestCompare(t *testing.T) {
	pool := []string{"", "0", "00", "1", "01", "2", "9", "10", "11", "99", "100", "007", "7",
		"18446744073709551615", "18446744073709551616", "123456789012345678901234",
		"a", "b", "10a", "-1", " 1", "Z"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		pool = append(pool, strconv.FormatUint(r.Uint64N(1<<40), 10))
	}
	for i, a := range pool {
		for _, b := range pool[max(0, i-40):min(len(pool), i+40)] {
			if got, want := Compare(a, b), ref(a, b); got != want {
				t.Fatalf("Compare(%q, %q) = %d, want %d", a, b, got, want)
			}
			if Less(a, b) != (ref(a, b) < 0) {
				t.Fatalf("Less(%q, %q) disagrees", a, b)
			}
		}
	}
}
