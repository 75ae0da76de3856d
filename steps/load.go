package steps

import (
	"context"
	"slices"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
)

// inChunk is how many ids go in one IN filter. IXC takes the list in the
// JSON body, so the limit is politeness, not URL length.
const inChunk = 500

// eachIn pages through table rows whose field is one of ids, in chunks,
// ANDed with extra conditions. No ids means no request.
func eachIn(ctx context.Context, r *ixc.Reader, table, field string, ids []string, extra []ixc.Cond, fn func(ixc.Record) error) error {
	ids = uniqueSorted(ids)
	for start := 0; start < len(ids); start += inChunk {
		end := min(start+inChunk, len(ids))
		filter := append([]ixc.Cond{ixc.Where(table+"."+field, ixc.OpIn, strings.Join(ids[start:end], ","))}, extra...)
		if err := r.Each(ctx, ixc.Query{Table: table, Filter: filter}, fn); err != nil {
			return err
		}
	}
	return nil
}

// uniqueSorted returns the distinct non-empty values of ids in id order.
func uniqueSorted(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, compareIDs)
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
