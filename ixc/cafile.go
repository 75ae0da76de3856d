package ixc

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// CAProblem says what is wrong with a CA certificate file.
type CAProblem int

// The problems of a CA certificate file.
const (
	CAUnreadable     CAProblem = iota // another read failure (Err says which)
	CAMissing                         // no file at that path
	CAPermission                      // the file cannot be read by this user
	CADirectory                       // the path is a directory
	CATooLarge                        // larger than MaxCAFile
	CAEmpty                           // empty, or only blanks
	CANotPEM                          // no PEM block at all (a DER .cer, some other file)
	CANoCertificate                   // PEM blocks, none of them a CERTIFICATE (a key, a CSR); Found names the first
	CABadCertificate                  // CERTIFICATE blocks, none of them a certificate Go can read
)

var caProblemText = [...]string{
	CAUnreadable:     "cannot be read",
	CAMissing:        "does not exist",
	CAPermission:     "cannot be read (permission denied)",
	CADirectory:      "is a directory",
	CATooLarge:       "is too large for a certificate file",
	CAEmpty:          "is empty",
	CANotPEM:         "is not a PEM file",
	CANoCertificate:  "holds no PEM certificate",
	CABadCertificate: "holds no valid certificate",
}

// MaxCAFile bounds a CA certificate file: a bundle of every public
// authority is about 200 KB.
const MaxCAFile = 4 << 20

// CAFileError is New's error about Options.CACertFile: nothing was sent.
// Callers word Problem in the user's language and show Path; Err (the
// operating system's or crypto/x509's own error) is for logs only.
type CAFileError struct {
	Path    string
	Problem CAProblem
	// Found is the type of the first PEM block when none is a certificate
	// ("PRIVATE KEY", "CERTIFICATE REQUEST"), as written in the file
	// (truncated; callers clean it before they show it).
	Found string
	Err   error
}

func (e *CAFileError) Error() string {
	msg := "ixc: the CA certificate file " + quoteText(e.Path) + " "
	if e.Problem >= 0 && int(e.Problem) < len(caProblemText) {
		msg += caProblemText[e.Problem]
	}
	if e.Found != "" {
		msg += " (it holds " + quoteText(e.Found) + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *CAFileError) Unwrap() error { return e.Err }

func quoteText(s string) string { return "\"" + truncate(s, 200) + "\"" }

// readCAFile reads the PEM certificates of path into the system roots (or
// an empty pool when the system has none). Errors are *CAFileError.
func readCAFile(path string) (*x509.CertPool, error) {
	fail := func(p CAProblem, err error) (*x509.CertPool, error) {
		return nil, &CAFileError{Path: path, Problem: p, Err: err}
	}
	f, err := os.Open(path)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fail(CAMissing, err)
		case errors.Is(err, fs.ErrPermission):
			return fail(CAPermission, err)
		}
		return fail(CAUnreadable, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fail(CADirectory, nil)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxCAFile+1))
	switch {
	case errors.Is(err, syscall.EISDIR):
		return fail(CADirectory, nil)
	case err != nil:
		return fail(CAUnreadable, err)
	case len(data) > MaxCAFile:
		return fail(CATooLarge, nil)
	case len(bytes.TrimSpace(data)) == 0:
		return fail(CAEmpty, nil)
	}
	var (
		certs    []*x509.Certificate
		found    string
		sawCert  bool
		parseErr error
	)
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" || len(b.Headers) != 0 {
			if found == "" {
				found = truncate(strings.TrimSpace(b.Type), 40)
			}
			continue
		}
		sawCert = true
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			parseErr = err
			continue
		}
		certs = append(certs, c)
	}
	switch {
	case len(certs) > 0:
	case sawCert:
		return fail(CABadCertificate, parseErr)
	case found != "":
		return nil, &CAFileError{Path: path, Problem: CANoCertificate, Found: found}
	default:
		return fail(CANotPEM, nil)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, nil
}
