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

// Ctrl+C typed in a terminal reaches --accessible as SIGINT (the terminal
// makes it; the program reads no byte): it asks before leaving, "n" goes
// on with the same question, and a second Ctrl+C at the question leaves
// with exit 130, saying so and listing the files written (here the
// profile and the journal of the product fix).
func TestAccessibleCtrlCAsksAndListsFiles(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	cmd := exec.Command(bin, "--demo", "--accessible")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR="+dir, "IXC_URL=", "IXC_TOKEN=", "NO_COLOR=1")
	tty, err := pty.Start(cmd) // a new session whose controlling terminal is the pty
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	scr := &ptyScreen{done: make(chan struct{})}
	go func() {
		defer close(scr.done)
		b := make([]byte, 4096)
		for {
			n, err := tty.Read(b)
			scr.mu.Lock()
			scr.buf.Write(b[:n])
			scr.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	var waitErr error
	exited := make(chan struct{})
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		_ = tty.Close()
		<-scr.done
	})
	typeIn := func(s string) {
		t.Helper()
		if _, err := io.WriteString(tty, s); err != nil {
			t.Fatal(err)
		}
	}

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

	var code int
	select {
	case <-exited:
		var ee *exec.ExitError
		if errors.As(waitErr, &ee) {
			code = ee.ExitCode()
		} else if waitErr != nil {
			t.Fatal(waitErr)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("the wizard did not end after Ctrl+C twice:\n%s", scr.text())
	}
	<-scr.done
	text := strings.ReplaceAll(scr.text(), "\r\n", "\n")
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
