package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/version"
)

// connFlags are the connection flags every IXC-facing command takes.
type connFlags struct {
	insecure  bool
	caCert    string
	allowHTTP bool
}

// connection is what a command needs to reach IXC.
type connection struct {
	URL       string // normalized
	TokenUser string
	Token     ixc.Token
	// TokenProblem is set (and Token zero) when the token is unusable.
	TokenProblem i18n.Text
	Insecure     bool
	CACert       string
	// AllowHTTP: plain http to a host that is not loopback is accepted
	// (--allow-http or allow_http = true), with a warning every run.
	AllowHTTP bool
	// Concurrency bounds the requests in flight (IXC_CONCURRENCY; 0: the
	// client's default, 4).
	Concurrency int
	// onResponse sees every HTTP exchange (the kill-point test hook).
	onResponse func(ixc.ResponseInfo)
}

// resolveConnection merges the profile, the flags and the environment
// (IXC_URL, IXC_TOKEN), in that order of precedence (design.md §4). A bad
// URL is an input error; a bad token is reported in TokenProblem so that
// the audit can still print its report.
func resolveConnection(p *profile.Profile, f connFlags, stdio IO) (*connection, *i18n.Error) {
	c := &connection{TokenUser: p.IXC.TokenUser, Insecure: p.IXC.InsecureTLS || f.insecure, CACert: p.IXC.CACert,
		AllowHTTP: p.IXC.AllowHTTP || f.allowHTTP}
	if f.caCert != "" {
		c.CACert = f.caCert
	}
	n, cerr := concurrencyFromEnv(stdio)
	if cerr != nil {
		return nil, cerr
	}
	c.Concurrency = n
	raw := p.IXC.URL
	if v := strings.TrimSpace(stdio.getenv("IXC_URL")); v != "" {
		raw = v
	}
	if strings.TrimSpace(raw) == "" {
		return nil, i18n.Errorf("falta o endereço do IXC: informe url em [ixc] no perfil ou a variável IXC_URL.",
			"the IXC address is missing: set url in [ixc] of the profile or the IXC_URL variable.")
	}
	u, err := ixc.URLPolicy{AllowHTTP: c.AllowHTTP}.Normalize(raw)
	if err != nil {
		var ue *ixc.URLError
		reason, reasonPT := err.Error(), err.Error()
		if errors.As(err, &ue) {
			reason, reasonPT = ue.Reason, ue.ReasonPT
			if reasonPT == "" {
				reasonPT = reason
			}
		}
		return nil, &i18n.Error{Msg: i18n.T(
			"endereço do IXC inválido: "+reasonPT+". Corrija url em [ixc] no perfil ou a variável IXC_URL.",
			"invalid IXC address: "+reason+". Fix url in [ixc] of the profile or the IXC_URL variable.")}
	}
	c.URL = u
	tok := stdio.getenv("IXC_TOKEN")
	if strings.TrimSpace(tok) == "" {
		c.TokenProblem = noTokenText
		return c, nil
	}
	t, err := ixc.ParseToken(tok, c.TokenUser)
	if err != nil {
		var te *ixc.TokenError
		reason, reasonPT := "unusable token", "token inutilizável"
		if errors.As(err, &te) {
			reason, reasonPT = te.Reason, te.ReasonPT
			if reasonPT == "" {
				reasonPT = reason
			}
		}
		c.TokenProblem = i18n.T("Problema: "+reasonPT+".", "Problem: "+reason+".")
		return c, nil
	}
	c.Token = t
	c.TokenUser = t.User()
	return c, nil
}

// readRetries is how often a read is retried (writes never are): five
// retries with exponential backoff span about 3 to 6 seconds, enough for a
// restart of IXC's web server or a burst of 5xx answers, so that a
// transient fault gives the same findings as a clean run instead of exit 3.
const readRetries = 5

// client builds the IXC client for c.
func (c *connection) client() (*ixc.Client, error) {
	o := ixc.Options{BaseURL: c.URL, Token: c.Token, InsecureTLS: c.Insecure, CACertFile: c.CACert,
		AllowHTTP: c.AllowHTTP, MaxRetries: readRetries, RetryProcessing: true, OnResponse: c.onResponse,
		Concurrency: c.Concurrency, UserAgent: version.UserAgent()}
	if tuneClient != nil {
		tuneClient(&o)
	}
	return ixc.New(o)
}

