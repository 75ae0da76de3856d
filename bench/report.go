package bench

import (
	"fmt"
	"io"
	"strings"
)

// Markdown writes the results as the table of docs/performance.md.
func Markdown(w io.Writer, rs []Result) {
	fmt.Fprintln(w, "| contracts | link / auth | ours: requests | MB received | wall (s) | peak heap (MB) | bound: pages (strict) | bound wall (s) | requests ÷ bound | wall ÷ bound | naive: requests | naive wall (s) | naive ÷ ours (requests) | naive ÷ bound (pages) |")
	fmt.Fprintln(w, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		naive := fmt.Sprintf("%d", r.Naive.Requests)
		naiveWall := fmt.Sprintf("%.1f", r.Naive.Wall.Seconds())
		if r.Naive.Extrapolated {
			naive += "*"
			naiveWall += "*"
		}
		fmt.Fprintf(w, "| %s | %s | %d | %.1f | %.2f | %.0f | %d (%d) | %.2f | %.2f | %.2f | %s | %s | %.1f× | %.1f× |\n",
			thousands(r.Contracts), r.Scenario, r.Ours.Requests, float64(r.Ours.Bytes)/1e6, r.Ours.Wall.Seconds(), r.Ours.PeakHeapMB,
			r.Bound.Pages, r.Bound.Strict, r.Bound.Wall.Seconds(),
			float64(r.Ours.Requests)/float64(max(r.Bound.Pages, 1)), r.Ours.Wall.Seconds()/max(r.Bound.Wall.Seconds(), 1e-9),
			naive, naiveWall, float64(r.Naive.Requests)/float64(max(r.Ours.Requests, 1)),
			float64(r.Naive.Requests)/float64(max(r.Bound.Pages, 1)))
	}
	var ex []string
	for _, r := range rs {
		if r.Naive.Extrapolated {
			ex = append(ex, fmt.Sprintf("%s %s: %d of %d contracts", thousands(r.Contracts), r.Scenario, r.Naive.Visited, r.Naive.Contracts))
		}
	}
	if len(ex) > 0 {
		fmt.Fprintf(w, "\n\\* extrapolated linearly from a sample (%s).\n", strings.Join(ex, "; "))
	}
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
