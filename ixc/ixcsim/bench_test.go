package ixcsim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// synthContracts builds n cliente_contrato rows with ~30 realistic columns filled.
func synthContracts(n int) []Record {
	st := []string{"A", "A", "A", "A", "I", "P", "D"}
	si := []string{"A", "A", "A", "CA", "CM", "FA", "D"}
	out := make([]Record, n)
	for i := 0; i < n; i++ {
		id := strconv.Itoa(i + 1)
		out[i] = Record{
			"id": id, "tipo": "I", "id_cliente": strconv.Itoa(i%180000 + 1), "id_vd_contrato": strconv.Itoa(i%40 + 1),
			"contrato": "Fibra " + strconv.Itoa(100*(i%10+1)) + " Mega", "id_tipo_contrato": "1", "id_modelo": "1",
			"id_filial": "1", "data": fmt.Sprintf("20%02d-%02d-%02d", 15+i%10, i%12+1, i%28+1),
			"data_ativacao": fmt.Sprintf("20%02d-%02d-%02d", 15+i%10, i%12+1, i%28+1), "status": st[i%len(st)],
			"status_internet": si[i%len(si)], "status_velocidade": "N", "id_tipo_documento": "502",
			"id_carteira_cobranca": "1", "id_vendedor": strconv.Itoa(i%25 + 1), "cc_previsao": "M", "tipo_cobranca": "P",
			"renovacao_automatica": "S", "base_geracao_tipo_doc": "P", "bloqueio_automatico": "S", "aviso_atraso": "S",
			"endereco_padrao_cliente": "S", "fidelidade": "12", "obs": "", "tipo_produtos_plano": "P",
			"cep": fmt.Sprintf("%05d-%03d", 80000+i%9999, i%1000), "endereco": "Rua " + strconv.Itoa(i%5000),
			"numero": strconv.Itoa(i % 2000), "bairro": "Bairro " + strconv.Itoa(i%300), "cidade": strconv.Itoa(3000 + i%50),
			"ultima_atualizacao": fmt.Sprintf("2024-%02d-%02d %02d:%02d:%02d", i%12+1, i%28+1, i%24, i%60, (i*7)%60),
		}
	}
	return out
}

func synthCustomers(n int) []Record {
	out := make([]Record, n)
	for i := 0; i < n; i++ {
		id := strconv.Itoa(i + 1)
		out[i] = Record{
			"id": id, "ativo": "S", "tipo_pessoa": "F", "razao": "Cliente " + id + " da Silva",
			"cnpj_cpf":          fmt.Sprintf("%03d.%03d.%03d-%02d", i%1000, (i/1000)%1000, i%997, i%97),
			"contribuinte_icms": "N", "tipo_assinante": "1", "cep": fmt.Sprintf("%05d-%03d", 80000+i%9999, i%1000),
			"endereco": "Rua " + strconv.Itoa(i%5000), "numero": strconv.Itoa(i % 2000), "bairro": "Bairro " + strconv.Itoa(i%300),
			"cidade": strconv.Itoa(3000 + i%50), "tipo_localidade": "U", "email": "cliente" + id + "@exemplo.com.br",
			"hotsite_email": "cliente" + id + "@exemplo.com.br", "senha": "s" + id, "telefone_celular": fmt.Sprintf("(41) 9%08d", i),
			"data_cadastro": fmt.Sprintf("20%02d-%02d-%02d", 15+i%10, i%12+1, i%28+1), "cob_envia_email": "S", "cob_envia_sms": "S",
			"iss_classificacao_padrao": "00", "filial_id": "1", "hotsite_acesso": "2", "senha_hotsite_md5": "N",
			"ultima_atualizacao": fmt.Sprintf("2024-%02d-%02d %02d:%02d:%02d", i%12+1, i%28+1, i%24, i%60, (i*7)%60),
		}
	}
	return out
}

func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// largeLogins is 200,000 PPPoE logins over 180,000 customers.
func largeLogins(n, customers int) []Record {
	logins := make([]Record, n)
	for i := range logins {
		id := strconv.Itoa(i + 1)
		logins[i] = Record{"id": id, "id_contrato": id, "id_cliente": strconv.Itoa(i%customers + 1), "login": "user" + id,
			"senha": "p" + id, "autenticacao": "L", "ativo": "S", "online": "S", "id_grupo": "9", "mac": fmt.Sprintf("AA:BB:%02X:%02X:%02X:00", i>>16&255, i>>8&255, i&255)}
	}
	return logins
}

