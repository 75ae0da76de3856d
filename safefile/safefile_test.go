package safefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func noStrays(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestWriteNewFileIs0600(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "report.md")
	if err := Write(p, []byte("hello"), Options{}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, p); got != "hello" {
		t.Fatalf("content %q", got)
	}
	if runtime.GOOS != "windows" && mode(t, p) != 0o600 {
		t.Fatalf("mode %v, want 0600", mode(t, p))
	}
	noStrays(t, dir)
}

func TestWriteRefusesExistingWithoutOverwrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	if err := os.WriteFile(p, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(p, []byte("new"), Options{})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("err = %v, want ErrExists", err)
	}
	if got := read(t, p); got != "precious" {
		t.Fatalf("existing file changed: %q", got)
	}
	noStrays(t, dir)
}

func TestOverwriteReplacesAndTightensMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "handoff.json")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("new token inside"), Options{Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, p); got != "new token inside" {
		t.Fatalf("content %q", got)
	}
	// A pre-existing 0644 file does not keep its mode: the new file is 0600.
	if runtime.GOOS != "windows" && mode(t, p) != 0o600 {
		t.Fatalf("mode %v, want 0600", mode(t, p))
	}
	noStrays(t, dir)
}

func TestBackupKeepsPrevious(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "perfil.toml")
	if err := os.WriteFile(p, []byte("v1"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("v2"), Options{Backup: true}); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("v3"), Options{Backup: true}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, p); got != "v3" {
		t.Fatalf("content %q", got)
	}
	if got := read(t, p+".bak"); got != "v2" {
		t.Fatalf(".bak %q, want v2", got)
	}
	if runtime.GOOS != "windows" && mode(t, p+".bak") != 0o600 {
		t.Fatalf(".bak mode %v", mode(t, p+".bak"))
	}
	// No previous file: no .bak.
	q := filepath.Join(dir, "novo.toml")
	if err := Write(q, []byte("x"), Options{Backup: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(q + ".bak"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a .bak was made for a new file: %v", err)
	}
}

func TestRefusesSymlinkTarget(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("do not touch"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "report.md")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	for _, o := range []Options{{}, {Overwrite: true}, {Backup: true}} {
		err := Write(link, []byte("attack"), o)
		if !errors.Is(err, ErrNotRegular) {
			t.Fatalf("%+v: err = %v, want ErrNotRegular", o, err)
		}
	}
	if got := read(t, victim); got != "do not touch" {
		t.Fatalf("the link's target was written: %q", got)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced")
	}
	// A dangling link (to a file an attacker wants created) is refused too.
	dangling := filepath.Join(dir, "out.csv")
	if err := os.Symlink(filepath.Join(dir, "created-by-attack"), dangling); err != nil {
		t.Fatal(err)
	}
	if err := Write(dangling, []byte("x"), Options{}); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("dangling link: err = %v", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "created-by-attack")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the dangling link's target was created")
	}
	// A symlinked .bak is refused, and the profile is then left as it was.
	p := filepath.Join(dir, "perfil.toml")
	_ = os.WriteFile(p, []byte("v1"), 0o600)
	if err := os.Symlink(victim, p+".bak"); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("v2"), Options{Backup: true}); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("symlinked .bak: err = %v", err)
	}
	if read(t, p) != "v1" || read(t, victim) != "do not touch" {
		t.Fatal("a file changed after a refused .bak")
	}
	noStrays(t, dir)
}

func TestRefusesDirectoryAndDevice(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, []byte("x"), Options{Overwrite: true}); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("directory: err = %v", err)
	}
	if runtime.GOOS != "windows" {
		if err := Write("/dev/null", []byte("x"), Options{Overwrite: true}); !errors.Is(err, ErrNotRegular) {
			t.Fatalf("/dev/null: err = %v", err)
		}
	}
}

func TestFillErrorLeavesTargetAlone(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x")
	_ = os.WriteFile(p, []byte("old"), 0o600)
	boom := errors.New("boom")
	err := WriteFunc(p, Options{Overwrite: true}, func(w io.Writer) error {
		_, _ = w.Write([]byte("half"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if read(t, p) != "old" {
		t.Fatal("target changed")
	}
	noStrays(t, dir)
}
