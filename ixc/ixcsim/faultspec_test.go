package ixcsim

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseFaults(t *testing.T) {
	f, err := ParseFaults("latency=200ms, jitter=100ms,5xx=0.1,drop=0.05,lostwrite=5%,504=200,down=3s")
	if err != nil {
		t.Fatal(err)
	}
	want := Faults{Latency: 200 * time.Millisecond, Jitter: 100 * time.Millisecond, ErrorRate: 0.1,
		DropRate: 0.05, LoseWriteRate: 0.05, Max504Rows: 200, DownFor: 3 * time.Second}
	if f != want {
		t.Fatalf("got %+v\nwant %+v", f, want)
	}
	if f, err := ParseFaults(" "); err != nil || f != (Faults{}) {
		t.Fatalf("empty spec: %+v %v", f, err)
	}
	for spec, item := range map[string]string{
		"5xx=1.5":               "5xx=1.5",
		"5xx=-0.1":              "5xx=-0.1",
		"drop=NaN":              "drop=NaN",
		"latency=200":           "latency=200",
		"latency=2h":            "latency=2h",
		"jitter=-1s":            "jitter=-1s",
		"teapot=1":              "teapot=1",
		"5xx":                   "5xx",
		"latency=1s,latency=2s": "latency=2s",
		"504=0":                 "504=0",
	} {
		_, err := ParseFaults(spec)
		var se *SpecError
		if !errors.As(err, &se) || se.Item != item || se.Reason == "" || se.ReasonPT == "" {
			t.Errorf("%q: %v", spec, err)
			continue
		}
		if !strings.Contains(err.Error(), item) {
			t.Errorf("%q: message %q does not name %q", spec, err, item)
		}
	}
}

// The spec drives the simulator: at 5xx=0.5 some answers are IXC's red 500.
func TestParsedFaultsApply(t *testing.T) {
	e := newEnv(t)
	f, err := ParseFaults("5xx=0.5")
	if err != nil {
		t.Fatal(err)
	}
	e.sim.SetFaults(f)
	fails := 0
	for range 60 {
		if e.list("produtos", map[string]any{}).status == 500 {
			fails++
		}
	}
	if fails == 0 || fails == 60 {
		t.Fatalf("5xx=0.5 gave %d/60 HTTP 500", fails)
	}
}

func TestLoseWriteRate(t *testing.T) {
	e := newEnv(t)
	e.sim.SetFaults(Faults{LoseWriteRate: 1})
	if _, err := e.raw("POST", "/unidades", e.sim.DemoToken(), nil, `{"descricao":"X","sigla":"X"}`); err == nil {
		t.Fatal("the answer of a write at lostwrite=1 arrived")
	}
	found := false
	for _, r := range e.sim.Rows("unidades") {
		found = found || r["sigla"] == "X"
	}
	if !found {
		t.Fatal("the write whose answer was lost was not applied")
	}
}
