package ixcsim_test

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
)

// The simulator over HTTPS with its self-signed certificate: the client
// refuses it (KindTLS) unless given the CA file or told to skip checks.
func TestStartTLS(t *testing.T) {
	sim := ixcsim.New(ixcsim.Options{Seed: 5})
	sim.Put("produtos", ixcsim.Record{"id": "1", "descricao": "LevEduca"})
	url, ca, err := sim.StartTLS("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close(); _ = os.Remove(ca) })
	if !strings.HasPrefix(url, "https://127.0.0.1:") || !strings.HasSuffix(url, "/webservice/v1") {
		t.Errorf("url = %q", url)
	}
	data, err := os.ReadFile(ca)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" || strings.Contains(string(data), "PRIVATE KEY") {
		t.Fatalf("PEM file: %q", data)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil || !cert.IsCA || cert.VerifyHostname("127.0.0.1") != nil || cert.VerifyHostname("localhost") != nil {
		t.Fatalf("certificate: %v", err)
	}
	if _, _, err := sim.StartTLS("127.0.0.1:0"); err == nil {
		t.Error("a second start was accepted")
	}

	tok, _ := ixc.ParseToken(sim.DemoToken(), "")
	get := func(o ixc.Options) error {
		o.BaseURL, o.Token, o.Timeout, o.MaxRetries = url, tok, 5*time.Second, -1
		c, err := ixc.New(o)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := c.Get(context.Background(), "produtos", "1")
		if err == nil && rec["descricao"] != "LevEduca" {
			t.Errorf("record = %v", rec)
		}
		return err
	}
	if err := get(ixc.Options{}); ixc.KindOf(err) != ixc.KindTLS {
		t.Errorf("without the CA: %v (kind %v), want KindTLS", err, ixc.KindOf(err))
	}
	if err := get(ixc.Options{CACertFile: ca}); err != nil {
		t.Errorf("with the CA: %v", err)
	}
	if err := get(ixc.Options{InsecureTLS: true}); err != nil {
		t.Errorf("insecure: %v", err)
	}
}
