package bench

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// Scenario is one link method and one auth method of the profile, audited
// on the dataset of an ISP whose subscribers hold the offers by Data
// (demodata.Config.Link; "" is "plan").
type Scenario struct{ Link, Auth, Data string }

// data is the scenario's dataset variant.
func (s Scenario) data() string {
	if s.Data == "" {
		return demodata.LinkPlan
	}
	return s.Data
}

// String is "link/auth", plus "@data" when the dataset's subscribers hold
// the offers by another method (the configured method then reaches only
// the dataset's few messy rows).
func (s Scenario) String() string {
	if s.data() == s.Link {
		return s.Link + "/" + s.Auth
	}
	return s.Link + "/" + s.Auth + "@" + s.data()
}

// ParseScenario reads "link/auth" (the dataset of that link method, or of
// plan for an unknown one) or "link/auth@data".
func ParseScenario(v string) (Scenario, error) {
	v, data, _ := strings.Cut(strings.TrimSpace(v), "@")
	l, a, ok := strings.Cut(v, "/")
	if !ok || l == "" || a == "" {
		return Scenario{}, fmt.Errorf("bad scenario %q (want link/auth or link/auth@data)", v)
	}
	if data == "" {
		data = l
	}
	return Scenario{Link: l, Auth: a, Data: data}, nil
}

// DefaultScenarios covers every link method (with hotsite), each on the
// dataset of an ISP that sells through it, every other auth method (with
// plan), and the contract and additional-service methods on the plan
// dataset, where they reach only its few messy rows.
var DefaultScenarios = []Scenario{
	{"plan", "hotsite", "plan"}, {"plan", "pppoe", "plan"}, {"plan", "cpf_cnpj", "plan"}, {"plan", "employee_cpf", "plan"},
	{"contract", "hotsite", "plan"}, {"additional_service", "hotsite", "plan"},
	{"contract", "hotsite", "contract"}, {"additional_service", "hotsite", "additional_service"},
}

// Config is one harness run.
type Config struct {
	Sizes       []int         // contracts; default 10,000, 100,000, 200,000
	Scenarios   []Scenario    // default DefaultScenarios
	Latency     time.Duration // injected per request; default 20ms
	Concurrency int           // requests in flight (ours and naive); default ixc.DefaultConcurrency
	PageSize    int           // default ixc.DefaultPageSize
	NaiveSample int           // contracts the naive strategy visits one by one before extrapolating; default 2,000
	Seed        int64         // dataset seed; default 1
	// Start serves a dataset; default StartInProcess.
	Start func(demodata.Config) (*Server, error)
	Log   io.Writer // progress; nil: none
	// CPUProfile, when set, is a file name prefix: each audit writes
	// PREFIX-SIZE-LINK-AUTH-DATA.audit.pprof, and a child sandbox (StartChild)
	// PREFIX-SIZE-LINK-AUTH-DATA.sandbox.pprof for the same span.
	CPUProfile string
}

