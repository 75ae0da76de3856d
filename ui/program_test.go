package ui

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// The wizard under a real Bubble Tea program (teatest: its renderer, its
// input loop), awaited on content, never on time: the start screen, then
// the connection screen with the token field, then Ctrl+C and "s". The
// token typed in must not reach the terminal. The flows themselves are
// driven by the synchronous driver (driver_test.go).
func TestProgramStartToConnection(t *testing.T) {
	t.Parallel()
	const token = "77:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	dir := t.TempDir()
	s := NewSessionFrom(Options{Lang: i18n.PT, Token: token, URL: "http://127.0.0.1:1", OutDir: dir, ProfilePath: dir + "/perfil.toml"})
	t.Cleanup(s.Close)
	m := New(s)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	var screen bytes.Buffer
	out := io.TeeReader(tm.Output(), &screen)
	waitFor := func(sub string) {
		t.Helper()
		teatest.WaitFor(t, out, func(b []byte) bool { return bytes.Contains(screen.Bytes(), []byte(sub)) },
			teatest.WithDuration(10*time.Second))
	}
	waitFor("O que você quer fazer?")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Token da API")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	waitFor("Sair agora?")
	tm.Send(tea.KeyPressMsg{Code: 's', Text: "s"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	if m.ExitCode != 130 {
		t.Fatalf("exit %d", m.ExitCode)
	}
	_, _ = io.Copy(&screen, tm.FinalOutput(t))
	if strings.Contains(screen.String(), token[3:]) {
		t.Fatal("the token reached the terminal")
	}
}
