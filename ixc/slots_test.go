package ixc

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitQueued waits until n exchanges wait for a slot.
func waitQueued(t *testing.T, s *inflightSlots, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		q := len(s.first) + len(s.following)
		s.mu.Unlock()
		if q == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d waiting, want %d", q, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestSlotsServeFirstPagesBeforeLaterPages(t *testing.T) {
	s := newInflightSlots(1)
	if err := s.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		order []string
		wg    sync.WaitGroup
	)
	wait := func(name string, ctx context.Context) {
		wg.Go(func() {
			if err := s.acquire(ctx); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			s.release()
		})
	}
	later := asLaterPage(context.Background())
	wait("later-1", later)
	waitQueued(t, s, 1)
	wait("later-2", later)
	waitQueued(t, s, 2)
	wait("first-1", context.Background())
	waitQueued(t, s, 3)
	wait("first-2", context.Background())
	waitQueued(t, s, 4)
	s.release()
	wg.Wait()
	if got := strings.Join(order, " "); got != "first-1 first-2 later-1 later-2" {
		t.Fatalf("served in order %s", got)
	}
	if s.free != 1 {
		t.Fatalf("%d free slots at the end, want 1", s.free)
	}
}

func TestSlotsCancelledWaiterGivesNothingAway(t *testing.T) {
	s := newInflightSlots(1)
	if err := s.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(asLaterPage(context.Background()))
	done := make(chan error)
	go func() { done <- s.acquire(ctx) }()
	waitQueued(t, s, 1)
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("cancelled acquire: %v", err)
	}
	waitQueued(t, s, 0)
	s.release()
	if err := s.acquire(context.Background()); err != nil { // the one slot is free again
		t.Fatal(err)
	}
	short, stop := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer stop()
	if err := s.acquire(short); err == nil { // and only one
		t.Fatal("a second slot was handed out")
	}
}

// Many exchanges of both classes, some cancelled while they wait or just as
// they are served: never more than n hold a slot, and every slot comes back.
func TestSlotsBoundUnderCancellation(t *testing.T) {
	const n = 3
	s := newInflightSlots(n)
	var holding, peak atomic.Int64
	var wg sync.WaitGroup
	for i := range 400 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			ctx := context.Background()
			if i%2 == 0 {
				ctx = asLaterPage(ctx)
			}
			ctx, cancel := context.WithTimeout(ctx, time.Duration(rng.IntN(3000))*time.Microsecond)
			defer cancel()
			if s.acquire(ctx) != nil {
				return
			}
			h := holding.Add(1)
			for {
				p := peak.Load()
				if h <= p || peak.CompareAndSwap(p, h) {
					break
				}
			}
			time.Sleep(time.Duration(rng.IntN(300)) * time.Microsecond)
			holding.Add(-1)
			s.release()
		})
	}
	wg.Wait()
	if p := peak.Load(); p > n {
		t.Fatalf("%d exchanges held a slot at once, limit %d", p, n)
	}
	if s.free != n || len(s.first)+len(s.following) != 0 {
		t.Fatalf("at the end: %d free, %d waiting", s.free, len(s.first)+len(s.following))
	}
}

// Over HTTP: a short listing that starts while a long one has its later
// pages waiting for the slot is served next, not after them.
func TestEachShortListingNotStuckBehindLongOne(t *testing.T) {
	var (
		mu    sync.Mutex
		order []string
	)
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		tbl := strings.TrimPrefix(r.URL.Path, "/webservice/v1/")
		var body struct{ Page, RP string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		page, _ := strconv.Atoi(body.Page)
		rp, _ := strconv.Atoi(body.RP)
		mu.Lock()
		order = append(order, fmt.Sprintf("%s:%d", tbl, page))
		mu.Unlock()
		time.Sleep(50 * time.Millisecond)
		n := map[string]int{"cliente": 600, "cliente_contrato": 300}[tbl]
		var recs []string
		for i := (page-1)*rp + 1; i <= page*rp && i <= n; i++ {
			recs = append(recs, fmt.Sprintf(`{"id":"%d"}`, i))
		}
		out := fmt.Sprintf(`{"page":"%d","total":"%d"`, page, n)
		if len(recs) > 0 {
			out += `,"registros":[` + strings.Join(recs, ",") + `]`
		}
		writeJSON(w, 200, out+"}")
	})
	c := newTestClient(t, srv.URL, func(o *Options) { o.Concurrency = 1; o.PageSize = 100 })
	long := make(chan error)
	started := make(chan struct{})
	var once sync.Once
	go func() {
		long <- c.Each(context.Background(), Query{Table: "cliente"}, func(Record) error {
			once.Do(func() { close(started) })
			return nil
		})
	}()
	<-started                    // its first page is in, its next pages are launched:
	waitQueued(t, c.inflight, 1) // one holds the slot, one waits for it
	var before int
	for deadline := time.Now().Add(5 * time.Second); before < 2; time.Sleep(time.Millisecond) { // the one on the wire has reached the server
		mu.Lock()
		before = len(order)
		mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("%d requests reached the server", before)
		}
	}
	n := 0
	if err := c.Each(context.Background(), Query{Table: "cliente_contrato"}, func(Record) error { n++; return nil }); err != nil || n != 300 {
		t.Fatalf("short listing: %d rows, %v", n, err)
	}
	if err := <-long; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(order) != 9 || order[before] != "cliente_contrato:1" {
		t.Fatalf("the slot after %v went to %v", order[:before], order[before:])
	}
}