// TestLargeDataset checks the store loaded with 50,000 contracts + 45,000 customers +
// 50,000 logins serves the right last 1,000-row page and a filtered scan. How compact the
// 200,000-contract store is and how fast it loads and answers are BenchmarkLargeDatasetLoad's
// and BenchmarkListPage1000's (memory and speed goals are benchmarks, not tests); -short
// skips this test.
func TestLargeDataset(t *testing.T) {
	if testing.Short() {
		t.Skip("145,000 rows; run without -short")
	}
	// 50,000 contracts: paging, totals and a filtered scan at scale. The
	// 200,000-contract store and its heap goal are BenchmarkLargeDatasetLoad
	// (memory and speed goals live in benchmarks).
	const n, nc = 50000, 45000
	contracts, customers, logins := synthContracts(n), synthCustomers(nc), largeLogins(n, nc)
	s := New(Options{})
	start := time.Now()
	s.Load("cliente_contrato", contracts)
	s.Load("cliente", customers)
	s.Load("radusuarios", logins)
	loadTime := time.Since(start)
	contracts, customers, logins = nil, nil, nil
	t.Logf("load %v", loadTime)
	if s.Count("cliente_contrato") != n || s.Count("cliente") != nc {
		t.Fatal("counts")
	}
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start = time.Now()
	body := listPage(t, http.DefaultClient, base, s.DemoToken(), n/1000)
	d := time.Since(start)
	var env struct {
		Total     string              `json:"total"`
		Registros []map[string]string `json:"registros"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	if env.Total != strconv.Itoa(n) || len(env.Registros) != 1000 || env.Registros[0]["id"] != strconv.Itoa(n-999) || env.Registros[999]["id"] != strconv.Itoa(n) {
		t.Fatalf("page: total %s, %d rows", env.Total, len(env.Registros))
	}
	t.Logf("last page (rp 1000): %v, %d bytes", d, len(body))
	// a filtered scan over 200k rows still answers promptly
	start = time.Now()
	req, _ := http.NewRequest("POST", base+"/cliente_contrato", strings.NewReader(`{"qtype":"cliente_contrato.status_internet","query":"CA","oper":"=","rp":"10","grid_param":"[{\"TB\":\"cliente_contrato.data_ativacao\",\"OP\":\">\",\"P\":\"31/12/2020\"}]"}`))
	req.Header.Set("ixcsoft", "listar")
	req.Header.Set("Authorization", basic(s.DemoToken()))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	fb, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(fb), `"registros"`) {
		t.Fatalf("filtered: %s", fb[:min(len(fb), 200)])
	}
	t.Logf("filtered scan: %v", time.Since(start))
}

// BenchmarkLargeDatasetLoad loads the 580,000 rows of TestLargeDataset and
// reports the store's heap (heap-MB).
func BenchmarkLargeDatasetLoad(b *testing.B) {
	contracts, customers, logins := synthContracts(200000), synthCustomers(180000), largeLogins(200000, 180000)
	var used float64
	for b.Loop() {
		before := heapMB()
		s := New(Options{})
		s.Load("cliente_contrato", contracts)
		s.Load("cliente", customers)
		s.Load("radusuarios", logins)
		used = heapMB() - before
		_ = s.Count("cliente")
	}
	b.ReportMetric(used, "heap-MB")
	if used > 1024 { // the store's goal: 580,000 rows in well under 1 GB
		b.Fatalf("store uses %.0f MB", used)
	}
}

// listPage reads page (rp 1000) of cliente_contrato in id order.
func listPage(tb testing.TB, cl *http.Client, base, token string, page int) []byte {
	req, _ := http.NewRequest("POST", base+"/cliente_contrato", strings.NewReader(`{"qtype":"cliente_contrato.id","query":"","oper":"=","page":"`+strconv.Itoa(page)+`","rp":"1000","sortname":"cliente_contrato.id","sortorder":"asc"}`))
	req.Header.Set("ixcsoft", "listar")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", basic(token))
	res, err := cl.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != 200 {
		tb.Fatalf("status %d %v", res.StatusCode, err)
	}
	return b
}

// BenchmarkListPage1000 serves page 200 (rp 1000) of a 200,000-contract table over HTTP.
func BenchmarkListPage1000(b *testing.B) {
	s := New(Options{})
	s.Load("cliente_contrato", synthContracts(200000))
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cl := &http.Client{}
	tok := s.DemoToken()
	var n int
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		n = len(listPage(b, cl, base, tok, 200))
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
	b.SetBytes(int64(n))
}
