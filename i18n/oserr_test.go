package i18n

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"testing"
)

// OSReason words the operating system's real errors (wrapped or not) and
// nothing else.
func TestOSReason(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, missing := os.Open(filepath.Join(dir, "missing"))
	_, notDir := os.Open(filepath.Join(file, "x"))
	_, isDir := os.ReadFile(dir)
	exists := os.Mkdir(dir, 0o700)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, inUse := net.Listen("tcp", busy.Addr().String())
	for _, tc := range []struct {
		err error
		pt  string
		en  string
	}{
		{missing, "o arquivo ou a pasta não existe", "the file or folder does not exist"},
		{&wrapped{missing}, "o arquivo ou a pasta não existe", "the file or folder does not exist"},
		{notDir, "uma parte do caminho não é uma pasta", "a part of the path is not a folder"},
		{isDir, "é uma pasta, não um arquivo", "it is a folder, not a file"},
		{exists, "já existe", "it already exists"},
		{inUse, "o endereço e a porta já estão em uso por outro programa", "the address and port are already in use by another program"},
	} {
		got, ok := OSReason(tc.err)
		if !ok || got.PT != tc.pt || got.EN != tc.en {
			t.Errorf("%v: %q %v, want %q / %q", tc.err, got, ok, tc.pt, tc.en)
		}
	}
	for _, err := range []error{nil, errors.New("something else")} {
		if got, ok := OSReason(err); ok || !got.IsZero() {
			t.Errorf("%v: %q, want nothing", err, got)
		}
	}
}

type wrapped struct{ err error }

func (w *wrapped) Error() string { return "journal: " + w.err.Error() }
func (w *wrapped) Unwrap() error { return w.err }
