package steps

import (
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
)

// A correction's summary names its fields as IXC's screen does; an
// additional service's says it is the product, made a service of the
// contract (not a service id).
func TestSummariesSpeakIXCsWords(t *testing.T) {
	rec := ixc.Record{"id": "12", "descricao": "LevEduca", "ativo": "S", "tipo": "S", "controla_estoque": "N", "movimentacao": "V", "unidade": "1", "id_class_fiscal": "0"}
	p := PlanProductFixWith(rec, "13", map[string]string{"id_class_fiscal": "2"})
	if got := p.Changes[0].Summary.In(i18n.PT); got != "Corrigir o produto 12 (LevEduca): Unidade padrão, Classificação fiscal de saída" {
		t.Errorf("fix summary = %q", got)
	}
	s := serviceSummary(linkProduct{id: "12", name: "LevEduca"}, "9.90", "32")
	if got := s.In(i18n.PT); got != "Adicionar o produto 12 (LevEduca) como serviço adicional ao contrato 32, R$ 9,90/mês" {
		t.Errorf("service summary = %q", got)
	}
	if got := s.In(i18n.EN); !strings.Contains(got, "product 12 (LevEduca) as an additional service to contract 32, R$ 9,90/month") {
		t.Errorf("service summary (en) = %q", got)
	}
	for table, fields := range map[string][]string{
		"cliente_contrato_servicos": {"tipo_acres_desc", "valor_unitario", "status", "status_nf21", "repetir", "data", "id_unidade"},
		"vd_contratos_produtos":     {"id_plano", "id_vd_contrato", "id_produto", "valor_unit", "fixar_ip"},
		"produtos":                  {"aceita_valor", "ncm", "mostra_valor_ecommerce", "tipo_ecommerce"},
	} {
		for _, f := range fields {
			if _, ok := FieldLabel(table, f); !ok {
				t.Errorf("%s.%s has no label", table, f)
			}
		}
	}
}
