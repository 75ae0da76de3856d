package ixc

import (
	"context"
	"sync"
	"testing"
)

// A listing reports every page to the context's progress function, through
// the Client and through the read-only Reader, ending at pages = total.
func TestEachReportsProgress(t *testing.T) {
	ps := &pagedServer{n: 2350}
	srv := ixcServer(t, ps.handler(t))
	c := newTestClient(t, srv.URL, func(o *Options) { o.Concurrency = 3; o.PageSize = 100 })
	var mu sync.Mutex
	var seen []PageProgress
	ctx := WithProgress(context.Background(), func(p PageProgress) {
		mu.Lock()
		seen = append(seen, p)
		mu.Unlock()
	})
	n := 0
	if err := c.Each(ctx, Query{Table: "cliente"}, func(Record) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 2350 || len(seen) != 24 {
		t.Fatalf("%d rows, %d reports, want 2350 and 24", n, len(seen))
	}
	for i, p := range seen {
		if p.Table != "cliente" || p.Pages != i+1 || p.TotalPages != 24 || p.TotalRows != 2350 {
			t.Fatalf("report %d = %+v", i, p)
		}
	}
	if last := seen[len(seen)-1]; last.Rows != 2350 {
		t.Fatalf("last = %+v", last)
	}

	seen = nil
	if _, err := c.Reader().All(ctx, Query{Table: "cliente", RP: 1000}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 || seen[2].Pages != 3 || seen[2].TotalPages != 3 {
		t.Fatalf("Reader.All reports %+v", seen)
	}

	// Without WithProgress nothing is called (and nothing breaks).
	seen = nil
	if err := c.Each(context.Background(), Query{Table: "cliente"}, func(Record) error { return nil }); err != nil || seen != nil {
		t.Fatalf("%v %v", err, seen)
	}
}
