package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
)

// An IXC whose certificate is not trusted: the screen says so once, with
// the fixes as the question's choices (not three times over).
func TestUntrustedCertificateSaidOnce(t *testing.T) {
	t.Parallel()
	sim := ixcsim.New(ixcsim.Options{Seed: 1, Now: func() time.Time { return testNow }})
	demodata.Generate(demodata.Config{Seed: 1, Contracts: 50}, func(tb string, r map[string]string) { sim.Put(tb, r) })
	url, _, err := sim.StartTLS("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		d.waitFor("O que você quer fazer?")
		d.enter(1)
		d.waitFor("Token da API")
		d.enter(2)
		d.waitFor("O que fazer?")
		scr := d.screen()
		if n := strings.Count(scr, "não é confiável"); n != 1 {
			t.Errorf("the untrusted certificate is said %d times:\n%s", n, scr)
		}
		if n := strings.Count(scr, "--ca-cert"); n > 2 {
			t.Errorf("--ca-cert is advised %d times:\n%s", n, scr)
		}
		if !strings.Contains(scr, "Informar o certificado da autoridade (--ca-cert)") || !strings.Contains(scr, "Continuar SEM verificar") {
			t.Errorf("the fixes are not the question's choices:\n%s", scr)
		}
	})
}
