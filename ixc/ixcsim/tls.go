package ixcsim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"time"
)

// StartTLS is Start over HTTPS, the way a real IXC with a self-signed
// certificate answers: it generates, in memory, an ECDSA P-256 key and a
// self-signed certificate (its own CA) for 127.0.0.1, ::1 and localhost,
// valid for a day, writes the certificate (never the key) as PEM to a new
// temporary file and serves on addr. It returns the base URL
// "https://127.0.0.1:PORT/webservice/v1" and the PEM file's path, to pass as
// ixc.Options.CACertFile or --ca-cert. The caller removes the file when done.
func (s *Sim) StartTLS(addr string) (url, caPEMPath string, err error) {
	s.smu.Lock()
	defer s.smu.Unlock()
	if s.srv != nil {
		return "", "", errors.New("ixcsim: already started")
	}
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	cert, certPEM, err := selfSigned()
	if err != nil {
		return "", "", err
	}
	f, err := os.CreateTemp("", "ixcsim-ca-*.pem")
	if err != nil {
		return "", "", fmt.Errorf("ixcsim: cannot write the certificate: %w", err)
	}
	if _, err := f.Write(certPEM); err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return "", "", fmt.Errorf("ixcsim: cannot write the certificate: %w", err)
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(f.Name())
		return "", "", fmt.Errorf("ixcsim: cannot write the certificate: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		_ = os.Remove(f.Name())
		return "", "", err
	}
	conf := &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 30 * time.Second, TLSConfig: conf,
		// A client that does not trust the certificate fails its handshake:
		// expected, not worth a log line.
		ErrorLog: log.New(io.Discard, "", 0)}
	s.srv = srv
	go func() { _ = srv.Serve(tls.NewListener(ln, conf)) }()
	ta := ln.Addr().(*net.TCPAddr)
	host := ta.IP.String()
	if ta.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "https://" + net.JoinHostPort(host, fmt.Sprint(ta.Port)) + "/webservice/v1", f.Name(), nil
}

// selfSigned makes the key pair and the self-signed certificate.
func selfSigned() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "ixcsim (IXC simulator, self-signed)", Organization: []string{"ixc-leveduca sandbox"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, certPEM, nil
}
