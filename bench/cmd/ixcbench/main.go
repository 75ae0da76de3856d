// Command ixcbench runs the performance harness (package bench) and prints
// the Markdown table of docs/performance.md. The IXC sandbox runs in a
// child process (this program with -serve), so the peak memory reported is
// the audit's own.
//
//	go run ./bench/cmd/ixcbench                      # 10k, 100k, 200k contracts, 20 ms
//	go run ./bench/cmd/ixcbench -sizes 10000 -latency 5ms
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/bench"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
)

func main() {
	sizes := flag.String("sizes", "10000,100000,200000", "contracts per dataset, comma-separated")
	latency := flag.Duration("latency", 20*time.Millisecond, "round-trip latency injected per request")
	conc := flag.Int("concurrency", 4, "requests in flight")
	page := flag.Int("page", 1000, "rows per page")
	sample := flag.Int("naive-sample", 2000, "contracts the naive strategy visits before extrapolating")
	only := flag.String("scenarios", "", "scenarios, comma-separated: link/auth (on the dataset of that link method) or link/auth@data (default: the eight of docs/performance.md)")
	seed := flag.Int64("seed", 1, "dataset seed")
	inproc := flag.Bool("inprocess", false, "run the sandbox in this process (peak memory then includes it)")
	cpuprof := flag.String("cpuprofile", "", "file name prefix: write a CPU profile of each audit (and of the sandbox child meanwhile)")
	serve := flag.Bool("serve", false, "internal: serve the sandbox for the parent harness")
	contracts := flag.Int("contracts", 0, "internal: contracts for -serve")
	dataLink := flag.String("data", "", "internal: dataset link variant for -serve")
	flag.Parse()

	if *serve {
		if err := bench.ServeChild(demodata.Config{Seed: *seed, Contracts: *contracts, Link: *dataLink}, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "ixcbench -serve:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg := bench.Config{Latency: *latency, Concurrency: *conc, PageSize: *page, NaiveSample: *sample, Seed: *seed, Log: os.Stderr, CPUProfile: *cpuprof}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "ixcbench: bad size %q\n", s)
			os.Exit(2)
		}
		cfg.Sizes = append(cfg.Sizes, n)
	}
	if *only != "" {
		for _, s := range strings.Split(*only, ",") {
			sc, err := bench.ParseScenario(s)
			if err != nil {
				fmt.Fprintln(os.Stderr, "ixcbench:", err)
				os.Exit(2)
			}
			cfg.Scenarios = append(cfg.Scenarios, sc)
		}
	}
	if !*inproc {
		exe, err := os.Executable()
		if err != nil {
			fmt.Fprintln(os.Stderr, "ixcbench:", err)
			os.Exit(1)
		}
		cfg.Start = func(d demodata.Config) (*bench.Server, error) {
			return bench.StartChild(ctx, exe, "-serve", "-contracts", strconv.Itoa(d.Contracts), "-seed", strconv.FormatInt(d.Seed, 10), "-data", d.Link)
		}
	}
	start := time.Now()
	rs, err := bench.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ixcbench:", err)
		os.Exit(1)
	}
	host, _ := os.Hostname()
	fmt.Printf("Run %s on %s (%s/%s, %d CPUs, %s); latency %v, %d in flight, pages of %d rows; sandbox in a %s; took %v.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), host, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(),
		*latency, *conc, *page, map[bool]string{true: "the same process", false: "child process"}[*inproc], time.Since(start).Round(time.Second))
	bench.Markdown(os.Stdout, rs)
}
