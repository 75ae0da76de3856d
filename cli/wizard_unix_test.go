//go:build linux || darwin

package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ptyScreen collects what a program started on a pseudo-terminal writes.
type ptyScreen struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	done chan struct{}
}

func (s *ptyScreen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// waitCount waits (bounded) until the screen shows sub at least n times.
func (s *ptyScreen) waitCount(t *testing.T, sub string, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for strings.Count(s.text(), sub) < n {
		if time.Now().After(deadline) {
			t.Fatalf("the terminal never showed %q %d times; it shows:\n%s", sub, n, s.text())
		}
		select {
		case <-s.done:
			if strings.Count(s.text(), sub) < n {
				t.Fatalf("the program ended before showing %q %d times:\n%s", sub, n, s.text())
			}
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// ptyWizard is `--demo --accessible` started on a pseudo-terminal.
type ptyWizard struct {
	dir     string
	tty     *os.File
	scr     *ptyScreen
	exited  chan struct{}
	waitErr error
}

// startAccessibleOnPTY starts it.
func startAccessibleOnPTY(t *testing.T) *ptyWizard {
	t.Helper()
	bin := buildBinary(t)
	dir := t.TempDir()
	cmd := exec.Command(bin, "--demo", "--accessible")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR="+dir, "IXC_URL=", "IXC_TOKEN=", "NO_COLOR=1")
	tty, err := pty.Start(cmd) // a new session whose controlling terminal is the pty
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	w := &ptyWizard{dir: dir, tty: tty, scr: &ptyScreen{done: make(chan struct{})}, exited: make(chan struct{})}
	go func() {
		defer close(w.scr.done)
		b := make([]byte, 4096)
		for {
			n, err := tty.Read(b)
			w.scr.mu.Lock()
			w.scr.buf.Write(b[:n])
			w.scr.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() { w.waitErr = cmd.Wait(); close(w.exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-w.exited
		_ = tty.Close()
		<-w.scr.done
	})
	return w
}

func (w *ptyWizard) typeIn(t *testing.T, s string) {
	t.Helper()
	if _, err := io.WriteString(w.tty, s); err != nil {
		t.Fatal(err)
	}
}

// exit waits (bounded) for the program's end: its exit code and screen.
func (w *ptyWizard) exit(t *testing.T) (int, string) {
	t.Helper()
	select {
	case <-w.exited:
	case <-time.After(60 * time.Second):
		t.Fatalf("the wizard did not end:\n%s", w.scr.text())
	}
	<-w.scr.done
	code := 0
	var ee *exec.ExitError
	if errors.As(w.waitErr, &ee) {
		code = ee.ExitCode()
	} else if w.waitErr != nil {
		t.Fatal(w.waitErr)
	}
	return code, strings.ReplaceAll(w.scr.text(), "\r\n", "\n")
}

// Ctrl+C typed in a terminal reaches --accessible as SIGINT (the terminal
// makes it; the program reads no byte): it asks before leaving, "n" goes
// on with the same question, and a second Ctrl+C at the question leaves
// with exit 130, saying so and listing the files written (here the
// profile and the journal of the product fix).
func TestAccessibleCtrlCAsksAndListsFiles(t *testing.T) {
	w := startAccessibleOnPTY(t)
	scr, dir, typeIn := w.scr, w.dir, func(s string) { w.typeIn(t, s) }

	// The review's path up to the second product, after a write: start,
	// address and token kept, continue, both offers, with a product, #12,
	// fix it (ISSQN, SVA), write it for me, use it.
	scr.waitCount(t, "O que você quer fazer?", 1)
	typeIn(strings.Join([]string{"1", "", "", "1", "3", "1", "1", "1", "1", "2", "1", "1"}, "\r") + "\r")
	const prompt = "Número da opção (1 a 3; Enter = 1): "
	scr.waitCount(t, "Produto da oferta Paramount+", 1)
	before := strings.Count(scr.text(), prompt)
	typeIn("\x03")
	scr.waitCount(t, "Sair agora?", 1)
	typeIn("n\r")
	scr.waitCount(t, "Continuando.", 1)
	scr.waitCount(t, prompt, before+1) // the same question again
	typeIn("\x03")
	scr.waitCount(t, "Sair agora?", 2)
	typeIn("\x03") // a second Ctrl+C is yes

	code, text := w.exit(t)
	if code != 130 {
		t.Fatalf("exit %d, want 130:\n%s", code, text)
	}
	journals, _ := filepath.Glob(filepath.Join(dir, "ixc-leveduca-demo-*", "ixc-leveduca-journal-*.jsonl"))
	if len(journals) != 1 {
		t.Fatalf("journals %v", journals)
	}
	_, tail, _ := strings.Cut(text, "ixc-leveduca: interrompido (Ctrl+C).\n")
	if !strings.Contains(tail, "ixc-leveduca: arquivos gravados:\n") || !strings.Contains(tail, journals[0]+"\n") {
		t.Errorf("no interruption followed by the files written (journal %s):\n%s", journals[0], text)
	}
}

// Ctrl+C while the token is being read (the terminal's echo off): the
// answer to "Sair agora?" is seen as typed, "n" asks for the token again,
// and Ctrl+C twice leaves with exit 130 with the echo back on.
func TestAccessibleCtrlCAtTheTokenEchoesTheAnswer(t *testing.T) {
	w := startAccessibleOnPTY(t)
	w.scr.waitCount(t, "O que você quer fazer?", 1)
	w.typeIn(t, "1\r\r") // new setup; keep the address
	const tokenPrompt = "Resposta (Enter mantém o valor já informado, que não é mostrado): "
	w.scr.waitCount(t, tokenPrompt, 1)
	w.typeIn(t, "\x03")
	w.scr.waitCount(t, "[s/N] ", 1)
	w.typeIn(t, "n\r")
	w.scr.waitCount(t, "Continuando.", 1)
	w.scr.waitCount(t, tokenPrompt, 2)
	w.typeIn(t, "\x03")
	w.scr.waitCount(t, "[s/N] ", 2)
	w.typeIn(t, "\x03")
	code, text := w.exit(t)
	if code != 130 || !strings.Contains(text, "[s/N] n\nContinuando.") {
		t.Fatalf("exit %d:\n%s", code, text)
	}
}
