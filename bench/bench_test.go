package bench

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
)

// TestMain doubles as the sandbox child of TestChildSandbox.
func TestMain(m *testing.M) {
	if n := os.Getenv("IXCBENCH_CHILD_CONTRACTS"); n != "" {
		c, _ := strconv.Atoi(n)
		if err := ServeChild(demodata.Config{Seed: 1, Contracts: c}, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// The harness at a smoke size: every scenario runs, the audit writes
// nothing, agrees with the harness's own entitlement, stays within 1.2× the
// bound's pages (request counts do not depend on timing), and the naive
// strategy makes several times more requests on a broad link; the table has
// one row per scenario.
func TestSmoke(t *testing.T) {
	cfg := Config{Sizes: []int{500}, Latency: time.Millisecond, NaiveSample: 40}
	rs, err := Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != len(DefaultScenarios) {
		t.Fatalf("%d results", len(rs))
	}
	extrapolated := false
	for _, r := range rs {
		name := r.Scenario.String()
		if r.Writes != 0 {
			t.Errorf("%s: the audit wrote %d times", name, r.Writes)
		}
		if r.Entitled != r.EntitledCheck || r.Entitled == 0 {
			t.Errorf("%s: audit entitled %d, harness computed %d", name, r.Entitled, r.EntitledCheck)
		}
		if r.Bound.Strict > r.Bound.Pages || r.Ours.Requests < int64(r.Bound.Strict) {
			t.Errorf("%s: %d requests below the strict bound %d (pages %d)", name, r.Ours.Requests, r.Bound.Strict, r.Bound.Pages)
		}
		if limit := int64(math.Ceil(1.2 * float64(r.Bound.Pages))); r.Ours.Requests > limit {
			t.Errorf("%s: %d requests, more than 1.2 × the bound's %d pages", name, r.Ours.Requests, r.Bound.Pages)
		}
		if r.Ours.Bytes <= 0 || r.Ours.Wall <= 0 || r.Bound.Wall <= 0 || r.Bound.Bytes <= 0 {
			t.Errorf("%s: empty measure %+v / %+v", name, r.Ours, r.Bound)
		}
		// Per-record requests lose to pages once a method reaches the
		// ISP's subscribers; on the plan dataset the contract and service
		// methods reach only a few messy rows.
		if r.Link == r.Scenario.data() && r.Auth != "employee_cpf" && r.Naive.Requests <= 5*r.Ours.Requests {
			t.Errorf("%s: naive %d requests, ours %d", name, r.Naive.Requests, r.Ours.Requests)
		}
		extrapolated = extrapolated || r.Naive.Extrapolated
		if r.Naive.Extrapolated && (r.Naive.Visited != cfg.NaiveSample || r.Naive.Contracts <= r.Naive.Visited) {
			t.Errorf("%s: sample %d of %d", name, r.Naive.Visited, r.Naive.Contracts)
		}
	}
	if !extrapolated {
		t.Error("no scenario exercised the naive sample")
	}
	var b bytes.Buffer
	Markdown(&b, rs)
	if got := strings.Count(b.String(), "\n| 500 |"); got != len(rs) {
		t.Errorf("table has %d rows:\n%s", got, b.String())
	}
}

// The sandbox in a child process: the command's mode, so that peak memory
// is the audit's own.
func TestChildSandbox(t *testing.T) {
	t.Setenv("IXCBENCH_CHILD_CONTRACTS", "300")
	srv, err := StartChild(t.Context(), os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if err := srv.SetFaults(ixcsim.Faults{Latency: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	cfg := Config{}
	cfg.defaults()
	dcfg := demodata.Config{Seed: 1, Contracts: 300}
	rep, m, err := runAudit(context.Background(), srv, dcfg, Scenario{"plan", "hotsite", "plan"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := len(loadDataset(dcfg).entitled("plan"))
	if rep.Summary.EntitledContracts != want || m.Requests == 0 {
		t.Fatalf("entitled %d (want %d), %d requests", rep.Summary.EntitledContracts, want, m.Requests)
	}
	if w, err := srv.Writes(); err != nil || w != 0 {
		t.Fatalf("writes %d, %v", w, err)
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}

// BenchmarkAudit runs the harness at IXCBENCH_SIZES (default 100000) with
// the sandbox in this process; `go run ./bench/cmd/ixcbench` is the
// reference run (sandbox in a child process).
func BenchmarkAudit(b *testing.B) {
	var sizes []int
	for _, s := range strings.Split(cmp.Or(os.Getenv("IXCBENCH_SIZES"), "100000"), ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			b.Fatal(err)
		}
		sizes = append(sizes, n)
	}
	for i := 0; i < b.N; i++ {
		rs, err := Run(b.Context(), Config{Sizes: sizes, Scenarios: DefaultScenarios[:1], Log: os.Stderr})
		if err != nil {
			b.Fatal(err)
		}
		r := rs[len(rs)-1]
		b.ReportMetric(float64(r.Ours.Requests), "requests")
		b.ReportMetric(float64(r.Ours.Bytes)/1e6, "MB")
		b.ReportMetric(r.Ours.Wall.Seconds(), "wall-s")
		b.ReportMetric(float64(r.Bound.Pages), "bound-pages")
	}
}
