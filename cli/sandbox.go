package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// DefaultSandboxAddr is where `sandbox` listens unless --addr says otherwise.
const DefaultSandboxAddr = "127.0.0.1:8990"

// runSandbox serves the IXC simulator with demo data until SIGINT/SIGTERM.
// Its first two lines are IXC_URL=… and IXC_TOKEN=… (design.md §4).
func runSandbox(args []string, io IO, lang i18n.Lang) int {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	addr := fs.String("addr", DefaultSandboxAddr, "HOST:PORT to listen on (port 0 picks a free one)")
	contracts := fs.Int("contracts", 2000, "number of contracts in the demo dataset")
	seed := fs.Int64("seed", 1, "seed of the demo dataset and tokens")
	latency := fs.Duration("latency", 0, "delay added to every answer, e.g. 20ms")
	useTLS := fs.Bool("tls", false, "serve HTTPS with a generated self-signed certificate (its PEM path is printed as IXC_CA_CERT=…)")
	langFlag := addLangFlag(fs, lang)
	if err := fs.Parse(args); err != nil {
		return ExitUsage
	}
	lang, ok := parseLangFlag(*langFlag, io)
	if !ok {
		return ExitUsage
	}
	if fs.NArg() > 0 {
		return usageError(io, lang, i18n.Tf("argumento inesperado: %q", "unexpected argument: %q", fs.Arg(0)))
	}
	if *contracts < 0 || *contracts > 1_000_000 {
		return usageError(io, lang, i18n.T("--contracts deve estar entre 0 e 1000000", "--contracts must be between 0 and 1000000"))
	}
	if *latency < 0 || *latency > time.Minute {
		return usageError(io, lang, i18n.T("--latency deve estar entre 0 e 1m", "--latency must be between 0 and 1m"))
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	sim := newDemoSim(demoConfig{Seed: *seed, Contracts: *contracts, Latency: *latency})
	var (
		url, caPath string
		err         error
	)
	if *useTLS {
		url, caPath, err = sim.StartTLS(*addr)
		if caPath != "" {
			defer os.Remove(caPath)
		}
	} else {
		url, err = sim.Start(*addr)
	}
	if err != nil {
		return usageError(io, lang, i18n.Tf("não foi possível escutar em %s: %v (use --addr 127.0.0.1:0 para uma porta livre)",
			"cannot listen on %s: %v (use --addr 127.0.0.1:0 for a free port)", *addr, err))
	}
	defer sim.Close()
	fmt.Fprintf(io.Out, "IXC_URL=%s\n", url)
	fmt.Fprintf(io.Out, "IXC_TOKEN=%s\n", sim.DemoToken())
	fmt.Fprintf(io.Out, "IXC_TOKEN_RESTRICTED=%s\n", sim.RestrictedToken())
	if caPath != "" {
		fmt.Fprintf(io.Out, "IXC_CA_CERT=%s\n", caPath)
	}
	fmt.Fprintln(io.Out, i18n.Tf("# Simulador do IXC com %d contratos de demonstração. Ctrl+C para parar.",
		"# IXC simulator with %d demo contracts. Ctrl+C to stop.", *contracts).In(lang))
	<-ctx.Done()
	return ExitOK
}
