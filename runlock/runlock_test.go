package runlock

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const url = "https://ixc.example.com/webservice/v1"

func TestSecondRunSeesTheHolder(t *testing.T) {
	dir := t.TempDir()
	me := Me("apply", url)
	l, err := Acquire(context.Background(), dir, me, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var seen []Holder
	_, err = Acquire(context.Background(), dir, Me("undo", url), Options{Busy: func(h Holder) { seen = append(seen, h) }})
	var be *BusyError
	if !errors.As(err, &be) {
		t.Fatalf("second Acquire = %v, want *BusyError", err)
	}
	if len(seen) != 1 || seen[0].PID != os.Getpid() || seen[0].Host != me.Host || seen[0].Command != "apply" ||
		seen[0].Started.Sub(me.Started).Abs() > time.Second {
		t.Fatalf("busy holder %+v, want %+v", seen, me)
	}
	if be.Holder.PID != os.Getpid() {
		t.Fatalf("BusyError holder %+v", be.Holder)
	}
	// Another IXC has its own lock.
	other, err := Acquire(context.Background(), dir, Me("apply", "https://other.example.com/webservice/v1"), Options{})
	if err != nil {
		t.Fatalf("other IXC: %v", err)
	}
	other.Release()
	l.Release()
	l2, err := Acquire(context.Background(), dir, Me("apply", url), Options{})
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	l2.Release()
}

func TestWaitsForTheHolder(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(context.Background(), dir, Me("apply", url), Options{})
	if err != nil {
		t.Fatal(err)
	}
	busy := make(chan Holder, 1)
	got := make(chan error, 1)
	go func() {
		l2, err := Acquire(context.Background(), dir, Me("apply", url), Options{Wait: time.Minute, Poll: 10 * time.Millisecond,
			Busy: func(h Holder) { busy <- h }})
		if err == nil {
			l2.Release()
		}
		got <- err
	}()
	<-busy // the second run is waiting
	l.Release()
	if err := <-got; err != nil {
		t.Fatalf("waiting Acquire = %v", err)
	}
}

func TestCancelWhileWaiting(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(context.Background(), dir, Me("apply", url), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = Acquire(ctx, dir, Me("apply", url), Options{Wait: time.Hour, Poll: 10 * time.Millisecond, Busy: func(Holder) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Acquire = %v, want context.Canceled", err)
	}
}

func TestDir(t *testing.T) {
	d, err := Dir(func(k string) string {
		if k == EnvDir {
			return "/tmp/x"
		}
		return ""
	})
	if err != nil || d != "/tmp/x" {
		t.Fatalf("Dir = %q, %v", d, err)
	}
	d, err = Dir(func(string) string { return "" })
	if err == nil && !strings.HasSuffix(d, "ixc-leveduca") {
		t.Fatalf("Dir = %q", d)
	}
	if Path("d", "https://IXC.example.com/webservice/v1/") != Path("d", url) {
		t.Fatal("the same IXC gets two lock files")
	}
}

// A run killed while holding the lock (kill -9: nothing of it runs again)
// leaves its file naming a dead process; the next run takes the lock at
// once.
func TestDeadHolderIsTakenOver(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), "RUNLOCK_HELPER_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if !strings.HasPrefix(line, "locked") {
		cmd.Process.Kill()
		t.Fatalf("helper said %q", line)
	}
	_, err = Acquire(context.Background(), dir, Me("apply", url), Options{})
	var be *BusyError
	if !errors.As(err, &be) || be.Holder.PID != cmd.Process.Pid {
		cmd.Process.Kill()
		t.Fatalf("while the helper holds it: %v", err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if b, _ := os.ReadFile(Path(dir, url)); !strings.Contains(string(b), `"pid"`) {
		t.Fatalf("the dead holder's file is gone or empty: %q", b)
	}
	l, err := Acquire(context.Background(), dir, Me("apply", url), Options{})
	if err != nil {
		t.Fatalf("after the holder died: %v", err)
	}
	l.Release()
	if _, err := os.Stat(filepath.Join(dir)); err != nil {
		t.Fatal(err)
	}
}

// TestHelperHoldLock is the helper process of TestDeadHolderIsTakenOver.
func TestHelperHoldLock(t *testing.T) {
	dir := os.Getenv("RUNLOCK_HELPER_DIR")
	if dir == "" {
		t.Skip("helper process only")
	}
	if _, err := Acquire(context.Background(), dir, Me("apply", url), Options{}); err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("locked\n")
	time.Sleep(time.Minute) // killed by the test long before
	os.Exit(0)
}
