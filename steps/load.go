package steps

import (
	"context"
	"slices"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"golang.org/x/sync/errgroup"

	"github.com/ixc-leveduca/ixc-leveduca/recid"
)

// inChunk is how many ids go in one IN filter: as many as rows fit in one
// page, so a lookup by id costs one request per page of answers. IXC takes
// the list in the JSON body, so the limit is politeness, not URL length.
const inChunk = 1000

// eachIn pages through table rows whose field is one of ids, in chunks,
// ANDed with extra conditions. No ids means no request. The chunks are
// fetched concurrently (the client bounds the requests in flight) and fn
// sees the rows chunk by chunk, in id order of the chunks, from the calling
// goroutine. When field is an integer key and the ids are integers, each
// chunk also carries "field >= first AND field <= last": the same rows, but
// a server without an index on the IN list (a linear scan) only compares
// the list against the rows in that range.
func eachIn(ctx context.Context, r *ixc.Reader, table, field string, ids []string, extra []ixc.Cond, fn func(ixc.Record) error) error {
	ids = uniqueSorted(ids)
	if len(ids) == 0 {
		return nil
	}
	var chunks [][]ixc.Cond
	for start := 0; start < len(ids); start += inChunk {
		part := ids[start:min(start+inChunk, len(ids))]
		col := table + "." + field
		var filter []ixc.Cond
		if (field == "id" || strings.HasPrefix(field, "id_")) && len(part) > 1 && !slices.ContainsFunc(part, notSmallInt) {
			filter = append(filter, ixc.Where(col, ixc.OpGe, part[0]), ixc.Where(col, ixc.OpLe, part[len(part)-1]))
		}
		filter = append(filter, ixc.Where(col, ixc.OpIn, strings.Join(part, ",")))
		chunks = append(chunks, append(filter, extra...))
	}
	if len(chunks) == 1 {
		return r.Each(ctx, ixc.Query{Table: table, Filter: chunks[0]}, fn)
	}
	rows := make([][]ixc.Record, len(chunks))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for i, filter := range chunks {
		g.Go(func() error {
			return r.Each(gctx, ixc.Query{Table: table, Filter: filter}, func(rec ixc.Record) error {
				rows[i] = append(rows[i], rec)
				return nil
			})
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for _, part := range rows {
		for _, rec := range part {
			if err := fn(rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// notSmallInt reports whether id is not a plain non-negative integer IXC
// compares as a number (at most 18 digits).
func notSmallInt(id string) bool { return !recid.Digits(id) || len(id) > 18 }

// parallel runs fns concurrently and returns the first error.
func parallel(ctx context.Context, fns ...func(context.Context) error) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, f := range fns {
		g.Go(func() error { return f(gctx) })
	}
	return g.Wait()
}

// uniqueSorted returns the distinct non-empty values of ids in id order.
func uniqueSorted(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, recid.Compare)
	return slices.Compact(out)
}

// isZeroID reports whether an IXC foreign key is unset ("0" or "").
func isZeroID(id string) bool {
	id = strings.TrimSpace(id)
	return id == "" || id == "0"
}

// isZeroDate reports whether an IXC date is unset.
func isZeroDate(d string) bool {
	d = strings.TrimSpace(d)
	return d == "" || strings.HasPrefix(d, "0000-00-00")
}

// isoDate returns the YYYY-MM-DD part of an IXC date, accepting the
// DD/MM/YYYY form too; "" when it is neither.
func isoDate(d string) string {
	d = strings.TrimSpace(d)
	if len(d) >= 10 && d[4] == '-' && d[7] == '-' {
		return d[:10]
	}
	if len(d) >= 10 && d[2] == '/' && d[5] == '/' {
		return d[6:10] + "-" + d[3:5] + "-" + d[:2]
	}
	return ""
}
