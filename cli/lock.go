package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/runlock"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// lockWait is how long apply and undo wait for another run writing to the
// same IXC on this machine before they stop.
const lockWait = 5 * time.Minute

// lockIXC takes the lock of the IXC at url for command (runlock), so two
// runs on this machine never write to one IXC at once. When another run
// holds it, stderr says who (pid, host, since when) and this run waits, up
// to lockWait, then stops with exit 3 (nothing written); Ctrl+C while
// waiting is exit 130. A machine whose cache directory cannot be used or
// cannot lock files goes on without the lock, with a warning: the writes
// still converge (steps.Apply). A nil release means stop with code.
func lockIXC(ctx context.Context, stdio IO, lang i18n.Lang, command, url string) (release func(), code int) {
	dir, err := runlock.Dir(stdio.getenv)
	var l *runlock.Lock
	if err == nil {
		l, err = runlock.Acquire(ctx, dir, runlock.Me(command, url), runlock.Options{Wait: lockWait,
			Busy: func(h runlock.Holder) {
				fmt.Fprintln(stdio.Err, i18n.Tf(
					"Outro ixc-leveduca (%s, pid %d em %s, desde %s) está gravando neste IXC; aguardando até %d min que ele termine…",
					"Another ixc-leveduca (%s, pid %d on %s, since %s) is writing to this IXC; waiting up to %d min for it to finish…",
					holderCommand(h), h.PID, orDash(textsafe.Line(h.Host)), holderTime(h), int(lockWait.Minutes())).In(lang))
			}})
	}
	var busy *runlock.BusyError
	switch {
	case err == nil:
		return func() { _ = l.Release() }, ExitOK
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stdio.Err, "ixc-leveduca: "+i18n.T("interrompido", "interrupted").In(lang))
		return nil, ExitInterrupted
	case errors.As(err, &busy):
		h := busy.Holder
		fmt.Fprintln(stdio.Err, "ixc-leveduca: "+i18n.Tf(
			"outro ixc-leveduca (%s, pid %d em %s, desde %s) ainda está gravando neste IXC; nada foi gravado. Rode de novo quando ele terminar.",
			"another ixc-leveduca (%s, pid %d on %s, since %s) is still writing to this IXC; nothing was written. Run again when it ends.",
			holderCommand(h), h.PID, orDash(textsafe.Line(h.Host)), holderTime(h)).In(lang))
		return nil, ExitIXC
	}
	r := steps.Reason(err)
	fmt.Fprintln(stdio.Err, textsafe.Clean(i18n.T(
		fmt.Sprintf("atenção: sem a trava contra duas execuções ao mesmo tempo (%s); defina %s para um diretório gravável. As gravações continuam seguras contra duplicatas.", r.PT, runlock.EnvDir),
		fmt.Sprintf("warning: no lock against two runs at once (%s); set %s to a writable directory. The writes still never leave a duplicate.", r.EN, runlock.EnvDir)).In(lang)))
	return func() {}, ExitOK
}

// holderCommand and the host are read from a file in a shared directory:
// they are cleaned before they are shown.
func holderCommand(h runlock.Holder) string {
	if h.Command == "" {
		return "?"
	}
	return textsafe.Line(h.Command)
}

func holderTime(h runlock.Holder) string {
	if h.Started.IsZero() {
		return "?"
	}
	return h.Started.Local().Format("2006-01-02 15:04:05")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
