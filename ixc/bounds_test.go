package ixc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// A server claiming 10^18 rows that stops sending rows after 120 gets the
// first page, the pages already launched, and no more: the listing ends at
// its first short or empty page whatever total says.
func TestEachEndsAtFirstEmptyPageWhateverTotal(t *testing.T) {
	for _, real := range []int{100, 120} { // the end on an empty page, on a short page
		t.Run(fmt.Sprint(real), func(t *testing.T) {
			s := &pagedServer{n: real}
			s.hook = func(w http.ResponseWriter, r *http.Request, page, rp int) bool {
				var recs []string
				for i := (page-1)*rp + 1; i <= page*rp && i <= real; i++ {
					recs = append(recs, fmt.Sprintf(`{"id":"%d"}`, i))
				}
				out := fmt.Sprintf(`{"page":"%d","total":"1000000000000000000"`, page)
				if len(recs) > 0 {
					out += `,"registros":[` + strings.Join(recs, ",") + `]`
				}
				writeJSON(w, 200, out+"}")
				return true
			}
			srv := httptest.NewServer(s.handler(t))
			defer srv.Close()
			c := newTestClient(t, srv.URL, func(o *Options) { o.Concurrency = 2 })
			ids, err := collectIDs(t, c, Query{Table: "cliente", RP: 50})
			if err != nil {
				t.Fatal(err)
			}
			assertSequence(t, ids, real)
			// The data needs 3 pages; at most 2·Concurrency more are in
			// flight when the end shows.
			if n := s.requests.Load(); n > 3+2*2 {
				t.Fatalf("%d requests for %d rows", n, real)
			}
		})
	}
}

// A first page shorter than asked ends the listing at once.
func TestEachShortFirstPageIgnoresTotal(t *testing.T) {
	s := &pagedServer{}
	s.hook = func(w http.ResponseWriter, r *http.Request, page, rp int) bool {
		writeJSON(w, 200, fmt.Sprintf(`{"page":"%d","total":"1000000000000000000","registros":[{"id":"1"}]}`, page))
		return true
	}
	srv := httptest.NewServer(s.handler(t))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)
	ids, err := collectIDs(t, c, Query{Table: "cliente", RP: 50})
	if err != nil {
		t.Fatal(err)
	}
	assertSequence(t, ids, 1)
	if n := s.requests.Load(); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}

// endless streams bytes until the client hangs up.
type endless struct{ n *atomic.Int64 }

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.n.Add(int64(len(p)))
	return len(p), nil
}

// An answer past MaxAnswer is cut while it is read (memory stays near the
// cap), reported as too large, and not retried; a Content-Length past it
// is refused before reading a byte.
func TestAnswerLargerThanCapIsRefusedNotRetried(t *testing.T) {
	var sent, requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "text/x-json; charset=utf-8")
		if r.URL.Query().Get("announce") != "" || strings.HasSuffix(r.URL.Path, "/produtos") {
			w.Header().Set("Content-Length", fmt.Sprint(512<<20))
			_, _ = w.Write([]byte(`{"page":"1"`))
			return
		}
		_, _ = io.WriteString(w, `{"page":"1","total":"1","registros":[{"id":"1","x":"`)
		_, _ = io.Copy(w, io.LimitReader(endless{&sent}, 2<<30))
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(o *Options) { o.MaxRetries = 3 })

	_, err := c.List(context.Background(), Query{Table: "cliente"})
	e := asError(t, err)
	if e.Kind != KindNotIXC || !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %+v", e)
	}
	if requests.Load() != 1 {
		t.Fatalf("%d requests: a too-large answer was retried", requests.Load())
	}
	if sent.Load() > 2*MaxAnswer {
		t.Fatalf("the client kept reading: %d bytes sent", sent.Load())
	}

	requests.Store(0)
	_, err = c.List(context.Background(), Query{Table: "produtos"})
	if !errors.Is(err, ErrTooLarge) || requests.Load() != 1 {
		t.Fatalf("announced 512 MiB: %v after %d requests", err, requests.Load())
	}
}

// The buffer of a too-large answer never grows past the cap (ReadFrom
// would have reserved twice the cap), and reading stops right after it.
func TestReadCappedBoundsTheBuffer(t *testing.T) {
	const limit = 3<<20 + 17
	var read atomic.Int64
	var buf bytes.Buffer
	err := readCapped(&buf, endless{&read}, limit)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err %v", err)
	}
	if buf.Cap() > limit+1 {
		t.Fatalf("the buffer grew to %d bytes for a cap of %d", buf.Cap(), limit)
	}
	if read.Load() > limit+1 {
		t.Fatalf("read %d bytes past a cap of %d", read.Load(), limit)
	}
	buf.Reset()
	if err := readCapped(&buf, strings.NewReader(strings.Repeat("x", limit)), limit); err != nil || buf.Len() != limit {
		t.Fatalf("exactly the cap: %v, %d bytes", err, buf.Len())
	}
}
