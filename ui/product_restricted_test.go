package ui

import (
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
)

// connectRestricted goes from the start to the offers with the sandbox's
// restricted token: its result's default is "Testar de novo" (an audit
// table is refused), so Continuar is one down.
func (d *driver) connectRestricted() {
	d.waitFor("O que você quer fazer?")
	d.enter(1)
	d.waitFor("Token da API")
	d.enter(2)
	d.waitFor("Tabelas que o token consegue ler")
	d.down(1)
	d.enter(1) // Continuar mesmo assim
	d.waitFor("O que o provedor vende?")
}

// flatScreen is the screen as one line of words, without the form's
// border: a sentence is found however it wrapped.
func (d *driver) flatScreen() string {
	return strings.Join(strings.Fields(strings.ReplaceAll(d.screen(), "┃", "")), " ")
}

// With a token that may not list the subgroups and fiscal classes (only
// needed to create a product and to name a fiscal class) the product
// screen still lists the products, says which tables it cannot read,
// reviews #12 with its fiscal class by number, corrects what does not
// need the refused table (the unit) while saying the class cannot be
// chosen, and takes #12 as it is.
func TestRestrictedTokenStillPicksTheProduct(t *testing.T) {
	sim, u := demoIXC(t, 30)
	drive(t, sim, u, func(o *Options) { o.Token = sim.RestrictedToken() }, func(t *testing.T, d *driver) {
		d.connectRestricted()
		d.enter(2)
		d.waitFor("Produto da oferta LevEduca")
		scr := d.flatScreen()
		for _, want := range []string{"> #12 LevEduca - Cursos Online", "#11 LEVEDUCA (antigo)",
			"O token não pode ler sub_grupo_produdos e cnf_classificacao_tributaria: dá para usar um produto existente, não criar um novo.",
			"Criar um produto novo (indisponível: falta permissão)"} {
			if !strings.Contains(scr, want) {
				t.Fatalf("the list lacks %q:\n%s", want, scr)
			}
		}
		if strings.Contains(scr, "Não foi possível consultar o IXC") {
			t.Fatalf("the list failed:\n%s", scr)
		}
		d.enter(1) // #12
		d.waitFor("Corrigir o produto?")
		scr = d.flatScreen()
		for _, want := range []string{"unidade padrão: UN (1)", "classificação fiscal: — (nenhuma)",
			"Classificação fiscal pelo número (não dá para escolhê-la aqui): o token não pode ler cnf_classificacao_tributaria.",
			"PRODUCT_UNIT", "PRODUCT_FISCAL"} {
			if !strings.Contains(scr, want) {
				t.Fatalf("the review lacks %q:\n%s", want, scr)
			}
		}
		d.enter(1) // Corrigir
		d.waitFor("Tributação (conforme a contabilidade)")
		if scr := d.flatScreen(); !strings.Contains(scr, "A Classificação fiscal de saída não dá para escolher aqui: o token não pode ler cnf_classificacao_tributaria. Fica como está (— (nenhuma)).") {
			t.Fatalf("the fix inputs do not say why the class is not asked:\n%s", scr)
		}
		d.enter(1)
		d.waitFor("exatamente isto no IXC")
		scr = d.flatScreen()
		if !strings.Contains(scr, "Unidade padrão (unidade): UN (1) → SER (13)") || strings.Contains(scr, "id_class_fiscal") {
			t.Fatalf("the correction:\n%s", scr)
		}
		d.down(1)
		d.enter(1) // Vou fazer no IXC: the class is named too
		d.waitFor("Quando terminar no IXC")
		scr = d.flatScreen()
		for _, want := range []string{"• Unidade padrão: UN (1) → SER (13)",
			"aba Planejamento: • Classificação fiscal de saída: — (nenhuma) → a definida pela contabilidade (não escolhida aqui: o token não pode ler cnf_classificacao_tributaria)"} {
			if !strings.Contains(scr, want) {
				t.Fatalf("the manual path lacks %q:\n%s", want, d.screen())
			}
		}
		d.esc()
		d.waitFor("exatamente isto no IXC")
		d.down(2)
		d.enter(1) // Voltar: the review again
		d.waitFor("Corrigir o produto?")
		d.down(1)
		d.enter(1) // Usar assim mesmo
		d.until(func() bool { return !strings.Contains(d.screen(), "Corrigir o produto?") })
		d.settle()
		if pr, ok := d.s.Profile.Product("leveduca"); !ok || pr.ID != "12" {
			t.Fatalf("the offer's product = %+v (%v):\n%s", pr, ok, d.screen())
		}
		if n := len(rows(sim, "produtos", map[string]string{"descricao": "LevEduca - Serviço de Valor Adicionado"})); n != 0 {
			t.Fatalf("%d products created", n)
		}
	})
}

