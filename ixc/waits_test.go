package ixc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// silentListener accepts connections and never answers (an IXC whose PHP
// workers are all stuck). Connections are closed when the test ends.
func silentListener(t *testing.T) (addr string, accepted *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted = new(atomic.Int64)
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String(), accepted
}

func waitOf(t *testing.T, err error) *WaitError {
	t.Helper()
	var w *WaitError
	if !errors.As(err, &w) {
		t.Fatalf("no *WaitError in %v", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !IsTimeout(err) {
		t.Fatalf("a wait that ran out is not a timeout: %v", err)
	}
	return w
}

// The probe gives up within its budget in total, retries included, against
// a listener that accepts and never answers.
func TestProbeEndsWithinBudgetOnSilentServer(t *testing.T) {
	addr, accepted := silentListener(t)
	c := newTestClient(t, "http://"+addr, func(o *Options) {
		o.ProbeBudget = 300 * time.Millisecond
		o.Timeout = 100 * time.Millisecond // each attempt; retries follow
		o.MaxRetries = 50
	})
	start := time.Now()
	_, err := c.Probe(context.Background(), "produtos")
	took := time.Since(start)
	e := asError(t, err)
	if e.Kind != KindUnreachable || !e.Timeout {
		t.Fatalf("got %+v", e)
	}
	if w := waitOf(t, err); w.What != WaitProbe && w.What != WaitAnswer {
		t.Fatalf("wait %+v", w)
	}
	if took > 3*time.Second { // the budget is 300ms; generous for a loaded machine
		t.Fatalf("the probe took %s", took)
	}
	if accepted.Load() < 2 {
		t.Fatalf("%d connections: the probe did not retry within its budget", accepted.Load())
	}
}

// Without a probe, the per-attempt answer wait cuts a silent server.
func TestAnswerWaitCutsSilentServer(t *testing.T) {
	addr, _ := silentListener(t)
	c := newTestClient(t, "http://"+addr, func(o *Options) {
		o.Timeout = 100 * time.Millisecond
		o.MaxRetries = -1
	})
	_, err := c.List(context.Background(), Query{Table: "cliente"})
	if w := waitOf(t, err); w.What != WaitAnswer || w.Limit != 100*time.Millisecond {
		t.Fatalf("wait %+v", w)
	}
	if !strings.Contains(err.Error(), "no answer within 100ms") {
		t.Fatalf("message: %v", err)
	}
}

// A body that stops arriving is cut after StallTimeout; one that keeps
// arriving is read to the end even when it takes longer than Timeout.
func TestStalledBodyIsCutMovingBodyIsNot(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/x-json; charset=utf-8")
		fl := w.(http.Flusher)
		if strings.HasSuffix(r.URL.Path, "/stall") {
			_, _ = w.Write([]byte(`{"page":"1","total":"1","registros":[`))
			fl.Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		_, _ = w.Write([]byte(`{"page":"1","total":"1","registros":[{"id":"1","x":"`))
		fl.Flush()
		for range 8 { // 8 × 40ms: longer than Timeout, never a stall
			time.Sleep(40 * time.Millisecond)
			_, _ = w.Write([]byte("abc"))
			fl.Flush()
		}
		_, _ = w.Write([]byte(`"}]}`))
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(o *Options) {
		o.Timeout = 150 * time.Millisecond
		o.StallTimeout = 150 * time.Millisecond
		o.MaxRetries = -1
	})
	_, err := c.List(context.Background(), Query{Table: "stall"})
	if w := waitOf(t, err); w.What != WaitStall {
		t.Fatalf("wait %+v", w)
	}
	p, err := c.List(context.Background(), Query{Table: "moving"})
	if err != nil || len(p.Records) != 1 || len(p.Records[0]["x"]) != 24 {
		t.Fatalf("moving body: %+v, %v", p, err)
	}
}

// A closed port fails at once (no retry before IXC ever answered), within
// the connect wait.
func TestClosedPortFailsFast(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := newTestClient(t, "http://"+addr, func(o *Options) { o.RetryBase, o.RetryCap = time.Second, time.Second })
	start := time.Now()
	_, err = c.Probe(context.Background(), "produtos")
	if KindOf(err) != KindUnreachable {
		t.Fatalf("got %v", err)
	}
	if took := time.Since(start); took > 900*time.Millisecond { // one backoff would be ≥ 500ms
		t.Fatalf("a closed port took %s (retried?)", took)
	}
}

// With AllowHTTP a LAN name over plain http is used (the dial hook maps
// "ixc.lan" onto a loopback listener: no packet leaves this machine);
// without it the address is refused, naming --allow-http.
func TestAllowHTTPWithDialHook(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Host != "ixc.lan:8080" {
			t.Errorf("Host %q", r.Host)
		}
		writeJSON(w, 200, `{"page":"1","total":"0"}`)
	}))
	defer srv.Close()
	loop := srv.Listener.Addr().String()
	var dialed []string
	var mu sync.Mutex
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		mu.Lock()
		dialed = append(dialed, addr)
		mu.Unlock()
		if addr != "ixc.lan:8080" {
			return nil, fmt.Errorf("test dialer: refusing %s", addr)
		}
		var d net.Dialer
		return d.DialContext(ctx, network, loop)
	}
	_, err := New(Options{BaseURL: "http://ixc.lan:8080", Token: testToken(t), DialContext: dial})
	var ue *URLError
	if !errors.As(err, &ue) || !ue.NeedsAllowHTTP || !strings.Contains(ue.Reason, "--allow-http") ||
		strings.Contains(ue.Reason, "--ca-cert") || strings.Contains(ue.Reason, "--insecure") ||
		!strings.Contains(ue.ReasonPT, "--allow-http") {
		t.Fatalf("without AllowHTTP: %v", err)
	}
	c := newTestClient(t, "http://ixc.lan:8080", func(o *Options) { o.AllowHTTP = true; o.DialContext = dial })
	if host, ok := PlainHTTP(c.BaseURL()); !ok || host != "ixc.lan:8080" {
		t.Fatalf("PlainHTTP(%s) = %q, %v", c.BaseURL(), host, ok)
	}
	if _, err := c.Probe(context.Background(), "produtos"); err != nil {
		t.Fatal(err)
	}
	if len(dialed) == 0 {
		t.Fatal("the dial hook was not used")
	}
}

