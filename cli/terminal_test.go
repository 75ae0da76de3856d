//go:build linux || darwin

package cli

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// A pseudo-terminal is the only faithful stand-in for a technician's
// terminal: the masked prompt turns echo off on it, and the progress line
// is drawn only when stderr is one. github.com/creack/pty (on the approved
// package list) opens one; the test reads what the program wrote to it
// from the other end.
type ptyPair struct {
	tty    *os.File // the program's end
	mu     sync.Mutex
	screen bytes.Buffer // what the program wrote (and the terminal echoed)
	master *os.File
	done   chan struct{}
}

func openPTY(t *testing.T) *ptyPair {
	t.Helper()
	m, s, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	_ = pty.Setsize(m, &pty.Winsize{Rows: 24, Cols: 100})
	p := &ptyPair{tty: s, master: m, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		buf := make([]byte, 4096)
		for {
			n, err := m.Read(buf)
			p.mu.Lock()
			p.screen.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { _ = s.Close(); _ = m.Close(); <-p.done })
	return p
}

// waitEchoOff waits until the program has turned the terminal's echo off
// (a secret typed before that would be echoed by the terminal itself).
func (p *ptyPair) waitEchoOff(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		tio, err := unix.IoctlGetTermios(int(p.tty.Fd()), getTermios)
		if err != nil {
			t.Fatalf("reading the terminal's settings: %v", err)
		}
		if tio.Lflag&unix.ECHO == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the echo was never turned off")
}

func (p *ptyPair) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.screen.String()
}

// waitFor waits (bounded) until the terminal shows s.
func (p *ptyPair) waitFor(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(p.text(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("the terminal never showed %q; it shows %q", s, p.text())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// runTTY runs Main with stdin and stderr on the pty and stdout in a buffer.
func runTTY(p *ptyPair, env map[string]string, args ...string) (int, string) {
	var out bytes.Buffer
	code := Main(args, IO{In: p.tty, Out: &out, Err: p.tty, Getenv: envOf(env)})
	return code, out.String()
}

func TestTokenPromptOnTerminal(t *testing.T) {
	sim, _, prof := startSim(t, 50)
	token := sim.DemoToken()
	hash := token[strings.Index(token, ":")+1:]
	p := openPTY(t)
	type result struct {
		code int
		out  string
	}
	res := make(chan result, 1)
	go func() {
		code, out := runTTY(p, nil, "audit", "--profile", prof, "--format", "json", "--lang", "en")
		res <- result{code, out}
	}()
	p.waitFor(t, "IXC token (id:hash; not shown as you type): ")
	p.waitEchoOff(t) // the prompt is printed just before echo goes off
	if _, err := io.WriteString(p.master, token+"\r"); err != nil {
		t.Fatal(err)
	}
	r := <-res
	a := decodeAudit(t, r.out)
	if r.code != ExitFindings || a.Steps[0].Status != "ok" {
		t.Fatalf("exit %d: %+v", r.code, a.Steps[0])
	}
	if strings.Contains(p.text(), hash) || strings.Contains(r.out, hash) {
		t.Fatalf("the typed token was echoed: %q", p.text())
	}
}

// On a terminal, an audit draws its progress (pages per table) on stderr
// and erases it before the report; in a pipe, stderr gets nothing at all.
func TestAuditProgressOnlyOnTerminal(t *testing.T) {
	sim, _, prof := startSim(t, 3000) // several pages of 1,000 contracts
	env := map[string]string{"IXC_TOKEN": sim.DemoToken()}

	p := openPTY(t)
	code, out := runTTY(p, env, "audit", "--profile", prof, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d", code)
	}
	decodeAudit(t, out) // stdout is the JSON alone
	p.waitFor(t, "lendo do IXC (páginas): ")
	// A table of several pages is shown page by page up to its total.
	p.waitFor(t, "cliente 3/3")
	if !strings.Contains(p.text(), "cliente 1/3") {
		t.Errorf("no intermediate page of cliente: %q", p.text())
	}
	// The last thing on stderr erases the line (the reader may lag behind).
	deadline := time.Now().Add(10 * time.Second)
	for !strings.HasSuffix(p.text(), "\r\x1b[2K") {
		if time.Now().After(deadline) {
			s := p.text()
			t.Fatalf("the progress line was not erased at the end: %q", s[max(0, len(s)-80):])
		}
		time.Sleep(10 * time.Millisecond)
	}

	code, out, errOut := run(t, env, "audit", "--profile", prof, "--format", "json")
	if code != ExitFindings || errOut != "" {
		t.Fatalf("pipe: exit %d stderr %q", code, errOut)
	}
	decodeAudit(t, out)
}

// apply --yes draws "writes done / total" on a terminal's stderr, and
// nothing in a pipe.
func TestApplyProgressOnlyOnTerminal(t *testing.T) {
	w := newApplyWorld(t)
	p := openPTY(t)
	code, out := runTTY(p, w.env, "apply", "--profile", w.prof, "--yes")
	if code != ExitFindings && code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, p.text())
	}
	p.waitFor(t, "gravando no IXC: ")
	if strings.Contains(out, "gravando no IXC") {
		t.Fatal("progress on stdout")
	}

	w2 := newApplyWorld(t)
	code, _, errOut := runIn(t, w2.env, "", "apply", "--profile", w2.prof, "--yes")
	if (code != ExitFindings && code != ExitOK) || strings.Contains(errOut, "gravando") || strings.Contains(errOut, "\x1b[2K") {
		t.Fatalf("pipe: exit %d stderr %q", code, errOut)
	}
}

// panicModel panics on its first key press, as a bug in a screen would.
type panicModel struct{}

func (panicModel) Init() tea.Cmd { return nil }
func (panicModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		panic("screen bug")
	}
	return panicModel{}, nil
}
func (panicModel) View() tea.View { return tea.NewView("a screen") }

// A panic inside the full-screen program: Bubble Tea restores the
// terminal, and the user gets one line in their language and exit 3, not
// Bubble Tea's "Caught panic" and a Go stack trace.
//
// Not under the race detector: after a panic, Bubble Tea v2.1.1's shutdown
// closes the input reader without waiting for its read loop (a race inside
// the library, reported on cancelreader's file), and that loop outlives the
// program. .ci/run runs this test again without -race, so CI always checks it.
func TestFullScreenPanicIsAnInternalError(t *testing.T) {
	if raceEnabled {
		t.Skip("Bubble Tea's panic shutdown races with its own read loop; run without -race (.ci/run does)")
	}
	p := openPTY(t)
	var errb bytes.Buffer
	a := newApp(IO{In: p.tty, Out: p.tty, Err: &errb}, "en")
	done := make(chan int, 1)
	go func() {
		done <- a.guardFullScreen(func() int {
			_, err := tea.NewProgram(panicModel{}, tea.WithInput(p.tty), tea.WithOutput(p.tty)).Run()
			if err == nil {
				return 0
			}
			return 1
		})
	}()
	p.waitFor(t, "a screen")
	if _, err := io.WriteString(p.master, "x"); err != nil {
		t.Fatal(err)
	}
	var code int
	select {
	case code = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the program did not end after its panic")
	}
	if code != ExitIXC || !strings.Contains(errb.String(), "internal program error (screen bug)") {
		t.Fatalf("exit %d stderr %q", code, errb.String())
	}
	if s := p.text() + errb.String(); strings.Contains(s, "goroutine") || strings.Contains(s, "Caught panic") {
		t.Fatalf("a stack trace reached the user: %q", s)
	}
}
