package cli

import (
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
)

// demoConfig is the dataset of --demo and of the sandbox command.
type demoConfig struct {
	Seed      int64
	Contracts int
	Latency   time.Duration
}

// newDemoSim builds a simulator loaded with the demo dataset.
func newDemoSim(c demoConfig) *ixcsim.Sim {
	sim := ixcsim.New(ixcsim.Options{Seed: c.Seed})
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
	if c.Latency > 0 {
		sim.SetFaults(ixcsim.Faults{Latency: c.Latency})
	}
	return sim
}

// demo is a running in-process sandbox for --demo.
type demo struct {
	sim     *ixcsim.Sim
	url     string
	token   string
	profile string // TOML
}

// startDemo starts the sandbox on a loopback port.
func startDemo() (*demo, error) {
	cfg := demoConfig{Seed: 1, Contracts: 2000}
	sim := newDemoSim(cfg)
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	return &demo{
		sim: sim, url: url, token: sim.DemoToken(),
		profile: demodata.DemoProfileTOML(demodata.Config{Seed: cfg.Seed, Contracts: cfg.Contracts}, url),
	}, nil
}

func (d *demo) Close() { _ = d.sim.Close() }
