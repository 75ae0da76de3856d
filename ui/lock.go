package ui

import (
	"context"
	"errors"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/runlock"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// lockWait is how long a wizard write waits for another run (an `apply`
// or `undo` on this machine) writing to the same IXC.
const lockWait = 2 * time.Minute

// lockWrites takes the IXC's lock (runlock, shared with apply and undo)
// for one write, inside the write's command. Another run holding it makes
// the write wait up to lockWait, then fail with who holds it (nothing is
// written). A machine that cannot lock files writes without the lock: the
// writes still converge (steps.Apply).
func lockWrites(ctx context.Context, url string) (release func(), err error) {
	if u, nerr := ixc.NormalizeURL(url); nerr == nil {
		url = u
	}
	dir, err := runlock.Dir(nil)
	if err != nil {
		return func() {}, nil
	}
	l, err := runlock.Acquire(ctx, dir, runlock.Me("wizard", url), runlock.Options{Wait: lockWait})
	var busy *runlock.BusyError
	switch {
	case err == nil:
		return func() { _ = l.Release() }, nil
	case errors.As(err, &busy):
		h := busy.Holder
		return nil, i18n.Errorf(
			"outro ixc-leveduca (%s, pid %d em %s, desde %s) está gravando neste IXC: nada foi gravado; tente de novo quando ele terminar",
			"another ixc-leveduca (%s, pid %d on %s, since %s) is writing to this IXC: nothing was written; try again when it ends",
			textsafe.Line(h.Command), h.PID, textsafe.Line(h.Host), h.Started.Local().Format("2006-01-02 15:04:05"))
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return nil, err
	}
	return func() {}, nil
}
