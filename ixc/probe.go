package ixc

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrProbeBudget is the cause of a Probe's context when its budget ran out.
// A caller bounding several probes by one budget (steps.CheckConnection)
// gives its context this cause too, so that running out of it reads as IXC
// not answering the connection test.
var ErrProbeBudget = errors.New("ixc: the connection test's time ran out")

// Probe is the connection test: a one-row list of table that gives up
// within ProbeBudget in total, retries and backoff included. A healthy IXC
// answers it in well under a second; one that accepts the connection and
// never answers gets an *Error of Kind KindUnreachable wrapping a
// *WaitError.
func (c *Client) Probe(ctx context.Context, table string) (*Page, error) {
	pctx, cancel := context.WithTimeoutCause(ctx, c.probeBudget, ErrProbeBudget)
	defer cancel()
	p, _, err := c.list(pctx, "probe", Query{Table: table, Page: 1, RP: 1}, false)
	return p, err
}

// ProbeBudget is the total time Probe may take.
func (c *Client) ProbeBudget() time.Duration { return c.probeBudget }

// ctxError is the error of an exchange whose context ended: the probe's
// budget is IXC not answering in time; anything else is the caller
// cancelling (KindUnknown wrapping ctx.Err()).
func (c *Client) ctxError(ctx context.Context, mk func(Kind, int, string) *Error) *Error {
	if errors.Is(context.Cause(ctx), ErrProbeBudget) {
		e := mk(KindUnreachable, 0, "")
		e.Timeout = true
		e.Err = &WaitError{What: WaitProbe, Limit: c.probeBudget}
		return e
	}
	e := mk(KindUnknown, 0, "")
	e.Err = ctx.Err()
	return e
}

// WaitKind says which wait of the client ran out.
type WaitKind int

// The client's waits (docs/architecture.md, "Timeouts").
const (
	WaitAnswer WaitKind = iota // Timeout: the answer did not start
	WaitStall                  // StallTimeout: the answer stopped arriving
	WaitProbe                  // ProbeBudget: the connection test as a whole
)

// WaitError is the underlying error of a request cut by one of the
// client's waits. It is a timeout (Timeout() is true, and it matches
// context.DeadlineExceeded).
type WaitError struct {
	What  WaitKind
	Limit time.Duration
}

func (w *WaitError) Error() string {
	switch w.What {
	case WaitStall:
		return fmt.Sprintf("the answer stalled: no byte for %s", w.Limit)
	case WaitProbe:
		return fmt.Sprintf("no answer to the connection test within %s", w.Limit)
	}
	return fmt.Sprintf("no answer within %s", w.Limit)
}

// Timeout reports true (net.Error style).
func (w *WaitError) Timeout() bool { return true }

// Is makes errors.Is(err, context.DeadlineExceeded) true.
func (w *WaitError) Is(target error) bool { return target == context.DeadlineExceeded }
