package ixc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
)

// Each pages through every row matching q: the first page first (it tells
// the total), then the remaining pages concurrently with at most Concurrency
// requests in flight. fn is called from the calling goroutine only, in row
// order; an error from fn stops everything and is returned as is. A page
// that fails with 504 or a timeout is re-fetched as two half-size pages
// covering the same rows, recursively down to 50 rows, and later pages use
// the smaller size. A listing ends at its first short (or empty) page,
// whatever "total" says: a server announcing 10^18 rows and sending none
// costs the first page plus the pages already launched, not 10^15 requests.
func (c *Client) Each(ctx context.Context, q Query, fn func(Record) error) error {
	return c.EachSelect(ctx, q, selectedFields(ctx), fn)
}

// EachSelect is Each keeping only the named fields of every row (none: all
// fields). IXC always sends every column; the client drops the others while
// decoding the page, so memory and CPU follow what the caller reads, not the
// width of the table. A field the rows lack is simply absent.
func (c *Client) EachSelect(ctx context.Context, q Query, fields []string, fn func(Record) error) error {
	if err := checkTable("each", q.Table); err != nil {
		return err
	}
	if err := checkQuery("each", q); err != nil {
		return err
	}
	var keep map[string]bool
	if len(fields) > 0 {
		keep = make(map[string]bool, len(fields))
		for _, f := range fields {
			keep[f] = true
		}
	}
	size := q.RP
	if size <= 0 {
		size = c.pageSize
	}
	start := 0
	if q.Page > 1 {
		start = (q.Page - 1) * size
	}
	var cur atomic.Int64
	cur.Store(int64(size))
	pc := newPageCounter(ctx, q.Table, size)

	// First segment, alone: it learns the total.
	rows, total, hasTotal, err := c.fetchRange(ctx, q, keep, start, start+size, size, &cur)
	if err != nil {
		return err
	}
	pc.page(len(rows), total-start, hasTotal)
	first := func() error {
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	short := len(rows) < size
	if !hasTotal || start+size >= total || short {
		if err := first(); err != nil {
			return err
		}
	}
	if short {
		return nil
	}
	if !hasTotal {
		// No total: walk sequentially until a short page.
		off, n := start+size, len(rows)
		prev := rows
		for n == size {
			rows, _, _, err = c.fetchRange(ctx, q, keep, off, off+size, size, &cur)
			if err != nil {
				return err
			}
			if samePage(prev, rows) {
				return repeatedPage(q.Table, off/size+1)
			}
			prev = rows
			pc.page(len(rows), 0, false)
			for _, r := range rows {
				if err := fn(r); err != nil {
					return err
				}
			}
			off, n = off+size, len(rows)
		}
		return nil
	}
	if start+size >= total {
		return nil
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type result struct {
		rows []Record
		want int // the rows asked for
		err  error
	}
	// The client bounds the HTTP exchanges in flight (Concurrency, shared by
	// every caller); an Each keeps up to twice that many pages launched so
	// that decoding one page overlaps the next exchanges.
	window := 2 * c.concurrency
	slots := make(chan struct{}, window)
	pending := make(chan struct{}, window)
	queue := make(chan chan result, window)
	var wg sync.WaitGroup

	wg.Add(1)
	go func() { // launcher
		defer wg.Done()
		defer close(queue)
		for off := start + size; off < total; {
			seg := int(cur.Load())
			select {
			case pending <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			ch := make(chan result, 1)
			queue <- ch
			a, b := off, off+seg
			wg.Add(1)
			go func() {
				defer wg.Done()
				rows, _, _, err := c.fetchRange(asLaterPage(ctx), q, keep, a, b, seg, &cur)
				<-slots
				ch <- result{rows, b - a, err}
			}()
			off = b
		}
	}()

	stop := func(err error) error {
		cancel()
		wg.Wait()
		return err
	}
	// The first page's rows go to fn while the next pages are on their way.
	if err := first(); err != nil {
		return stop(err)
	}
	prev, pageNo := rows, start/size+1
	for ch := range queue {
		res := <-ch
		<-pending
		if res.err != nil {
			return stop(res.err)
		}
		pageNo++
		if samePage(prev, res.rows) {
			return stop(repeatedPage(q.Table, pageNo))
		}
		prev = res.rows
		pc.page(len(res.rows), 0, false)
		for _, r := range res.rows {
			if err := ctx.Err(); err != nil {
				return stop(&Error{Kind: KindUnknown, Op: "each", Table: q.Table, Err: err})
			}
			if err := fn(r); err != nil {
				return stop(err)
			}
		}
		if len(res.rows) < res.want {
			// The end of the data, whatever total said: the pages
			// launched after this one are not waited for.
			return stop(nil)
		}
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return &Error{Kind: KindUnknown, Op: "each", Table: q.Table, Err: err}
	}
	return nil
}

// fetchRange returns the rows with indexes [a, b) (0-based, in sort order)
// using pages of s rows; a page that fails with 504 or a timeout is split
// into half-size pages while s is above the minimum.
func (c *Client) fetchRange(ctx context.Context, q Query, keep map[string]bool, a, b, s int, cur *atomic.Int64) (rows []Record, total int, hasTotal bool, err error) {
	totalKnown := false
	for pg := a/s + 1; (pg-1)*s < b; pg++ {
		pq := q
		pq.Page, pq.RP = pg, s
		p, ht, err := c.listPage(ctx, "each", pq, keep, s > c.minPage)
		if err != nil {
			if ns := c.smaller(s); ns < s && isSplittable(err) {
				for {
					old := cur.Load()
					if int64(ns) >= old || cur.CompareAndSwap(old, int64(ns)) {
						break
					}
				}
				lo, hi := max(a, (pg-1)*s), min(b, pg*s)
				sub, t, ht2, err := c.fetchRange(ctx, q, keep, lo, hi, ns, cur)
				if err != nil {
					return nil, 0, false, err
				}
				rows = append(rows, sub...)
				if !totalKnown && ht2 {
					total, hasTotal, totalKnown = t, true, true
				}
				if len(sub) < hi-lo {
					break // end of data
				}
				continue
			}
			return nil, 0, false, err
		}
		if !totalKnown && ht {
			total, hasTotal, totalKnown = p.Total, true, true
		}
		base := (pg - 1) * s
		for i, r := range p.Records {
			if idx := base + i; idx >= a && idx < b {
				rows = append(rows, r)
			}
		}
		if len(p.Records) < s {
			break // end of data
		}
	}
	return rows, total, hasTotal, nil
}

// smaller is the next page size after a timeout: half, keeping it a divisor
// when possible, never below the minimum.
func (c *Client) smaller(s int) int {
	if s <= c.minPage {
		return s
	}
	return max(s/2, c.minPage)
}

func isSplittable(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Timeout || e.Status == http.StatusGatewayTimeout) && e.Kind != KindUnknown
}

// listPage is list for Each: the page is decoded in one pass keeping only
// the fields in keep (see fastPage), falling back to the general decoder for
// any other answer.
func (c *Client) listPage(ctx context.Context, op string, q Query, keep map[string]bool, splittable bool) (*Page, bool, error) {
	body, err := c.listBody(op, q)
	if err != nil {
		return nil, false, err
	}
	rep, err := c.do(ctx, call{
		op: op, method: "GET", table: q.Table, path: "/" + q.Table,
		body: body, listar: true, read: true, splittable: splittable,
		page: true, keep: keep,
	})
	if err != nil {
		return nil, false, err
	}
	p, hasTotal := rep.list, rep.hasTotal
	if p == nil {
		notIXC := func(why Why, msg, field string) error {
			return &Error{Kind: KindNotIXC, Op: op, Method: "GET", Table: q.Table, Status: rep.status, Message: msg, Why: why, Where: field}
		}
		if rep.obj == nil {
			return nil, false, notIXC(WhyEmpty, "the answer is empty", "")
		}
		if !isListEnvelope(rep.obj) {
			return nil, false, notIXC(WhyNoEnvelope, "the answer has no IXC list envelope (page/total/registros)", "")
		}
		if p, hasTotal, err = decodePage(rep.obj); err != nil {
			return nil, false, notIXC(WhyNoEnvelope, err.Error(), badField(err))
		}
		project(p.Records, keep)
	}
	if want := max(q.Page, 1); p.Page != 0 && p.Page != want {
		// A server that ignores "page" would hand back the same rows
		// forever (or as many times as its total says).
		return nil, false, &Error{Kind: KindNotIXC, Op: op, Method: "GET", Table: q.Table, Status: rep.status, Why: WhyBadPaging,
			Message: fmt.Sprintf("page %d was asked for but the answer is page %d: the server does not page like IXC", want, p.Page)}
	}
	if p.Page == 0 {
		p.Page = max(q.Page, 1)
	}
	return p, hasTotal, nil
}

// samePage reports whether cur holds the same rows as prev (the first and
// last ids agree): a server repeating one page instead of paging.
func samePage(prev, cur []Record) bool {
	if len(prev) == 0 || len(cur) == 0 {
		return false
	}
	a0, b0 := prev[0]["id"], cur[0]["id"]
	a1, b1 := prev[len(prev)-1]["id"], cur[len(cur)-1]["id"]
	return a0 != "" && a0 == b0 && a1 == b1
}

func repeatedPage(table string, page int) error {
	return &Error{Kind: KindNotIXC, Op: "each", Method: "GET", Table: table, Why: WhyBadPaging,
		Message: fmt.Sprintf("page %d repeats the rows of the page before it: the server does not page like IXC", page)}
}

type fieldsKey struct{}

// SelectFields returns a context under which Each and All (on a Client or a
// Reader) keep only the named fields of every row, as EachSelect does. The
// audit code holds a read-only Reader, whose method set is fixed; this is
// how it asks for a narrow decode. No fields means all.
func SelectFields(ctx context.Context, fields ...string) context.Context {
	return context.WithValue(ctx, fieldsKey{}, append([]string(nil), fields...))
}

func selectedFields(ctx context.Context) []string {
	f, _ := ctx.Value(fieldsKey{}).([]string)
	return f
}
