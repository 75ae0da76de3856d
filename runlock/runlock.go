// Package runlock keeps two runs of ixc-leveduca on the same machine from
// writing to the same IXC at once: one lock per IXC base URL, a file in the
// user's cache directory held with an operating-system lock (flock on Unix,
// LockFileEx on Windows).
//
// The operating system releases the lock when its holder ends, however it
// ends (kill -9 included): a run that died never leaves a stale lock
// behind, and its file, still naming the dead process, is simply taken
// over by the next run. The file's content (pid, host, start time,
// command) only tells a waiting run who holds the lock.
//
// The directory is $IXC_LEVEDUCA_STATE_DIR when set (tests, or a shared
// machine where several users must see each other's runs), otherwise
// os.UserCacheDir()/ixc-leveduca.
//
// Two machines do not see each other's locks: the writers re-check after
// each create and keep the oldest record (steps.Apply) for that.
package runlock

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// EnvDir names the environment variable that overrides the lock directory.
const EnvDir = "IXC_LEVEDUCA_STATE_DIR"

// Holder says who holds a lock.
type Holder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
	Command string    `json:"command"`
	URL     string    `json:"url"`
}

// Me is the Holder for this process running command against url.
func Me(command, url string) Holder {
	host, _ := os.Hostname()
	return Holder{PID: os.Getpid(), Host: host, Started: time.Now(), Command: command, URL: url}
}

// BusyError is returned when the lock is still held after the wait.
type BusyError struct{ Holder Holder }

func (e *BusyError) Error() string {
	return fmt.Sprintf("another ixc-leveduca run holds the lock of %s: pid %d on %s since %s",
		e.Holder.URL, e.Holder.PID, e.Holder.Host, e.Holder.Started.Format(time.RFC3339))
}

// ErrUnsupported is returned where the file system cannot lock files; the
// caller may go on without the lock (the writers still converge).
var ErrUnsupported = errors.New("runlock: file locks are not supported here")

// Dir is the lock directory: getenv(EnvDir), else the user's cache
// directory + "/ixc-leveduca". getenv may be nil (os.Getenv).
func Dir(getenv func(string) string) (string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if d := strings.TrimSpace(getenv(EnvDir)); d != "" {
		return d, nil
	}
	c, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(c, "ixc-leveduca"), nil
}

// Path is the lock file of baseURL in dir: a hash of the URL, so any URL
// makes a valid file name.
func Path(dir, baseURL string) string {
	sum := sha256.Sum256([]byte(strings.TrimRight(strings.ToLower(strings.TrimSpace(baseURL)), "/")))
	return filepath.Join(dir, "lock-"+hex.EncodeToString(sum[:8]))
}

// Lock is a held lock.
type Lock struct {
	f    *os.File
	path string
}

// Options tune Acquire.
type Options struct {
	// Wait is how long to wait for a held lock (0: do not wait).
	Wait time.Duration
	// Poll is the interval between attempts while waiting (default 50 ms: a
	// non-blocking lock attempt costs one system call).
	Poll time.Duration
	// Busy is called once, with the holder, when the lock is found held.
	Busy func(Holder)
}

// Acquire takes the lock of me.URL in dir (created 0700 if missing). When
// another run holds it, o.Busy is told who, and Acquire tries again until
// it gets the lock, o.Wait has passed (*BusyError) or ctx is done
// (ctx.Err()).
func Acquire(ctx context.Context, dir string, me Holder, o Options) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("runlock: %w", err)
	}
	path := Path(dir, me.URL)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("runlock: %w", err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("runlock: %s is not a regular file", path)
	}
	if o.Poll <= 0 {
		o.Poll = 50 * time.Millisecond
	}
	deadline := time.Now().Add(o.Wait)
	told := false
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		if ok {
			l := &Lock{f: f, path: path}
			if err := l.write(me); err != nil {
				l.Release()
				return nil, err
			}
			return l, nil
		}
		h := readHolder(path)
		h.URL = me.URL
		if !told && o.Busy != nil {
			o.Busy(h)
			told = true
		}
		if !time.Now().Before(deadline) {
			f.Close()
			return nil, &BusyError{Holder: h}
		}
		t := time.NewTimer(min(o.Poll, time.Until(deadline)+time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// write records the holder in the lock file.
func (l *Lock) write(me Holder) error {
	b, err := json.Marshal(me)
	if err != nil {
		return err
	}
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("runlock: %w", err)
	}
	if _, err := l.f.WriteAt(append(b, '\n'), 0); err != nil {
		return fmt.Errorf("runlock: %w", err)
	}
	return nil
}

// readHolder reads who holds the lock (zero values when the file is
// empty: the holder is between taking the lock and writing its name).
func readHolder(path string) Holder {
	var h Holder
	f, err := os.Open(path)
	if err != nil {
		return h
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, 4096))
	_ = json.Unmarshal(b, &h)
	return h
}

// Release lets the lock go. The file stays (removing it would let a run
// lock a new file while another waits on the old one).
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	err := unlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