// "Criar um produto novo" with those tables refused says which tables, what
// they are for, IXC's refusal and where to grant the permission; its
// default goes back to the checklist, tested again. Granted meanwhile, the
// product screen reads them again and the create form opens.
func TestRestrictedTokenCreateSaysWhatToGrant(t *testing.T) {
	sim, u := demoIXC(t, 30)
	drive(t, sim, u, func(o *Options) { o.Token = sim.RestrictedToken() }, func(t *testing.T, d *driver) {
		d.connectRestricted()
		d.enter(2)
		d.waitFor("Produto da oferta LevEduca")
		d.down(2) // past #12 and #11
		d.enter(1)
		d.waitFor("Criar um produto novo precisa ler")
		scr := d.flatScreen()
		for _, want := range []string{
			"✗ Criar um produto novo precisa ler sub_grupo_produdos e cnf_classificacao_tributaria, e o IXC recusou a leitura a este token.",
			"Como liberar: Configurações > Usuários > Grupo de usuários > (grupo do usuário da integração) > Permissões: libere a listagem de sub_grupo_produdos e cnf_classificacao_tributaria",
			"✗ sub_grupo_produdos — os subgrupos de produtos",
			"✗ cnf_classificacao_tributaria — as classificações fiscais de saída",
			"«Você não tem permissão para listar registros da tabela sub_grupo_produdos!»",
			"> Voltar à lista de permissões da conexão (testar de novo)",
			"Voltar à lista de produtos (usar ou buscar um existente)",
		} {
			if !strings.Contains(scr, want) {
				t.Fatalf("the answer lacks %q:\n%s", want, scr)
			}
		}
		if strings.Contains(scr, "Nome do produto") || strings.Contains(scr, "ixc:") {
			t.Fatalf("screen:\n%s", scr)
		}
		d.down(1)
		d.enter(1) // back to the list
		d.waitFor("Produto da oferta LevEduca")

		// The technician grants the permissions in IXC, then tests again
		// from this screen.
		list := ixcsim.Perm{List: true}
		perms := map[string]ixcsim.Perm{}
		for _, tb := range []string{"produtos", "unidades", "vd_contratos", "vd_contratos_produtos", "cliente_contrato",
			"cliente_contrato_servicos", "cliente", "sub_grupo_produdos", "cnf_classificacao_tributaria"} {
			perms[tb] = list
		}
		sim.SetUser(ixcsim.User{ID: "2", Name: "Integração restrita (demo)", Active: true, Perms: perms})
		if scr := d.flatScreen(); !strings.Contains(scr, "> ➕ Criar um produto novo") {
			t.Fatalf("the list lost its place:\n%s", d.screen())
		}
		d.enter(1)
		d.waitFor("Criar um produto novo precisa ler")
		d.enter(1) // the checklist, tested again
		d.waitFor("Tabelas que o token consegue ler")
		if scr := d.flatScreen(); !strings.Contains(scr, "✓ IXC respondeu e aceitou o token do usuário 2.") || !strings.Contains(scr, "> Continuar") {
			t.Fatalf("after granting:\n%s", scr)
		}
		d.enter(1)
		d.waitFor("O que o provedor vende?")
		d.enter(2)
		d.waitFor("Produto da oferta LevEduca")
		if scr := d.flatScreen(); strings.Contains(scr, "indisponível") || strings.Contains(scr, "O token não pode ler") {
			t.Fatalf("the granted tables are still refused:\n%s", scr)
		}
		d.down(2)
		d.enter(1)
		d.waitFor("Nome do produto")
	})
}

// A product whose only problem is the fiscal class, with the classes
// refused: "Corrigir" asks the tax, then writes nothing and says on the
// review why (the class cannot be chosen, the permission to grant).
func TestRestrictedTokenFiscalClassOnlyFixSaysWhy(t *testing.T) {
	sim, u := demoIXC(t, 30)
	rec, _ := sim.Row("produtos", "12")
	rec["unidade"] = "13"
	sim.Put("produtos", rec)
	drive(t, sim, u, func(o *Options) { o.Token = sim.RestrictedToken() }, func(t *testing.T, d *driver) {
		d.connectRestricted()
		d.enter(2)
		d.waitFor("Produto da oferta LevEduca")
		d.enter(1) // #12
		d.waitFor("Corrigir o produto?")
		d.enter(1)
		d.waitFor("Tributação (conforme a contabilidade)")
		d.enter(1)
		d.waitFor("Nada a gravar daqui")
		scr := d.flatScreen()
		if !strings.Contains(scr, "Nada a gravar daqui: a classificação fiscal não pode ser escolhida (o token não pode ler cnf_classificacao_tributaria). Libere a permissão") ||
			!strings.Contains(scr, "Corrigir o produto?") || strings.Contains(scr, "alteração no IXC") {
			t.Fatalf("screen:\n%s", d.screen())
		}
		if st := sim.Stats(); st.Updates != 0 {
			t.Fatalf("%d updates", st.Updates)
		}
	})
}
