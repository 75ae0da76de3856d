package demodata

import "strings"

// word is a display name with its pre-computed ASCII, lower-case slug (for
// e-mail addresses and PPPoE logins), so generation never re-folds accents.
type word struct {
	text, slug string
}

func words(list ...string) []word {
	out := make([]word, len(list))
	for i, s := range list {
		out[i] = word{text: s, slug: slugify(s)}
	}
	return out
}

// slugify lower-cases s, folds Portuguese accents to ASCII and drops
// everything that is not a letter or a digit.
func slugify(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := accentFold[r]; ok {
			r = f
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var accentFold = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a',
	'é': 'e', 'ê': 'e', 'è': 'e',
	'í': 'i', 'î': 'i',
	'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o',
	'ú': 'u', 'ü': 'u',
	'ç': 'c', 'ñ': 'n',
}

var firstNames = words(
	"Maria", "José", "Ana", "João", "Antônio", "Francisco", "Carlos", "Paulo",
	"Pedro", "Lucas", "Luiz", "Marcos", "Luís", "Gabriel", "Rafael", "Daniel",
	"Marcelo", "Bruno", "Eduardo", "Felipe", "Raimundo", "Rodrigo", "Juliana",
	"Márcia", "Fernanda", "Patrícia", "Aline", "Adriana", "Sandra", "Camila",
	"Amanda", "Bruna", "Jéssica", "Letícia", "Júlia", "Luciana", "Vanessa",
	"Mariana", "Gabriela", "Vera", "Vitória", "Larissa", "Cláudia", "Beatriz",
	"Rita", "Sônia", "Renata", "Eliane", "Josefa", "Simone", "Natália",
	"Thiago", "Matheus", "Gustavo", "Guilherme", "Leonardo", "Sebastião",
	"Benedito", "Conceição", "Heloísa", "Cecília", "Enzo", "Davi", "Arthur",
	"Heitor", "Valdir", "Rosângela", "Terezinha", "Geraldo", "Lúcia",
)

var lastNames = words(
	"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves",
	"Pereira", "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho",
	"Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa", "Rocha",
	"Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado",
	"Mendes", "Freitas", "Cardoso", "Ramos", "Gonçalves", "Santana", "Teixeira",
	"Araújo", "Pinto", "Correia", "Moura", "Cavalcanti", "Monteiro", "Campos",
	"Batista", "Reis", "Azevedo", "Castro", "Conceição", "Brandão", "Magalhães",
	"Rezende", "Figueiredo", "Prado", "Toledo", "Junqueira",
)

// Company names are activity + name + legal suffix.
var companyActivities = words(
	"Padaria", "Mercado", "Supermercado", "Auto Peças", "Farmácia",
	"Clínica Odontológica", "Escritório Contábil", "Oficina Mecânica",
	"Restaurante", "Pizzaria", "Confecções", "Academia", "Pet Shop",
	"Salão de Beleza", "Distribuidora", "Construtora", "Imobiliária",
	"Papelaria", "Materiais de Construção", "Transportadora", "Laticínios",
	"Cafeteria", "Hotel", "Pousada", "Colégio", "Açougue", "Sorveteria",
)

var companyNames = words(
	"Santa Luzia", "São José", "Bom Jesus", "Nova Era", "Central", "Primavera",
	"Estrela", "Progresso", "Sul de Minas", "Serra Verde", "Boa Vista",
	"Planalto", "Aliança", "Silva", "Oliveira", "Ferreira", "Rezende",
	"Junqueira", "Toledo", "Mantiqueira", "Cristal", "Horizonte",
)

var companySuffixes = []string{"LTDA", "LTDA", "LTDA", "ME", "ME", "EIRELI"}

var personalDomains = []string{
	"gmail.com", "gmail.com", "gmail.com", "gmail.com", "hotmail.com",
	"hotmail.com", "outlook.com", "yahoo.com.br", "bol.com.br", "uol.com.br",
	"icloud.com",
}

type city struct {
	id, name, ddd, cepPrefix string
}

// Cities of a regional ISP in the south of Minas Gerais; ids are
// IXC `cidade` ids.
var cities = []city{
	{"3166", "Pouso Alegre", "35", "37550"},
	{"3158", "Poços de Caldas", "35", "37701"},
	{"3203", "Santa Rita do Sapucaí", "35", "37540"},
	{"2951", "Itajubá", "35", "37500"},
	{"2804", "Borda da Mata", "35", "37564"},
	{"2887", "Cambuí", "35", "37600"},
}

var streets = []string{
	"Rua das Flores", "Avenida Brasil", "Rua Sete de Setembro", "Rua Tiradentes",
	"Rua Coronel Otávio Meyer", "Avenida Vicente Simões", "Rua Comendador José Garcia",
	"Rua Adolfo Olinto", "Rua São Paulo", "Rua Silviano Brandão", "Rua Dom Pedro II",
	"Avenida Dique I", "Rua Bueno Brandão", "Rua Joaquim Roberto Duarte",
	"Rua Santa Catarina", "Rua João Basílio", "Travessa das Palmeiras",
	"Rua Padre Vítor", "Rua Professor Queiroga", "Estrada Municipal PSA-050",
}

var districts = []string{
	"Centro", "Jardim América", "Vila Nova", "São Geraldo", "Santa Dorotéia",
	"Jardim Yara", "Fátima", "Árvore Grande", "Medicina", "Faisqueira",
	"São João", "Primavera", "Cidade Jardim", "Jardim Brasil", "Zona Rural",
}

var complements = []string{"", "", "", "", "Casa 2", "Apto 12", "Apto 304", "Fundos", "Sala 3", "Bloco B"}