// clientError reports why the IXC client could not be built (a bad
// --ca-cert file, an address or a token refused by ixc.New): an input
// error, exit 2, in the user's words (never the operating system's or
// crypto/x509's English text).
func clientError(stdio IO, lang i18n.Lang, err error) int {
	return usageError(stdio, lang, steps.ErrorText(err))
}

// failText is "what: why" in both languages, why being err's cause in
// words (steps.Reason), never Go's English text inside the Portuguese.
func failText(what i18n.Text, err error) i18n.Text {
	r := steps.Reason(err)
	return i18n.T(what.PT+": "+r.PT, what.EN+": "+r.EN)
}

// tuneClient, when set (by tests only), adjusts every client's options:
// millisecond backoff instead of real seconds, scaled-down waits, a dial
// hook mapping a LAN name onto a loopback listener.
var tuneClient func(*ixc.Options)

// warn prints, on stderr, the risks the user chose for this run: an
// unverified certificate (--insecure) and a token crossing the network in
// clear text (http to a host that is not loopback). Every run says it.
func (c *connection) warn(stdio IO, lang i18n.Lang) {
	if c.Insecure {
		fmt.Fprintln(stdio.Err, i18n.T("atenção: --insecure: o certificado TLS do IXC não será verificado.",
			"warning: --insecure: IXC's TLS certificate will not be verified.").In(lang))
	}
	if host, ok := ixc.PlainHTTP(c.URL); ok {
		fmt.Fprintln(stdio.Err, plainHTTPWarning(host).In(lang))
	}
}

// plainHTTPWarning is the clear-text warning of --allow-http.
func plainHTTPWarning(host string) i18n.Text {
	return i18n.Tf("atenção: http sem criptografia para %s (--allow-http): o token do IXC atravessa a rede em texto aberto; qualquer um na mesma rede pode copiá-lo. Prefira https quando o IXC oferecer.",
		"warning: plain http to %s (--allow-http): the IXC token crosses the network in clear text; anyone on the same network can copy it. Prefer https when IXC offers it.", host)
}

// maxConcurrency is the largest IXC_CONCURRENCY accepted: more would not be
// polite to a production server that also serves the ISP's staff.
const maxConcurrency = 16

// concurrencyFromEnv reads IXC_CONCURRENCY, how many requests may be in
// flight to IXC at once (1 to 16; empty: the default, 4). A technician lowers
// it when the ISP's IXC is fragile or busy.
func concurrencyFromEnv(stdio IO) (int, *i18n.Error) {
	v := strings.TrimSpace(stdio.getenv("IXC_CONCURRENCY"))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxConcurrency {
		return 0, i18n.Errorf("IXC_CONCURRENCY inválido (%q): use um número de 1 a %d (requisições ao IXC ao mesmo tempo; o padrão é %d).",
			"invalid IXC_CONCURRENCY (%q): use a number from 1 to %d (requests to IXC at once; the default is %d).",
			v, maxConcurrency, ixc.DefaultConcurrency)
	}
	return n, nil
}

// flags registers --insecure and --ca-cert, shared by every command that
// talks to IXC.
func (f *connFlags) flags(fs *pflag.FlagSet, a *app) {
	fs.BoolVar(&f.insecure, "insecure", false, a.t("não verifica o certificado TLS do IXC (arriscado; avisa a cada execução)", "do not verify IXC's TLS certificate (risky; warns on every run)"))
	fs.StringVar(&f.caCert, "ca-cert", "", a.t("`ARQUIVO` PEM da autoridade que assinou o certificado do IXC", "PEM `FILE` of the authority that signed IXC's certificate"))
	fs.BoolVar(&f.allowHTTP, "allow-http", false, a.t("aceita http sem criptografia para um IXC fora desta máquina (rede local); o token atravessa a rede em texto aberto (avisa a cada execução)",
		"accept plain http to an IXC on another machine (a LAN); the token crosses the network in clear text (warns on every run)"))
}

// withOnResponse is c's client with fn seeing every HTTP exchange (after
// the hook c already had, if fn calls it).
func (c *connection) withOnResponse(fn func(ixc.ResponseInfo)) (*ixc.Client, error) {
	cc := *c
	cc.onResponse = fn
	return cc.client()
}
