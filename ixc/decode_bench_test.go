package ixc

import (
	"fmt"
	"strings"
	"testing"
)

// benchPage is a 1,000-row page shaped like IXC's cliente answers: about
// 100 columns per row, every value a string, ~3.3 KB per row.
func benchPage(rows int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `{"page":"1","total":"%d","registros":[`, rows*40)
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"%d","razao":"Cliente %d da Silva","hotsite_email":"cliente%d@example.com.br","cnpj_cpf":"123.456.789-%02d","tipo_pessoa":"F","senha":"s%d"`, r+1, r, r, r%100, r)
		for c := 0; c < 95; c++ {
			fmt.Fprintf(&b, `,"campo_exemplo_%02d":"valor %d \/ coluna %d"`, c, r*c, c)
		}
		b.WriteByte('}')
	}
	b.WriteString("]}")
	return []byte(b.String())
}

func BenchmarkFastPage(b *testing.B) {
	body := benchPage(1000)
	keep := map[string]bool{"id": true, "hotsite_email": true, "cnpj_cpf": true, "tipo_pessoa": true, "senha": true}
	for _, k := range []struct {
		name string
		keep map[string]bool
	}{{"select5", keep}, {"all", nil}} {
		b.Run(k.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, ok := fastPage(body, k.keep); !ok {
					b.Fatal("not decoded")
				}
			}
		})
	}
}
