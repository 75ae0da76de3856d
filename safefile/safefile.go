// Package safefile is the one way ixc-leveduca writes a whole file (the
// profile, the hand-off, `audit --out`, the problems CSV): the new content
// goes to a temporary file in the same directory (mode 0600, created
// exclusively), is synced, and then takes the target's name in one rename,
// so a reader sees the old file or the new one, never half of either, and a
// crash leaves at most a stray temporary file.
//
// The target itself is never followed: a symbolic link (or any other
// non-regular file) at the path is refused, so a link planted where a
// report is expected cannot redirect the write to another file. By default
// an existing file is not replaced (ErrExists); Options.Overwrite allows it,
// and Options.Backup keeps the previous content as PATH.bak first.
//
// The journal is not written here: it is appended to line by line (see
// package journal), created with O_EXCL and mode 0600.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Mode is the permission of every file written: the owner only. A hand-off
// may hold the API token, and a profile names the IXC and its token user.
const Mode fs.FileMode = 0o600

// ErrExists is returned when the target exists and Options.Overwrite is
// not set.
var ErrExists = errors.New("the file already exists")

// ErrNotRegular is returned when the target (or its .bak) is a symbolic
// link, a directory, a device or anything else that is not a regular file.
var ErrNotRegular = errors.New("not a regular file (a symbolic link, directory or device is never written through)")

// Options say what may happen to an existing file at the path.
type Options struct {
	// Overwrite allows replacing an existing regular file. Without it an
	// existing file is left untouched and Write returns ErrExists.
	Overwrite bool
	// Backup keeps the previous content of an existing file as PATH.bak
	// (itself written through this package, mode 0600) before replacing it.
	// It implies Overwrite.
	Backup bool
}

// Error is a failed write: which file, and why.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Write writes data to path as described in the package comment.
func Write(path string, data []byte, o Options) error {
	return WriteFunc(path, o, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFunc is Write with the content produced by fill, which writes to the
// temporary file. An error from fill removes the temporary file and leaves
// the target as it was.
func WriteFunc(path string, o Options, fill func(io.Writer) error) error {
	if path == "" {
		return &Error{Path: path, Err: errors.New("empty file name")}
	}
	if o.Backup {
		o.Overwrite = true
	}
	exists, err := check(path)
	if err != nil {
		return &Error{Path: path, Err: err}
	}
	if exists && !o.Overwrite {
		return &Error{Path: path, Err: ErrExists}
	}
	if exists && o.Backup {
		old, err := readRegular(path)
		if err != nil {
			return &Error{Path: path, Err: err}
		}
		if err := Write(path+".bak", old, Options{Overwrite: true}); err != nil {
			return err
		}
	}

	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return &Error{Path: path, Err: err}
	}
	tmpName := tmp.Name()
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmpName)
		}
	}()
	// CreateTemp makes the file 0600 already; Chmod also covers a umask
	// that would have removed bits we want (none) and keeps the intent
	// explicit on every platform.
	if runtime.GOOS != "windows" {
		if err := tmp.Chmod(Mode); err != nil {
			return &Error{Path: path, Err: err}
		}
	}
	if err := fill(tmp); err != nil {
		return &Error{Path: path, Err: err}
	}
	if err := tmp.Sync(); err != nil {
		return &Error{Path: path, Err: err}
	}
	if err := tmp.Close(); err != nil {
		return &Error{Path: path, Err: err}
	}
	if o.Overwrite {
		// Re-check right before the rename: a symbolic link planted since
		// the first look is refused (rename would replace the link itself,
		// not follow it, but a link there means someone is playing games).
		if _, err := check(path); err != nil {
			return &Error{Path: path, Err: err}
		}
		if err := os.Rename(tmpName, path); err != nil {
			return &Error{Path: path, Err: err}
		}
	} else if err := linkNew(tmpName, path); err != nil {
		return &Error{Path: path, Err: err}
	}
	done = true
	syncDir(dir)
	return nil
}

// check reports whether path exists, and refuses anything at it that is
// not a regular file (Lstat: a symbolic link is not followed).
func check(path string) (bool, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.Mode().IsRegular() {
		return true, ErrNotRegular
	}
	return true, nil
}

// readRegular reads a file that must still be a regular file once open.
func readRegular(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	return io.ReadAll(f)
}

// linkNew gives the finished temporary file the name path only if no file
// has that name: a hard link fails when the name exists, whatever was put
// there since the first look. On a file system without hard links it falls
// back to a look and a rename.
func linkNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		_ = os.Remove(tmp) // the content is in place under its name
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return ErrExists
	}
	exists, cerr := check(path)
	if cerr != nil {
		return cerr
	}
	if exists {
		return ErrExists
	}
	if rerr := os.Rename(tmp, path); rerr != nil {
		return fmt.Errorf("%w (hard link: %v)", rerr, err)
	}
	return nil
}

// syncDir makes the rename durable where the platform allows it.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
