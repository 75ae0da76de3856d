package ui

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
)

// fakeClock is the accessible driver's clock in tests: it moves only when
// told (advance), and each move is a tick the driver takes (advance waits
// for it, boundedly: a driver that is not waiting does not take it).
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	ticks chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: testNow, ticks: make(chan time.Time)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Ticks() (<-chan time.Time, func()) { return c.ticks, func() {} }

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	now := c.now
	c.mu.Unlock()
	select {
	case c.ticks <- now:
	case <-time.After(2 * time.Second):
	}
}

// watchedBuffer is an output a test can wait on: waitFor returns once the
// text holds sub n times (bounded; no polling sleep: each write wakes it).
type watchedBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	wrote chan struct{}
}

func newWatchedBuffer() *watchedBuffer { return &watchedBuffer{wrote: make(chan struct{}, 1)} }

func (b *watchedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	n, err := b.buf.Write(p)
	b.mu.Unlock()
	select {
	case b.wrote <- struct{}{}:
	default:
	}
	return n, err
}

func (b *watchedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *watchedBuffer) waitFor(t *testing.T, sub string, n int) {
	t.Helper()
	limit := time.After(30 * time.Second)
	for strings.Count(b.String(), sub) < n {
		select {
		case <-b.wrote:
		case <-limit:
			t.Fatalf("the output never showed %q %d times:\n%s", sub, n, lastLines(b.String(), 30))
		}
	}
}

// waitAfter waits (bounded) until the text shows sub after marker.
func (b *watchedBuffer) waitAfter(t *testing.T, marker, sub string) {
	t.Helper()
	limit := time.After(30 * time.Second)
	for {
		if _, after, ok := strings.Cut(b.String(), marker); ok && strings.Contains(after, sub) {
			return
		}
		select {
		case <-b.wrote:
		case <-limit:
			t.Fatalf("the output never showed %q after %q:\n%s", sub, marker, lastLines(b.String(), 30))
		}
	}
}

// Input that ends after a write (the review's pipe: the first product
// fixed, then nothing): exit 2, and on stderr the reason and the files
// written, the journal among them; stdout keeps the transcript only.
func TestAccessibleInputEndsAfterWriteListsJournal(t *testing.T) {
	t.Parallel()
	code, out, errOut := runScriptIO(t, i18n.PT, fullScript[:12])
	if code != 2 {
		t.Fatalf("exit %d\n%s\nstderr:\n%s", code, lastLines(out, 20), errOut)
	}
	re := regexp.MustCompile(`^ixc-leveduca: a entrada terminou antes da pergunta «Produto da oferta\nParamount\+»; nada mais foi feito\.\nixc-leveduca: arquivos gravados:\n(.+\n)*.+/ixc-leveduca-journal-\d{8}-\d{6}\.jsonl\n`)
	if !re.MatchString(errOut) {
		t.Errorf("stderr:\n%s", errOut)
	}
	if strings.Contains(out, "a entrada terminou") || strings.Contains(out, "arquivos gravados:") {
		t.Errorf("the ending went to stdout:\n%s", lastLines(out, 10))
	}
}

// clockedIXC serves the demo IXC through a handler that moves the driver's
// clock 800 ms for each request: an IXC that slow, without waiting for it.
func clockedIXC(t *testing.T, contracts int, clock *fakeClock, per time.Duration) (*ixcsim.Sim, string) {
	t.Helper()
	sim, _ := demoIXC(t, contracts)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clock.advance(per)
		sim.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return sim, srv.URL + "/webservice/v1"
}

// On a slow IXC, a wait says once that it is waiting and how to leave,
// then prints at most one line every 5 s: the pages read of the total
// where the work reports them (the coverage and hand-off audits), the
// time waited. A short wait prints nothing (TestAccessibleText: a clock
// that stands still). No key that does not exist in this mode is named.
func TestAccessibleSlowReadShowsProgress(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	sim, url := clockedIXC(t, 3000, clock, 800*time.Millisecond)
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	code := Run(Options{Lang: i18n.PT, Accessible: true, URL: url, Token: sim.DemoToken(), OutDir: dir,
		ProfilePath: dir + "/perfil.toml", In: strings.NewReader(strings.Join(fullScript, "\n") + "\n"), Out: &out, Err: &errOut,
		Now: func() time.Time { return testNow }, access: accessIO{clock: clock}})
	text := out.String()
	if code != 0 {
		t.Fatalf("exit %d\n%s\nstderr:\n%s", code, lastLines(text, 30), errOut.String())
	}
	const announce = "Aguardando o IXC… (Ctrl+C para sair)"
	line := regexp.MustCompile(`^(páginas lidas: (\d+) de (\d+)|ainda aguardando o IXC) · (\d+):(\d\d)$`)
	waits, pages := 0, 0
	last := -1 // seconds of the wait's last line; -1: not in a wait
	for _, l := range strings.Split(text, "\n") {
		if l == announce {
			waits++
			last = 1 // said after a second
			continue
		}
		m := line.FindStringSubmatch(l)
		if m == nil {
			if strings.Contains(l, "páginas lidas") || strings.Contains(l, "aguardando o IXC") {
				t.Errorf("odd progress line %q", l)
			}
			continue
		}
		if last < 0 {
			t.Errorf("a progress line outside a wait: %q", l)
			continue
		}
		mins, _ := strconv.Atoi(m[4])
		secs, _ := strconv.Atoi(m[5])
		at := mins*60 + secs
		if at-last < 5 {
			t.Errorf("progress line %q only %d s after the one before", l, at-last)
		}
		last = at
		if m[2] != "" {
			read, _ := strconv.Atoi(m[2])
			total, _ := strconv.Atoi(m[3])
			if total == 0 || read > total {
				t.Errorf("pages %q", l)
			}
			pages++
		}
	}
	if waits == 0 || pages == 0 {
		t.Errorf("%d long waits announced, %d lines with pages:\n%s", waits, pages, text)
	}
	if strings.Contains(strings.ToLower(text+errOut.String()), "ctrl+r") {
		t.Error("the accessible output names ctrl+r, a key it does not have")
	}
}

