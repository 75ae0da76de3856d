package ixc

import "context"

// PageProgress is how far a listing (Each, EachSelect) has got: the pages
// and rows read so far, and how many there are in all when IXC said
// (TotalRows 0 and TotalPages 0 when it did not). Pages count in the
// listing's first page size, even when timeouts made the later pages
// smaller.
type PageProgress struct {
	Table             string
	Pages, TotalPages int
	Rows, TotalRows   int
}

type progressKey struct{}

// WithProgress returns a context under which every listing (Each,
// EachSelect, and All on a Client or a Reader) calls fn after each page it
// reads. fn runs on the listing's own goroutine: it must be quick, and safe
// for concurrent use when several listings run at once. The audit, which
// holds a read-only Reader, is given its progress display this way.
func WithProgress(ctx context.Context, fn func(PageProgress)) context.Context {
	if fn == nil {
		return ctx
	}
	return context.WithValue(ctx, progressKey{}, fn)
}

// pageCounter is a listing's side of WithProgress; nil when nobody asked.
type pageCounter struct {
	fn   func(PageProgress)
	p    PageProgress
	size int
}

func newPageCounter(ctx context.Context, table string, size int) *pageCounter {
	fn, _ := ctx.Value(progressKey{}).(func(PageProgress))
	if fn == nil || size <= 0 {
		return nil
	}
	return &pageCounter{fn: fn, p: PageProgress{Table: table}, size: size}
}

// page records n more rows read; total is the listing's total when known.
func (c *pageCounter) page(n, total int, hasTotal bool) {
	if c == nil {
		return
	}
	c.p.Rows += n
	if hasTotal && c.p.TotalRows == 0 {
		c.p.TotalRows = total
		c.p.TotalPages = (total + c.size - 1) / c.size
	}
	c.p.Pages = (c.p.Rows + c.size - 1) / c.size
	if c.p.TotalRows > 0 {
		c.p.Pages = min(c.p.Pages, c.p.TotalPages)
	}
	c.fn(c.p)
}
