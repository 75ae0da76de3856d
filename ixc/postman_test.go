package ixc

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// postmanCollection is the subset of a Postman v2.1 collection we need.
type postmanItem struct {
	Name     string            `json:"name"`
	Item     []postmanItem     `json:"item"`
	Request  *postmanRequest   `json:"request"`
	Response []postmanResponse `json:"response"`
}

type postmanRequest struct {
	Method string          `json:"method"`
	URL    json.RawMessage `json:"url"`
}

type postmanResponse struct {
	Name   string          `json:"name"`
	Code   int             `json:"code"`
	Header json.RawMessage `json:"header"`
	Body   string          `json:"body"`
}

type savedResponse struct {
	path, method, table string
	resp                postmanResponse
	headers             [][2]string
}

func loadSavedResponses(t *testing.T) []savedResponse {
	t.Helper()
	// The saved responses of IXC's public Postman collection (see
	// testdata/README.md for where they come from).
	p := filepath.Join("testdata", "postman-responses.json")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("the saved responses are required at %s: %v", p, err)
	}
	var col struct {
		Item []postmanItem `json:"item"`
	}
	if err := json.Unmarshal(data, &col); err != nil {
		t.Fatalf("decode collection: %v", err)
	}
	var out []savedResponse
	var walk func(items []postmanItem, path string)
	walk = func(items []postmanItem, path string) {
		for _, it := range items {
			p := it.Name
			if path != "" {
				p = path + " / " + it.Name
			}
			if it.Item != nil || it.Request == nil {
				walk(it.Item, p)
				continue
			}
			raw := ""
			var u struct {
				Raw string `json:"raw"`
			}
			if json.Unmarshal(it.Request.URL, &u) == nil && u.Raw != "" {
				raw = u.Raw
			} else {
				_ = json.Unmarshal(it.Request.URL, &raw)
			}
			_, rest, ok := strings.Cut(raw, "/webservice/v1/")
			if !ok {
				t.Fatalf("%s: url %q has no /webservice/v1/", p, raw)
			}
			table := strings.SplitN(strings.SplitN(rest, "?", 2)[0], "/", 2)[0]
			for _, r := range it.Response {
				sr := savedResponse{path: p, method: it.Request.Method, table: table, resp: r}
				var hs []struct{ Key, Value string }
				if len(r.Header) > 0 && r.Header[0] == '[' {
					if err := json.Unmarshal(r.Header, &hs); err != nil {
						t.Fatalf("%s: headers: %v", p, err)
					}
				}
				for _, h := range hs {
					sr.headers = append(sr.headers, [2]string{h.Key, h.Value})
				}
				out = append(out, sr)
			}
		}
	}
	walk(col.Item, "")
	return out
}

// replay serves one saved response with its saved headers. Hop-by-hop and
// length headers are recomputed; a gzip Content-Encoding is honoured by
// compressing the saved (decoded) body.
func replay(t *testing.T, sr savedResponse, seen *http.Request) *Client {
	t.Helper()
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		*seen = *r.Clone(context.Background())
		body := []byte(sr.resp.Body)
		for _, h := range sr.headers {
			switch strings.ToLower(h[0]) {
			case "content-length", "transfer-encoding", "connection":
				continue
			case "content-encoding":
				if strings.EqualFold(h[1], "gzip") {
					var buf bytes.Buffer
					zw := gzip.NewWriter(&buf)
					_, _ = zw.Write(body)
					_ = zw.Close()
					body = buf.Bytes()
				}
			}
			w.Header().Add(h[0], h[1])
		}
		code := sr.resp.Code
		if code == 0 {
			code = http.StatusOK
		}
		w.WriteHeader(code)
		_, _ = w.Write(body)
	})
	return newTestClient(t, srv.URL, nil)
}