// interruptRun starts the accessible wizard on a pipe with Ctrl+C as a
// channel; ask says whether Ctrl+C asks (as when the input is a terminal).
type interruptRun struct {
	in        *os.File
	out, err  *watchedBuffer
	interrupt chan os.Signal
	code      chan int
}

func startInterruptRun(t *testing.T, url, token string, ask bool, lines ...string) *interruptRun {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close(); _ = w.Close() })
	ir := &interruptRun{in: w, out: newWatchedBuffer(), err: newWatchedBuffer(), interrupt: make(chan os.Signal, 1), code: make(chan int, 1)}
	dir := t.TempDir()
	go func() {
		ir.code <- Run(Options{Lang: i18n.PT, Accessible: true, URL: url, Token: token, OutDir: dir,
			ProfilePath: dir + "/perfil.toml", In: r, Out: ir.out, Err: ir.err, Interrupt: ir.interrupt,
			Now: func() time.Time { return testNow }, access: accessIO{clock: newFakeClock(), askOnInterrupt: &ask}})
	}()
	ir.typeIn(t, lines...)
	return ir
}

func (ir *interruptRun) typeIn(t *testing.T, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if _, err := io.WriteString(ir.in, l+"\n"); err != nil {
			t.Fatal(err)
		}
	}
}

func (ir *interruptRun) exit(t *testing.T) int {
	t.Helper()
	select {
	case code := <-ir.code:
		return code
	case <-time.After(30 * time.Second):
		t.Fatalf("the wizard did not end:\n%s", lastLines(ir.out.String(), 30))
	}
	return 0
}

// Ctrl+C while IXC is being waited for asks; "n" goes on waiting, and a
// second Ctrl+C at the question leaves with exit 130: the reads in flight
// are cancelled (the stuck request ends) and the run says why on stderr.
func TestAccessibleCtrlCDuringAWait(t *testing.T) {
	t.Parallel()
	sim, _ := demoIXC(t, 200)
	arrived, ended, stop := make(chan struct{}, 100), make(chan struct{}, 100), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// An IXC that never answers: the request ends only when the
		// client gives it up (or the test ends).
		// (The server notices a client gone only once the body is read.)
		_, _ = io.Copy(io.Discard, r.Body)
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
			ended <- struct{}{}
		case <-stop:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(stop) })
	ir := startInterruptRun(t, srv.URL+"/webservice/v1", sim.DemoToken(), true, "1", "", "")
	<-arrived // the connection test is waiting
	ir.interrupt <- os.Interrupt
	ir.out.waitFor(t, "Sair agora?", 1)
	ir.typeIn(t, "n")
	ir.out.waitFor(t, "Continuando.", 1)
	ir.interrupt <- os.Interrupt
	ir.out.waitFor(t, "Sair agora?", 2)
	ir.interrupt <- os.Interrupt
	if code := ir.exit(t); code != 130 {
		t.Fatalf("exit %d\n%s", code, ir.out.String())
	}
	select {
	case <-ended: // the server saw the client give the request up
	case <-time.After(10 * time.Second):
		t.Error("the request in flight was not cancelled")
	}
	if got := ir.err.String(); got != "ixc-leveduca: interrompido (Ctrl+C).\n" {
		t.Errorf("stderr %q", got)
	}
}

// Ctrl+C at a question after a write asks; the input ending then is a yes:
// exit 130, and the journal is listed on stderr.
func TestAccessibleCtrlCAtAQuestionThenEndOfInput(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	ir := startInterruptRun(t, url, sim.DemoToken(), true, fullScript[:12]...)
	ir.out.waitAfter(t, "Produto da oferta Paramount+", "Número da opção")
	ir.interrupt <- os.Interrupt
	ir.out.waitFor(t, "Sair agora?", 1)
	_ = ir.in.Close()
	if code := ir.exit(t); code != 130 {
		t.Fatalf("exit %d\n%s", code, ir.out.String())
	}
	if !regexp.MustCompile(`^ixc-leveduca: interrompido \(Ctrl\+C\)\.\nixc-leveduca: arquivos gravados:\n(.+\n)*.+/ixc-leveduca-journal-\d{8}-\d{6}\.jsonl\n`).MatchString(ir.err.String()) {
		t.Errorf("stderr:\n%s", ir.err.String())
	}
}

// When the input cannot answer (a pipe), Ctrl+C leaves at once: exit 130,
// no question, the reason on stderr.
func TestAccessibleCtrlCInAPipeLeaves(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	ir := startInterruptRun(t, url, sim.DemoToken(), false, "1")
	ir.out.waitFor(t, "Endereço do IXC", 1)
	ir.interrupt <- os.Interrupt
	if code := ir.exit(t); code != 130 {
		t.Fatalf("exit %d\n%s", code, ir.out.String())
	}
	if strings.Contains(ir.out.String(), "Sair agora?") || ir.err.String() != "ixc-leveduca: interrompido (Ctrl+C).\n" {
		t.Errorf("stdout:\n%s\nstderr %q", lastLines(ir.out.String(), 5), ir.err.String())
	}
}
