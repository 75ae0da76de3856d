package ixc

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
)

// demoPage is page 1 (1,000 rows) of the sandbox's cliente table, fetched
// over HTTP: IXC's shape, ~160 columns per row, mostly short or empty
// strings, non-ASCII escaped as PHP does.
func demoPage(b *testing.B, table string) []byte {
	b.Helper()
	sim := ixcsim.New(ixcsim.Options{})
	batches := map[string][]ixcsim.Record{}
	var order []string
	demodata.Generate(demodata.Config{Contracts: 1200}, func(t string, rec map[string]string) {
		if _, ok := batches[t]; !ok {
			order = append(order, t)
		}
		batches[t] = append(batches[t], rec)
	})
	for _, t := range order {
		sim.Load(t, batches[t])
	}
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	req, _ := http.NewRequest(http.MethodGet, url+"/"+table, strings.NewReader(`{"qtype":"`+table+`.id","query":"0","oper":">","page":"1","rp":"1000"}`))
	req.Header.Set("ixcsoft", "listar")
	user, hash, _ := strings.Cut(sim.DemoToken(), ":")
	req.SetBasicAuth(user, hash)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

func BenchmarkFastPage(b *testing.B) {
	for _, c := range []struct {
		name, table string
		keep        map[string]bool
	}{
		{"cliente-select5", "cliente", map[string]bool{"id": true, "hotsite_email": true, "cnpj_cpf": true, "tipo_pessoa": true, "senha": true}},
		{"cliente_contrato-select6", "cliente_contrato", map[string]bool{"id": true, "id_cliente": true, "id_vd_contrato": true, "status": true, "status_internet": true, "contrato_suspenso": true}},
		{"cliente-all", "cliente", nil},
	} {
		b.Run(c.name, func(b *testing.B) {
			body := demoPage(b, c.table)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if p, _, ok := fastPage(body, c.keep); !ok || len(p.Records) != 1000 {
					b.Fatal("not decoded")
				}
			}
		})
	}
}