func (c *Config) defaults() {
	if len(c.Sizes) == 0 {
		c.Sizes = []int{10000, 100000, 200000}
	}
	if len(c.Scenarios) == 0 {
		c.Scenarios = DefaultScenarios
	}
	if c.Latency == 0 {
		c.Latency = 20 * time.Millisecond
	}
	if c.Concurrency <= 0 {
		c.Concurrency = ixc.DefaultConcurrency
	}
	if c.PageSize <= 0 {
		c.PageSize = ixc.DefaultPageSize
	}
	if c.NaiveSample <= 0 {
		c.NaiveSample = 2000
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Start == nil {
		c.Start = StartInProcess
	}
}

// Measure is what one strategy cost.
type Measure struct {
	Requests int64
	Bytes    int64
	Wall     time.Duration
	// PeakHeapMB is the peak of HeapInuse+StackInuse during the run minus
	// the value just before it (the run's own memory).
	PeakHeapMB float64
}

// Bound is the lower bound of one scenario.
type Bound struct {
	Pages  int   // fewest pages carrying the rows the audit must read (incl. one probe per required table)
	Strict int   // the same with the auth rows cut to the entitled ones (see docs/performance.md)
	Bytes  int64 // those rows × the average encoded row size of their table
	Wall   time.Duration
	Tables map[string]int // pages per table
}

// Naive is the per-record strategy's cost.
type Naive struct {
	Requests     int64
	Wall         time.Duration
	Visited      int  // contracts visited one by one (all, or the sample)
	Contracts    int  // contracts a full run visits
	Extrapolated bool // Requests and Wall extrapolated from the sample
}

// Result is one row of the report.
type Result struct {
	Contracts int
	Scenario
	Ours     Measure
	Bound    Bound
	Naive    Naive
	Entitled int // the audit's entitled contracts
	// EntitledCheck is the same number computed by the harness from the
	// dataset, independently of package steps.
	EntitledCheck int
	Findings      int
	Writes        int64 // writes the simulator saw (must be 0)
	ThroughputMBs float64
}

// Run measures every size and scenario. Each dataset is built once per
// size and shared by its scenarios.
func Run(ctx context.Context, cfg Config) ([]Result, error) {
	cfg.defaults()
	var out []Result
	for _, n := range cfg.Sizes {
		rs, err := runSize(ctx, cfg, n)
		if err != nil {
			return out, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

func (c *Config) logf(format string, a ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format+"\n", a...)
	}
}

func runSize(ctx context.Context, cfg Config, n int) ([]Result, error) {
	var out []Result
	var variants []string // in order of first use
	for _, sc := range cfg.Scenarios {
		if !slices.Contains(variants, sc.data()) {
			variants = append(variants, sc.data())
		}
	}
	for _, v := range variants {
		var scs []Scenario
		for _, sc := range cfg.Scenarios {
			if sc.data() == v {
				scs = append(scs, sc)
			}
		}
		rs, err := runDataset(ctx, cfg, demodata.Config{Seed: cfg.Seed, Contracts: n, Link: v}, scs)
		out = append(out, rs...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// runDataset serves one dataset and runs its scenarios.
func runDataset(ctx context.Context, cfg Config, dcfg demodata.Config, scs []Scenario) ([]Result, error) {
	n := dcfg.Contracts
	t0 := time.Now()
	srv, err := cfg.Start(dcfg)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	d := loadDataset(dcfg)
	cfg.logf("%d contracts (subscribers by %s): sandbox and dataset ready in %v", n, dcfg.Link, time.Since(t0).Round(time.Millisecond))

	rowBytes, err := measureRowBytes(ctx, srv, cfg)
	if err != nil {
		return nil, err
	}
	thr, err := measureThroughput(ctx, srv, cfg)
	if err != nil {
		return nil, err
	}
	cfg.logf("  loopback delivery: %.0f MB/s", thr/1e6)
	if err := srv.SetFaults(ixcsim.Faults{Latency: cfg.Latency}); err != nil {
		return nil, err
	}
	var out []Result
	for _, sc := range scs {
		r := Result{Contracts: n, Scenario: sc, ThroughputMBs: thr / 1e6}
		r.Bound = lowerBound(d, sc, rowBytes, thr, cfg)
		r.EntitledCheck = len(d.entitled(sc.Link))
		before, err := srv.Writes()
		if err != nil {
			return out, err
		}
		stopProfile, err := startProfiles(srv, cfg, n, sc)
		if err != nil {
			return out, err
		}
		rep, m, err := runAudit(ctx, srv, dcfg, sc, cfg)
		if perr := stopProfile(); err == nil {
			err = perr
		}
		if err != nil {
			return out, err
		}
		after, err := srv.Writes()
		if err != nil {
			return out, err
		}
		r.Ours, r.Writes = m, after-before
		r.Entitled = rep.Summary.EntitledContracts
		for _, s := range rep.Steps {
			r.Findings += len(s.Findings)
			if s.Status == steps.StatusSkipped {
				return out, fmt.Errorf("bench: %d %s: step %s skipped: %s", n, sc, s.Step, s.Why.EN)
			}
		}
		r.Naive, err = runNaive(ctx, srv, d, sc, cfg)
		if err != nil {
			return out, err
		}
		cfg.logf("  %-40s ours %4d req %7.1f MB %6.2fs %5.0f MB | bound %4d pages %6.2fs | naive %7d req %8.1fs",
			sc, m.Requests, float64(m.Bytes)/1e6, m.Wall.Seconds(), m.PeakHeapMB, r.Bound.Pages, r.Bound.Wall.Seconds(),
			r.Naive.Requests, r.Naive.Wall.Seconds())
		out = append(out, r)
	}
	return out, nil
}

// startProfiles starts the CPU profiles of cfg.CPUProfile for one audit.
func startProfiles(srv *Server, cfg Config, n int, sc Scenario) (stop func() error, err error) {
	if cfg.CPUProfile == "" {
		return func() error { return nil }, nil
	}
	name := fmt.Sprintf("%s-%d-%s-%s-%s", cfg.CPUProfile, n, sc.Link, sc.Auth, sc.data())
	f, err := os.Create(name + ".audit.pprof")
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	child := srv.profile != nil
	if child {
		if err := srv.profile("start", name+".sandbox.pprof"); err != nil {
			pprof.StopCPUProfile()
			f.Close()
			return nil, err
		}
	}
	return func() error {
		pprof.StopCPUProfile()
		err := f.Close()
		if child {
			err = errors.Join(err, srv.profile("stop", ""))
		}
		return err
	}, nil
}

// counter counts the client's exchanges.
type counter struct {
	requests, bytes atomic.Int64
	trace           io.Writer // when set, one line per exchange (IXCBENCH_TRACE=1)
	start           time.Time
	mu              sync.Mutex
}

func (c *counter) hook(ri ixc.ResponseInfo) {
	c.requests.Add(1)
	c.bytes.Add(ri.Bytes)
	if c.trace != nil {
		c.mu.Lock()
		fmt.Fprintf(c.trace, "    %6.0fms %-26s %4.0fms %8d B\n", float64(time.Since(c.start).Microseconds())/1000-float64(ri.Duration.Microseconds())/1000,
			ri.Table, float64(ri.Duration.Microseconds())/1000, ri.Bytes)
		c.mu.Unlock()
	}
}

func newClient(srv *Server, cfg Config, cnt *counter) (*ixc.Client, error) {
	tok, err := ixc.ParseToken(srv.Token, "")
	if err != nil {
		return nil, err
	}
	o := ixc.Options{BaseURL: srv.URL, Token: tok, Concurrency: cfg.Concurrency, PageSize: cfg.PageSize, Timeout: 5 * time.Minute}
	if cnt != nil {
		o.OnResponse = cnt.hook
	}
	return ixc.New(o)
}

// heapSampler records the peak of HeapInuse+StackInuse until stopped.
func heapSampler() (stop func() float64) {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse + ms.StackInuse
	peak := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-t.C:
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse+m.StackInuse)
			}
		}
	}()
	return func() float64 {
		close(done)
		wg.Wait()
		return float64(peak-base) / (1 << 20)
	}
}

func runAudit(ctx context.Context, srv *Server, dcfg demodata.Config, sc Scenario, cfg Config) (*steps.Report, Measure, error) {
	p, err := profile.Parse([]byte(demodata.DemoProfileTOML(dcfg, srv.URL)))
	if err != nil {
		return nil, Measure{}, err
	}
	p.Link.Method, p.Auth.Method = profile.LinkMethod(sc.Link), profile.AuthMethod(sc.Auth)
	cnt := counter{start: time.Now()}
	if os.Getenv("IXCBENCH_TRACE") != "" {
		cnt.trace = os.Stderr
	}
	c, err := newClient(srv, cfg, &cnt)
	if err != nil {
		return nil, Measure{}, err
	}
	today := dcfg.Today
	if today.IsZero() {
		today = demodata.DefaultToday
	}
	stop := heapSampler()
	start := time.Now()
	cnt.start = start
	rep := steps.Audit(ctx, c.Reader(), p, steps.Options{Now: func() time.Time { return today }})
	wall := time.Since(start)
	peak := stop()
	return rep, Measure{Requests: cnt.requests.Load(), Bytes: cnt.bytes.Load(), Wall: wall, PeakHeapMB: peak}, nil
}

// measureRowBytes returns the average encoded size of one row of each
// table the audit reads (one page of each).
func measureRowBytes(ctx context.Context, srv *Server, cfg Config) (map[string]float64, error) {
	var cnt counter
	c, err := newClient(srv, cfg, &cnt)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, t := range []string{"produtos", "unidades", "vd_contratos", "vd_contratos_produtos", "cliente_contrato",
		"cliente_contrato_servicos", "cliente", "radusuarios", "funcionarios"} {
		before := cnt.bytes.Load()
		p, err := c.List(ctx, ixc.Query{Table: t, RP: 200})
		if err != nil {
			return nil, err
		}
		if len(p.Records) > 0 {
			out[t] = float64(cnt.bytes.Load()-before) / float64(len(p.Records))
		}
	}
	return out, nil
}

// measureThroughput is the rate at which the sandbox delivers full pages
// of its widest table over loopback with no injected latency, Concurrency
// readers discarding the bytes: the transfer part of the lower bound. It is
// the best of three rounds of 32 pages (the tightest bound: the fastest the
// server was seen to deliver).
func measureThroughput(ctx context.Context, srv *Server, cfg Config) (float64, error) {
	if err := srv.SetFaults(ixcsim.Faults{}); err != nil {
		return 0, err
	}
	best := 0.0
	for range 3 {
		t, err := deliveryRound(ctx, srv, cfg)
		if err != nil {
			return 0, err
		}
		best = max(best, t)
	}
	return best, nil
}

func deliveryRound(ctx context.Context, srv *Server, cfg Config) (float64, error) {
	user, hash, _ := strings.Cut(srv.Token, ":")
	pages := 8 * cfg.Concurrency
	var next, total atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	start := time.Now()
	for w := 0; w < cfg.Concurrency; w++ {
		g.Go(func() error {
			for {
				pg := next.Add(1)
				if pg > int64(pages) {
					return nil
				}
				body := fmt.Sprintf(`{"qtype":"cliente.id","query":"0","oper":">","page":"%d","rp":"%d","sortname":"cliente.id","sortorder":"asc"}`, pg, cfg.PageSize)
				req, err := http.NewRequestWithContext(gctx, http.MethodGet, srv.URL+"/cliente", strings.NewReader(body))
				if err != nil {
					return err
				}
				req.Header.Set("ixcsoft", "listar")
				req.Header.Set("Content-Type", "application/json")
				req.SetBasicAuth(user, hash)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					return err
				}
				n, err := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if err != nil {
					return err
				}
				total.Add(n)
			}
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	return float64(total.Load()) / time.Since(start).Seconds(), nil
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// lowerBound computes the bound of docs/performance.md for one scenario.
func lowerBound(d *dataset, sc Scenario, rowBytes map[string]float64, throughput float64, cfg Config) Bound {
	ps := cfg.PageSize
	b := Bound{Tables: map[string]int{}}
	var bytes float64
	add := func(table string, rows int) {
		if rows == 0 {
			return
		}
		pg := ceilDiv(rows, ps)
		b.Tables[table] += pg
		b.Pages += pg
		bytes += float64(rows) * rowBytes[table]
	}
	for _, t := range steps.RequiredTables(profile.AuthMethod(sc.Auth)) {
		add("probe:"+t, 1)
	}
	add("produtos", 2)
	add("unidades", d.Unidades)
	add("vd_contratos", len(d.Setup.Plans))
	add("vd_contratos_produtos", len(d.PlanRows)+len(d.ContractRows))
	add("cliente_contrato_servicos", len(d.ServiceRows))
	add("cliente_contrato", len(d.linkedContracts()))
	car := d.carrying()
	for _, p := range d.Setup.Plans {
		if d.PlanExists[p] && !car[p] {
			add("count:cliente_contrato", 1) // one count request per listed plan whose contracts are not read anyway
		}
	}
	authRows, strict := 0, 0
	entitled := d.entitled(sc.Link)
	custs := map[string]bool{}
	for id := range entitled {
		custs[d.ContractCustomer[id]] = true
	}
	switch sc.Auth {
	case "hotsite":
		authRows, strict = d.CustomersWithEmail, len(custs)
		add("cliente", authRows)
	case "cpf_cnpj":
		authRows, strict = d.CustomersWithDoc, len(custs)
		add("cliente", authRows)
	case "pppoe":
		authRows = d.ActiveLogins
		for id := range entitled {
			if d.ActiveLoginsByContract[id] || d.ActiveUnlinkedCustomers[d.ContractCustomer[id]] {
				strict++
			}
		}
		add("radusuarios", authRows)
	case "employee_cpf":
		authRows, strict = d.Employees, d.Employees
		add("funcionarios", authRows)
	}
	b.Strict = b.Pages - ceilDiv(authRows, ps) + ceilDiv(strict, ps)
	b.Bytes = int64(math.Round(bytes))
	b.Wall = time.Duration(float64(b.Pages)*float64(cfg.Latency)/float64(cfg.Concurrency)) +
		time.Duration(bytes/throughput*float64(time.Second))
	return b
}

// runNaive is the strategy of typical public integrations: list the
// product's link rows, then one request per contract and per customer (or
// per contract's login), Concurrency at a time. It reads less than the
// audit (no duplicate check, no plan or product check). Above NaiveSample
// contracts it visits the first NaiveSample and extrapolates linearly.
func runNaive(ctx context.Context, srv *Server, d *dataset, sc Scenario, cfg Config) (Naive, error) {
	var cnt counter
	c, err := newClient(srv, cfg, &cnt)
	if err != nil {
		return Naive{}, err
	}
	r := c.Reader()
	products := []string{d.Setup.LevEducaProductID, d.Setup.ParamountProductID}
	start := time.Now()

	// List phase: the product's rows, one filter per product (no IN).
	var contracts []string            // visited one by one
	customerOf := map[string]string{} // known from a list (plan method)
	needContractGet := sc.Link != "plan"
	seen := map[string]bool{}
	for _, prod := range products {
		var q ixc.Query
		switch sc.Link {
		case "additional_service":
			q = ixc.Query{Table: "cliente_contrato_servicos", Filter: []ixc.Cond{
				ixc.Where("cliente_contrato_servicos.id_produto", ixc.OpEq, prod),
				ixc.Where("cliente_contrato_servicos.tipo_acres_desc", ixc.OpEq, "A")}}
		default:
			q = ixc.Query{Table: "vd_contratos_produtos", Filter: []ixc.Cond{ixc.Where("vd_contratos_produtos.id_produto", ixc.OpEq, prod)}}
		}
		var plans []string
		err := r.Each(ixc.SelectFields(ctx, "id_contrato", "id_vd_contrato"), q, func(rec ixc.Record) error {
			switch {
			case sc.Link == "plan" && rec["id_vd_contrato"] != "" && rec["id_vd_contrato"] != "0":
				plans = append(plans, rec["id_vd_contrato"])
			case sc.Link != "plan" && rec["id_contrato"] != "" && rec["id_contrato"] != "0":
				if !seen[rec["id_contrato"]] {
					seen[rec["id_contrato"]] = true
					contracts = append(contracts, rec["id_contrato"])
				}
			}
			return nil
		})
		if err != nil {
			return Naive{}, err
		}
		for _, plan := range plans {
			err := r.Each(ixc.SelectFields(ctx, "id", "id_cliente"), ixc.Query{Table: "cliente_contrato", Filter: []ixc.Cond{
				ixc.Where("cliente_contrato.id_vd_contrato", ixc.OpEq, plan)}}, func(rec ixc.Record) error {
				if !seen[rec["id"]] {
					seen[rec["id"]] = true
					contracts = append(contracts, rec["id"])
					customerOf[rec["id"]] = rec["id_cliente"]
				}
				return nil
			})
			if err != nil {
				return Naive{}, err
			}
		}
	}
	if sc.Auth == "employee_cpf" {
		if err := r.Each(ixc.SelectFields(ctx, "id"), ixc.Query{Table: "funcionarios"}, func(ixc.Record) error { return nil }); err != nil {
			return Naive{}, err
		}
	}
	listReqs, listWall := cnt.requests.Load(), time.Since(start)

	// Per-record phase.
	slices.SortFunc(contracts, func(a, b string) int { // numeric ids in numeric order
		if len(a) != len(b) {
			return cmp.Compare(len(a), len(b))
		}
		return strings.Compare(a, b)
	})
	perRecord := func(ids []string) (int64, error) {
		before := cnt.requests.Load()
		var mu sync.Mutex
		gotCustomer := map[string]bool{}
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(cfg.Concurrency)
		for _, id := range ids {
			g.Go(func() error {
				cust := customerOf[id]
				if needContractGet {
					rec, err := r.Get(gctx, "cliente_contrato", id)
					if err != nil {
						return err
					}
					cust = rec["id_cliente"]
				}
				switch sc.Auth {
				case "hotsite", "cpf_cnpj":
					mu.Lock()
					dup := gotCustomer[cust]
					gotCustomer[cust] = true
					mu.Unlock()
					if !dup {
						if _, err := r.Get(gctx, "cliente", cust); err != nil {
							return err
						}
					}
				case "pppoe":
					if _, err := r.List(gctx, ixc.Query{Table: "radusuarios", Filter: []ixc.Cond{
						ixc.Where("radusuarios.id_contrato", ixc.OpEq, id)}, RP: 10}); err != nil {
						return err
					}
				}
				return nil
			})
		}
		err := g.Wait()
		return cnt.requests.Load() - before, err
	}
	n := Naive{Contracts: len(contracts), Visited: len(contracts)}
	if sc.Auth == "employee_cpf" && !needContractGet {
		n.Requests, n.Wall = listReqs, listWall
		return n, nil
	}
	sample := contracts
	if len(sample) > cfg.NaiveSample {
		sample = sample[:cfg.NaiveSample]
		n.Visited, n.Extrapolated = len(sample), true
	}
	t := time.Now()
	reqs, err := perRecord(sample)
	if err != nil {
		return Naive{}, err
	}
	wall := time.Since(t)
	if !n.Extrapolated {
		n.Requests, n.Wall = listReqs+reqs, listWall+wall
		return n, nil
	}
	// The exact per-record count of a full run, from the dataset.
	full := 0
	custs := map[string]bool{}
	for _, id := range contracts {
		if needContractGet {
			full++
		}
		switch sc.Auth {
		case "hotsite", "cpf_cnpj":
			if cu := d.ContractCustomer[id]; !custs[cu] {
				custs[cu] = true
				full++
			}
		case "pppoe":
			full++
		}
	}
	n.Requests = listReqs + int64(full)
	n.Wall = listWall + time.Duration(float64(wall)*float64(full)/float64(max(reqs, 1)))
	return n, nil
}