// expectedRecords decodes the saved body independently, for comparison.
func expectedRecords(t *testing.T, body string) (key string, recs []map[string]any, total any, hasTotal bool) {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("saved body is not JSON: %v", err)
	}
	var tot any
	if raw, ok := m["total"]; ok {
		_ = json.Unmarshal(raw, &tot)
		hasTotal = true
	}
	for _, k := range []string{"registros", "rows"} {
		if raw, ok := m[k]; ok {
			var arr []map[string]any
			if err := json.Unmarshal(raw, &arr); err != nil {
				t.Fatalf("%s: %v", k, err)
			}
			return k, arr, tot, hasTotal
		}
	}
	return "", nil, tot, hasTotal
}

func stringOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return fmt.Sprint(x)
	case float64:
		return fmt.Sprint(x)
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

func TestPostmanSavedResponses(t *testing.T) {
	saved := loadSavedResponses(t)
	if len(saved) != 51 {
		t.Fatalf("found %d saved responses, want 51", len(saved))
	}
	ctx := context.Background()
	var lists, writes, actions int
	checked := map[string]bool{}
	for i, sr := range saved {
		name := fmt.Sprintf("%02d %s %s | %s", i+1, sr.method, sr.path, sr.resp.Name)
		t.Run(name, func(t *testing.T) {
			var seen http.Request
			c := replay(t, sr, &seen)
			var probe map[string]json.RawMessage
			if err := json.Unmarshal([]byte(sr.resp.Body), &probe); err != nil {
				t.Fatalf("saved body is not a JSON object: %v", err)
			}
			_, hasType := probe["type"]
			_, hasReg := probe["registros"]
			_, hasRows := probe["rows"]
			_, hasPage := probe["page"]
			switch {
			case !hasType && (hasReg || hasRows || hasPage):
				lists++
				p, err := c.List(ctx, Query{Table: sr.table, RP: 20})
				if err != nil {
					t.Fatalf("List: %v", err)
				}
				if seen.Header.Get("ixcsoft") != "listar" || seen.Method != http.MethodGet {
					t.Fatalf("list sent %s with ixcsoft=%q", seen.Method, seen.Header.Get("ixcsoft"))
				}
				key, want, total, hasTotal := expectedRecords(t, sr.resp.Body)
				if len(p.Records) != len(want) {
					t.Fatalf("%d records, want %d", len(p.Records), len(want))
				}
				if hasTotal {
					if fmt.Sprint(p.Total) != stringOf(total) {
						t.Fatalf("Total = %d, want %v", p.Total, total)
					}
				} else if p.Total != len(want) {
					t.Fatalf("Total = %d without total, want %d", p.Total, len(want))
				}
				for j, w := range want {
					got := p.Records[j]
					if key == "rows" {
						cells, _ := w["cell"].([]any)
						if got["id"] != stringOf(w["id"]) || len(got) != len(cells)+1 {
							t.Fatalf("row %d = %v", j, got)
						}
						for k, cv := range cells {
							if got[fmt.Sprint(k)] != stringOf(cv) {
								t.Fatalf("row %d cell %d = %q, want %q", j, k, got[fmt.Sprint(k)], stringOf(cv))
							}
						}
						continue
					}
					if len(got) != len(w) {
						t.Fatalf("record %d has %d fields, want %d", j, len(got), len(w))
					}
					for k, v := range w {
						if got[k] != stringOf(v) {
							t.Fatalf("record %d field %s = %q, want %q", j, k, got[k], stringOf(v))
						}
					}
				}
				switch sr.table {
				case "cliente":
					if p.Total != 1 || p.Records[0]["cnpj_cpf"] != "627.105.245-20" || p.Records[0]["id"] != "2" {
						t.Fatalf("cliente listing: total %d, %v", p.Total, p.Records[0]["cnpj_cpf"])
					}
					checked["cliente"] = true
				case "view_vd_contratos_produtos_gen":
					if len(p.Records) != 3 || p.Total != 3 || p.Records[0]["id"] != "30" || p.Records[0]["1"] != "Locação ONU" || p.Records[2]["5"] != "91,00" {
						t.Fatalf("rows/cell view: %v", p.Records)
					}
					checked["rows"] = true
				case "radacct":
					if p.Total != 1 || p.Records[0]["1"] != "modomarlo1" || p.Records[0]["id"] != "2076372" {
						t.Fatalf("radacct: %v", p.Records)
					}
					checked["radacct"] = true
				case "get_boleto":
					if p.Records[0]["sucesso"] != "true" {
						t.Fatalf("get_boleto: %v", p.Records)
					}
					checked["gzip-latin1"] = true
				}
			case hasType && (sr.method == http.MethodPost || sr.method == http.MethodPut):
				writes++
				var err error
				var id string
				if sr.method == http.MethodPost {
					id, err = c.Insert(ctx, sr.table, Record{"campo": "valor"})
					if seen.Header.Get("ixcsoft") != "" || seen.Method != http.MethodPost {
						t.Fatalf("insert sent %s with ixcsoft=%q", seen.Method, seen.Header.Get("ixcsoft"))
					}
				} else {
					err = c.Replace(ctx, sr.table, "643", Record{"campo": "valor"})
					if seen.Method != http.MethodPut || !strings.HasSuffix(seen.URL.Path, "/"+sr.table+"/643") {
						t.Fatalf("replace sent %s %s", seen.Method, seen.URL.Path)
					}
				}
				env, derr := decodeEnvelope([]byte(sr.resp.Body))
				if derr != nil {
					t.Fatalf("decodeEnvelope: %v", derr)
				}
				if env.Type == "error" {
					if KindOf(err) != KindBusiness {
						t.Fatalf("error body gave %v (kind %v)", err, KindOf(err))
					}
					var e *Error
					errors.As(err, &e)
					if e.Message == "" || strings.Contains(e.Message, "<br") || e.Message != strings.TrimSpace(e.Message) {
						t.Fatalf("message not cleaned: %q", e.Message)
					}
					if strings.Contains(sr.resp.Body, "Parcela") {
						if e.Message != "Parcela já está recebida ou cancelada!" {
							t.Fatalf("message = %q", e.Message)
						}
						checked["parcela"] = true
					}
					return
				}
				if err != nil {
					t.Fatalf("write: %v", err)
				}
				if sr.method == http.MethodPost {
					wantID := ""
					if raw, ok := probe["id"]; ok {
						wantID = strings.Trim(string(raw), `"`)
					}
					if id != wantID {
						t.Fatalf("Insert id = %q, want %q", id, wantID)
					}
					if strings.Contains(sr.resp.Body, `"id": 2,`) {
						if id != "2" {
							t.Fatalf("numeric id: %q", id)
						}
						checked["numeric-id"] = true
					}
				}
			default:
				actions++
				env, err := decodeEnvelope([]byte(sr.resp.Body))
				if err != nil {
					t.Fatalf("decodeEnvelope: %v", err)
				}
				if raw, ok := probe["message"]; ok {
					var m string
					_ = json.Unmarshal(raw, &m)
					if want := cleanMessage(m); env.Message != want || (strings.TrimSpace(m) != "" && env.Message == "") {
						t.Fatalf("message %q, want %q", env.Message, want)
					}
				}
				// Through the real list path too: type:error must classify.
				_, lerr := c.List(ctx, Query{Table: sr.table})
				if lerr == nil {
					t.Fatal("an action body decoded as a list")
				}
				if env.Type == "error" {
					if KindOf(lerr) != KindBusiness {
						t.Fatalf("type:error gave kind %v: %v", KindOf(lerr), lerr)
					}
					if strings.Contains(env.Message, "Saida já está finalizada!") {
						checked["saida"] = true
					}
				} else if KindOf(lerr) != KindNotIXC {
					t.Fatalf("non-list body gave kind %v", KindOf(lerr))
				}
			}
		})
	}
	for _, k := range []string{"cliente", "rows", "radacct", "gzip-latin1", "parcela", "numeric-id", "saida"} {
		if !checked[k] {
			t.Errorf("concrete check %q did not run", k)
		}
	}
	if lists == 0 || writes == 0 || actions == 0 {
		t.Errorf("lists %d writes %d actions %d", lists, writes, actions)
	}
}
