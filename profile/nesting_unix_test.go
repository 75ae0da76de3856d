//go:build unix

package profile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO or a device hangs a reader: Load refuses them before opening.
func TestLoadRefusesFIFOAndDevice(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "perfil.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := Load(fifo); done <- err }()
	select {
	case err := <-done:
		var e *Error
		if !errors.Is(err, errNotRegular) || !errors.As(err, &e) || !strings.Contains(e.Msg.PT, "não é um arquivo comum") {
			t.Fatalf("Load(fifo) = %v", err)
		}
	case <-time.After(10 * time.Second):
		// Unblock the reader so the test process can end.
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			f.Close()
		}
		t.Fatal("Load blocked on a FIFO")
	}
	if _, err := Load("/dev/zero"); !errors.Is(err, errNotRegular) {
		t.Fatalf("Load(/dev/zero) = %v", err)
	}
}