func TestPlainHTTP(t *testing.T) {
	for base, want := range map[string]bool{
		"http://127.0.0.1:8990/webservice/v1":      false,
		"http://localhost/webservice/v1":           false,
		"http://[::1]:80/webservice/v1":            false,
		"https://192.168.0.10/webservice/v1":       false,
		"http://192.168.0.10/webservice/v1":        true,
		"http://ixc.provedor.lan:81/webservice/v1": true,
	} {
		if _, got := PlainHTTP(base); got != want {
			t.Errorf("PlainHTTP(%s) = %v", base, got)
		}
	}
	for _, raw := range []string{"http://10.0.0.5:8080", "http://192.168.1.2", "ixc.lan"} {
		if _, err := (URLPolicy{AllowHTTP: true}).Normalize(raw); err != nil {
			t.Errorf("AllowHTTP %s: %v", raw, err)
		}
	}
}

// The default path, unscaled: against a silent server the connection test
// gives up within ProbeBudget (20 s), under the 30 s the issue allows. It
// sleeps 20 s (on a parallel slot, using no CPU); -short skips it.
func TestProbeDefaultBudgetEndsUnder30s(t *testing.T) {
	if testing.Short() {
		t.Skip("20 s of waiting; the scaled tests above cover the logic")
	}
	t.Parallel()
	addr, _ := silentListener(t)
	c, err := New(Options{BaseURL: "http://" + addr, Token: testToken(t)}) // every default
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.Probe(context.Background(), "produtos")
	took := time.Since(start)
	if KindOf(err) != KindUnreachable || !IsTimeout(err) {
		t.Fatalf("got %v", err)
	}
	if took < DefaultProbeBudget-time.Second || took > 30*time.Second {
		t.Fatalf("the default connection test took %s", took)
	}
}
