package cli

import (
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/charmbracelet/x/term"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// noTokenText is the problem reported when no token was given: it names
// the three ways to give one.
var noTokenText = i18n.T(
	"Nenhum token informado: defina a variável IXC_TOKEN com o token do IXC (id:hash), ou use --token-stdin com o token na primeira linha da entrada padrão, ou rode num terminal e digite-o quando for pedido (não aparece na tela).",
	"No token given: set the IXC_TOKEN variable to the IXC token (id:hash), or use --token-stdin with the token on the first line of standard input, or run in a terminal and type it when asked (it is not shown).")

// errPromptInterrupted is returned when Ctrl+C ends the token prompt.
var errPromptInterrupted = fmt.Errorf("token prompt interrupted")

// withToken returns env with IXC_TOKEN set from standard input when the
// environment has none (design: IXC_TOKEN, then --token-stdin, then a
// prompt on a terminal). With fromStdin the token is the first line of
// standard input (the rest is left for the [s/N] questions); otherwise,
// when standard input is a terminal, a prompt on stderr asks for it
// without echo. Without either, env is returned unchanged and the command
// reports noTokenText.
func (a *app) withToken(env IO, fromStdin bool) (IO, error) {
	if strings.TrimSpace(env.getenv("IXC_TOKEN")) != "" {
		return env, nil
	}
	var tok string
	switch {
	case fromStdin:
		line, _ := a.stdin().ReadString('\n')
		tok = strings.TrimSpace(line)
	case isTerminal(a.stdio.In):
		t, err := a.promptToken()
		if err != nil {
			return env, err
		}
		tok = t
	default:
		return env, nil
	}
	if tok == "" {
		return env, nil
	}
	out := env
	out.Getenv = func(k string) string {
		if k == "IXC_TOKEN" {
			return tok
		}
		return env.getenv(k)
	}
	return out, nil
}

// promptToken asks for the token on the terminal without echo. Ctrl+C
// restores the terminal and returns errPromptInterrupted.
func (a *app) promptToken() (string, error) {
	fd := a.stdio.In.(interface{ Fd() uintptr }).Fd()
	fmt.Fprint(a.stdio.Err, i18n.T("Token do IXC (id:hash; não aparece ao digitar): ",
		"IXC token (id:hash; not shown as you type): ").In(a.lang))
	state, _ := term.GetState(fd)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		fmt.Fprintln(a.stdio.Err)
		if r.err != nil {
			return "", nil
		}
		return strings.TrimSpace(string(r.b)), nil
	case <-sig:
		if state != nil {
			_ = term.Restore(fd, state)
		}
		fmt.Fprintln(a.stdio.Err)
		return "", errPromptInterrupted
	}
}
