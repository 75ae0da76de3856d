// Command pack is the archiver of scripts/release: it packs one built
// binary with README.md and LICENSE into ixc-leveduca_VERSION_OS_ARCH.tar.gz
// (.zip for Windows), every file under a folder of the same name, and
// (with -sums) writes SHA256SUMS for the archives of a folder. It uses the
// standard library only, so a release needs nothing but Go: no zip, tar or
// sha256sum of the machine, which differ between Linux, macOS and Windows.
//
//	go run ./scripts/pack -out DIR -name ixc-leveduca_1.0.0_linux_amd64 -bin PATH -mtime RFC3339 README.md LICENSE
//	go run ./scripts/pack -sums DIR
package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	out := flag.String("out", "", "folder to write the archive to")
	name := flag.String("name", "", "archive name without extension, e.g. ixc-leveduca_1.0.0_linux_amd64")
	bin := flag.String("bin", "", "the built binary")
	mtime := flag.String("mtime", "", "modification time of every entry (RFC 3339), for reproducible archives")
	sums := flag.String("sums", "", "write SHA256SUMS for the archives in this folder, then stop")
	flag.Parse()
	var err error
	if *sums != "" {
		err = writeSums(*sums)
	} else {
		err = pack(*out, *name, *bin, *mtime, flag.Args())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pack:", err)
		os.Exit(1)
	}
}

type entry struct {
	path string // inside the archive
	src  string
	mode int64
}

func pack(out, name, bin, mtime string, docs []string) error {
	if out == "" || name == "" || bin == "" {
		return fmt.Errorf("-out, -name and -bin are required")
	}
	t := time.Now().UTC()
	if mtime != "" {
		var err error
		if t, err = time.Parse(time.RFC3339, mtime); err != nil {
			return err
		}
	}
	windows := strings.Contains(name, "_windows_")
	binName := "ixc-leveduca"
	if windows {
		binName += ".exe"
	}
	entries := []entry{{name + "/" + binName, bin, 0o755}}
	for _, d := range docs {
		entries = append(entries, entry{name + "/" + filepath.Base(d), d, 0o644})
	}
	if windows {
		return writeZip(filepath.Join(out, name+".zip"), entries, t)
	}
	return writeTarGz(filepath.Join(out, name+".tar.gz"), entries, t)
}

func writeTarGz(path string, entries []entry, t time.Time) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	gz, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	gz.ModTime = t
	tw := tar.NewWriter(gz)
	dir := strings.SplitN(entries[0].path, "/", 2)[0] + "/"
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: dir, Mode: 0o755, ModTime: t, Format: tar.FormatPAX}); err != nil {
		return err
	}
	for _, e := range entries {
		data, err := os.ReadFile(e.src)
		if err != nil {
			return err
		}
		h := &tar.Header{Typeflag: tar.TypeReg, Name: e.path, Mode: e.mode, Size: int64(len(data)), ModTime: t, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(path string, entries []entry, t time.Time) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	zw := zip.NewWriter(f)
	for _, e := range entries {
		data, err := os.ReadFile(e.src)
		if err != nil {
			return err
		}
		h := &zip.FileHeader{Name: e.path, Method: zip.Deflate, Modified: t}
		h.SetMode(os.FileMode(e.mode))
		w, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeSums writes DIR/SHA256SUMS in the format of sha256sum (and
// shasum -a 256, and Get-FileHash can compare it): "HEX  NAME" per archive.
func writeSums(dir string) error {
	names, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var lines []string
	for _, n := range names {
		if n.IsDir() || !(strings.HasSuffix(n.Name(), ".tar.gz") || strings.HasSuffix(n.Name(), ".zip")) {
			continue
		}
		f, err := os.Open(filepath.Join(dir, n.Name()))
		if err != nil {
			return err
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return err
		}
		lines = append(lines, hex.EncodeToString(h.Sum(nil))+"  "+n.Name())
	}
	if len(lines) == 0 {
		return fmt.Errorf("no archive in %s", dir)
	}
	return os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}
