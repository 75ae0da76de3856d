package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// DefaultSandboxAddr is where `sandbox` listens unless --addr says otherwise.
const DefaultSandboxAddr = "127.0.0.1:8990"

// sandboxOptions are the flags of `ixc-leveduca sandbox`.
type sandboxOptions struct {
	addr      string
	contracts int
	seed      int64
	latency   time.Duration
	tls       bool
	faults    string
}

func (o *sandboxOptions) flags(fs *pflag.FlagSet, a *app) {
	fs.StringVar(&o.addr, "addr", DefaultSandboxAddr, a.t("`HOST:PORTA` onde escutar (porta 0 escolhe uma livre)", "`HOST:PORT` to listen on (port 0 picks a free one)"))
	fs.IntVar(&o.contracts, "contracts", 2000, a.t("número de contratos `N` dos dados de demonstração", "number `N` of contracts in the demo data"))
	fs.Int64Var(&o.seed, "seed", 1, a.t("semente `N` dos dados e dos tokens de demonstração", "seed `N` of the demo data and tokens"))
	fs.DurationVar(&o.latency, "latency", 0, a.t("`DURAÇÃO` somada a cada resposta, ex.: 20ms", "`DURATION` added to every answer, e.g. 20ms"))
	fs.StringVar(&o.faults, "faults", "", a.t("falhas a simular, `LISTA` de chave=valor: latency=200ms, jitter=100ms, 5xx=0.1 (fração de HTTP 500), drop=0.05 (conexões derrubadas), lostwrite=0.05 (gravações feitas cuja resposta se perde), 504=200 (listagens acima de 200 linhas dão 504), down=10s (fora do ar no início)",
		"faults to simulate, a `LIST` of key=value: latency=200ms, jitter=100ms, 5xx=0.1 (share of HTTP 500), drop=0.05 (dropped connections), lostwrite=0.05 (applied writes whose answer is lost), 504=200 (lists above 200 rows get 504), down=10s (down at the start)"))
	fs.BoolVar(&o.tls, "tls", false, a.t("serve HTTPS com um certificado autoassinado gerado (o caminho do PEM sai como IXC_CA_CERT=…)", "serve HTTPS with a generated self-signed certificate (its PEM path is printed as IXC_CA_CERT=…)"))
}

func (a *app) newSandboxCmd() *cobra.Command {
	var o sandboxOptions
	c := &cobra.Command{
		Use:   "sandbox",
		Short: a.t("serve um IXC simulado com dados de demonstração", "serve a simulated IXC with demo data"),
		Long: a.t(`Serve o simulador do IXC (responde como o webservice real) com dados de demonstração até Ctrl+C.
As primeiras linhas são IXC_URL=…, IXC_TOKEN=… (token com todas as permissões) e IXC_TOKEN_RESTRICTED=…
(um usuário sem permissão em algumas tabelas).`,
			`Serves the IXC simulator (it answers like the real webservice) with demo data until Ctrl+C. The first
lines are IXC_URL=…, IXC_TOKEN=… (a token with every permission) and IXC_TOKEN_RESTRICTED=… (a user
without permission on some tables).`),
		Example: a.t(`  ixc-leveduca sandbox
  ixc-leveduca sandbox --addr 127.0.0.1:0 --contracts 200000 --seed 7 --latency 20ms
  ixc-leveduca sandbox --faults latency=200ms,jitter=100ms,5xx=0.1,drop=0.05,lostwrite=0.05
  ixc-leveduca sandbox --tls`,
			`  ixc-leveduca sandbox
  ixc-leveduca sandbox --addr 127.0.0.1:0 --contracts 200000 --seed 7 --latency 20ms
  ixc-leveduca sandbox --faults latency=200ms,jitter=100ms,5xx=0.1,drop=0.05,lostwrite=0.05
  ixc-leveduca sandbox --tls`),
		Annotations: map[string]string{annExit: a.t(
			"0 parado com Ctrl+C ou SIGTERM · 2 erro de uso (flag, endereço ocupado)",
			"0 stopped by Ctrl+C or SIGTERM · 2 usage error (flag, address in use)")},
		Args: a.noArgs,
		RunE: func(*cobra.Command, []string) error {
			a.code = a.runSandbox(&o)
			return nil
		},
	}
	o.flags(c.Flags(), a)
	return c
}

// runSandbox serves the IXC simulator with demo data until SIGINT/SIGTERM.
// Its first two lines are IXC_URL=… and IXC_TOKEN=… (the contract).
func (a *app) runSandbox(o *sandboxOptions) int {
	stdio, lang := a.stdio, a.lang
	if o.contracts < 0 || o.contracts > 1_000_000 {
		return usageError(stdio, lang, i18n.T("--contracts deve estar entre 0 e 1000000", "--contracts must be between 0 and 1000000"))
	}
	if o.latency < 0 || o.latency > time.Minute {
		return usageError(stdio, lang, i18n.T("--latency deve estar entre 0 e 1m", "--latency must be between 0 and 1m"))
	}

	faults, ferr := ixcsim.ParseFaults(o.faults)
	if ferr != nil {
		var se *ixcsim.SpecError
		if errors.As(ferr, &se) {
			return usageError(stdio, lang, i18n.T("--faults: \""+se.Item+"\": "+se.ReasonPT, "--faults: \""+se.Item+"\": "+se.Reason))
		}
		return usageError(stdio, lang, i18n.T("--faults inválido", "invalid --faults"))
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	sim := newDemoSim(demoConfig{Seed: o.seed, Contracts: o.contracts, Latency: o.latency, Faults: faults})
	var (
		url, caPath string
		err         error
	)
	if o.tls {
		url, caPath, err = sim.StartTLS(o.addr)
		if caPath != "" {
			defer os.Remove(caPath)
		}
	} else {
		url, err = sim.Start(o.addr)
	}
	if err != nil {
		r := steps.Reason(err)
		return usageError(stdio, lang, i18n.T(
			fmt.Sprintf("não foi possível escutar em %s: %s (use --addr 127.0.0.1:0 para uma porta livre)", o.addr, r.PT),
			fmt.Sprintf("cannot listen on %s: %s (use --addr 127.0.0.1:0 for a free port)", o.addr, r.EN)))
	}
	defer sim.Close()
	fmt.Fprintf(stdio.Out, "IXC_URL=%s\n", url)
	fmt.Fprintf(stdio.Out, "IXC_TOKEN=%s\n", sim.DemoToken())
	fmt.Fprintf(stdio.Out, "IXC_TOKEN_RESTRICTED=%s\n", sim.RestrictedToken())
	if caPath != "" {
		fmt.Fprintf(stdio.Out, "IXC_CA_CERT=%s\n", caPath)
	}
	fmt.Fprintln(stdio.Out, i18n.Tf("# Simulador do IXC com %d contratos de demonstração. Ctrl+C para parar.",
		"# IXC simulator with %d demo contracts. Ctrl+C to stop.", o.contracts).In(lang))
	if o.faults != "" {
		fmt.Fprintln(stdio.Out, i18n.Tf("# Falhas simuladas: %s", "# Simulated faults: %s", o.faults).In(lang))
	}
	<-ctx.Done()
	return ExitOK
}
