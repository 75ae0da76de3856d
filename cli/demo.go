package cli

import (
	"net"
	"net/http"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
)

// demoConfig is the dataset of --demo and of the sandbox command.
type demoConfig struct {
	Seed      int64
	Contracts int
	Latency   time.Duration
	Faults    ixcsim.Faults // --faults; its Latency yields to a non-zero Latency above
}

// newDemoSim builds a simulator loaded with the demo dataset.
func newDemoSim(c demoConfig) *ixcsim.Sim {
	sim := ixcsim.New(ixcsim.Options{Seed: c.Seed, NumericTotalEvery: demoNumericTotalEvery, NumericIDEvery: demoNumericIDEvery})
	loadDemo(sim, c)
	return sim
}

// loadDemo generates the demo dataset into sim.
func loadDemo(sim *ixcsim.Sim, c demoConfig) {
	batches := map[string][]ixcsim.Record{}
	var order []string
	demodata.Generate(demodata.Config{Seed: c.Seed, Contracts: c.Contracts}, func(table string, rec map[string]string) {
		if _, ok := batches[table]; !ok {
			order = append(order, table)
		}
		batches[table] = append(batches[table], rec)
	})
	for _, t := range order {
		sim.Load(t, batches[t])
	}
	f := c.Faults
	if c.Latency > 0 {
		f.Latency = c.Latency
	}
	if f != (ixcsim.Faults{}) {
		sim.SetFaults(f)
	}
}

// demo is a running in-process sandbox for --demo.
type demo struct {
	sim     *ixcsim.Sim
	srv     *http.Server
	url     string
	token   string
	profile string // TOML
}

// startDemo starts the sandbox on a loopback port. The address, the demo
// token and the profile are ready at once; the dataset loads in the
// background and the first requests wait for it, so the wizard's first
// screen does not wait for the data.
func startDemo() (*demo, error) {
	cfg := demoConfig{Seed: 1, Contracts: 2000}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	url := "http://" + l.Addr().String() + "/webservice/v1"
	sim := ixcsim.New(ixcsim.Options{Seed: cfg.Seed, NumericTotalEvery: demoNumericTotalEvery, NumericIDEvery: demoNumericIDEvery})
	ready := make(chan struct{})
	go func() {
		loadDemo(sim, cfg)
		close(ready)
	}()
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-ready:
			sim.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	})}
	go func() { _ = srv.Serve(l) }()
	return &demo{
		sim: sim, srv: srv, url: url, token: sim.DemoToken(),
		profile: demodata.DemoProfileTOML(demodata.Config{Seed: cfg.Seed, Contracts: cfg.Contracts}, url),
	}, nil
}

func (d *demo) Close() { _ = d.srv.Close() }

// demoNumericTotalEvery: one list answer in seven has a numeric "total",
// as some real IXC answers do, so the demo exercises the tolerant client.
const demoNumericTotalEvery = 7

// demoNumericIDEvery: one insert answer in three has a numeric "id", as
// some saved IXC answers do.
const demoNumericIDEvery = 3
