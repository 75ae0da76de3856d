package ixc

import (
	"context"
	"slices"
	"sync"
)

// inflightSlots bounds the HTTP exchanges in flight across a whole client (every
// Each, Get, Count and probe shares it): the politeness limit. When a slot
// frees, a waiting exchange that others wait on goes first: a listing's first
// page (it tells how many pages follow, and often what the next read asks
// for), a count, a single record. The later pages of a listing, which nothing
// waits on but the listing itself, take the slots left. Without this, a
// listing of 100 pages queues its pages ahead of every read that starts after
// it, and a short read that the audit is waiting on (the contracts of a plan
// once its product rows are known) only begins when the long one is nearly
// done. Waiters of one class are served in arrival order; later pages never
// wait for long, as each listing has one first page.
type inflightSlots struct {
	mu        sync.Mutex
	free      int
	first     []chan struct{} // waiting exchanges that others wait on
	following []chan struct{} // waiting later pages of listings
}

func newInflightSlots(n int) *inflightSlots { return &inflightSlots{free: n} }

// laterPage marks a context whose exchanges are later pages of a listing.
type laterPage struct{}

// asLaterPage returns ctx marking its exchanges as later pages of a listing.
func asLaterPage(ctx context.Context) context.Context {
	return context.WithValue(ctx, laterPage{}, true)
}

func isLaterPage(ctx context.Context) bool {
	v, _ := ctx.Value(laterPage{}).(bool)
	return v
}

// acquire waits for a slot (ctx's class decides the queue) or for ctx to end.
func (s *inflightSlots) acquire(ctx context.Context) error {
	later := isLaterPage(ctx)
	s.mu.Lock()
	if s.free > 0 && len(s.first) == 0 && (!later || len(s.following) == 0) {
		s.free--
		s.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	if later {
		s.following = append(s.following, ch)
	} else {
		s.first = append(s.first, ch)
	}
	s.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		waiting := false
		for _, q := range []*[]chan struct{}{&s.first, &s.following} {
			if i := slices.Index(*q, ch); i >= 0 {
				*q = slices.Delete(*q, i, i+1)
				waiting = true
			}
		}
		s.mu.Unlock()
		if !waiting {
			s.release() // the slot was handed over as ctx ended: pass it on
		}
		return ctx.Err()
	}
}

// release frees a slot: it goes to the first waiter of the first class that
// has one.
func (s *inflightSlots) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, q := range []*[]chan struct{}{&s.first, &s.following} {
		if len(*q) > 0 {
			ch := (*q)[0]
			*q = (*q)[1:]
			close(ch)
			return
		}
	}
	s.free++
}
