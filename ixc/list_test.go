package ixc

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// A filter whose main value is empty (or blank) is refused before any
// request: IXC ignores qtype and oper when query is empty and answers with
// the whole table, which a look-up by name would take for a match. Every
// way to list (List, Count, Each, All, the Reader) refuses it with
// KindInvalidQuery; an empty Filter still lists everything, and an empty
// value in grid_param (a field that is empty) is sent.
func TestEmptyMainValueIsRefused(t *testing.T) {
	var n atomic.Int64
	var last atomic.Value
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		var b map[string]string
		_ = json.NewDecoder(r.Body).Decode(&b)
		last.Store(b)
		writeJSON(w, 200, `{"page":"1","total":"0"}`)
	})
	c := newTestClient(t, srv.URL, func(o *Options) { o.MaxRetries = -1 })
	ctx := context.Background()
	for _, filter := range [][]Cond{
		{Where("produtos.descricao", OpEq, "")},
		{Where("descricao", OpLike, "  ")},
		{Where("produtos.descricao", OpIn, "")},
		{Cond{Field: "produtos.descricao"}},
		// A BE never is the main condition: the next one is.
		{Between("produtos.data", "01/01/2024", "31/01/2024"), Where("produtos.descricao", OpEq, "")},
		// Only the first is the main condition; the second being set does
		// not save the first.
		{Where("produtos.descricao", OpEq, ""), Where("produtos.tipo", OpEq, "S")},
	} {
		q := Query{Table: "produtos", Filter: filter}
		calls := map[string]error{}
		_, calls["List"] = c.List(ctx, q)
		_, calls["Count"] = c.Count(ctx, "produtos", filter...)
		calls["Each"] = c.Each(ctx, q, func(Record) error { return nil })
		_, calls["All"] = c.All(ctx, q)
		_, calls["Reader.List"] = c.Reader().List(ctx, q)
		for name, err := range calls {
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindInvalidQuery || e.Table != "produtos" {
				t.Errorf("%s %v: %v, want KindInvalidQuery", name, filter, err)
				continue
			}
			if !strings.Contains(e.Message, "produtos.descricao") || !strings.Contains(err.Error(), "nothing was sent") {
				t.Errorf("%s %v: %q does not name the field or say nothing was sent", name, filter, err)
			}
		}
	}
	if got := n.Load(); got != 0 {
		t.Fatalf("%d request(s) sent for a filter with an empty main value", got)
	}

	// No filter: "list everything" is asked for explicitly, as before.
	if _, err := c.List(ctx, Query{Table: "produtos"}); err != nil {
		t.Fatal(err)
	}
	if b := last.Load().(map[string]string); b["qtype"] != "produtos.id" || b["query"] != "0" || b["oper"] != ">" {
		t.Fatalf("no-filter body %v", b)
	}
	// An empty value in grid_param is a condition IXC applies: sent.
	if _, err := c.List(ctx, Query{Table: "vd_contratos_produtos", Filter: []Cond{
		Where("vd_contratos_produtos.id_vd_contrato", OpEq, "3"),
		Where("vd_contratos_produtos.id_plano", OpEq, ""),
	}}); err != nil {
		t.Fatal(err)
	}
	b := last.Load().(map[string]string)
	if b["query"] != "3" || b["grid_param"] != `[{"TB":"vd_contratos_produtos.id_plano","OP":"=","P":""}]` {
		t.Fatalf("grid body %v", b)
	}
	if got := n.Load(); got != 2 {
		t.Fatalf("%d requests, want 2", got)
	}
}
