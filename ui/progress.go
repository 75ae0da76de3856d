package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
)

// readProgress carries the pages a long read has got through to the model:
// the listings report each page (ixc.WithProgress, on their own
// goroutines) into it, and a command (next) hands the latest state over as
// a progressMsg. The model never reads it directly: it keeps the snapshot
// the message brings.
type readProgress struct {
	mu     sync.Mutex
	tables map[string]ixc.PageProgress
	kick   chan struct{} // one pending "something new"
	done   chan struct{} // closed when the work has ended
	once   sync.Once
}

// progressMsg is a snapshot of a long read's progress.
type progressMsg struct {
	p    *readProgress
	snap progressSnap
}

// progressSnap is how far the reads have got: pages read and known in
// all, per table in the order the tables were met.
type progressSnap struct {
	Tables []ixc.PageProgress
}

func newReadProgress() *readProgress {
	return &readProgress{tables: map[string]ixc.PageProgress{}, kick: make(chan struct{}, 1), done: make(chan struct{})}
}

// watch returns ctx with the progress hook (p may be nil: no hook).
func (p *readProgress) watch(ctx context.Context) context.Context {
	if p == nil {
		return ctx
	}
	return ixc.WithProgress(ctx, p.page)
}

func (p *readProgress) page(pp ixc.PageProgress) {
	p.mu.Lock()
	// A table read in chunks (ids by IN) shows its latest listing.
	p.tables[pp.Table] = pp
	p.mu.Unlock()
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

// finish ends the progress (the work returned); safe to call twice, and on
// nil.
func (p *readProgress) finish() {
	if p == nil {
		return
	}
	p.once.Do(func() { close(p.done) })
}

func (p *readProgress) snapshot() progressSnap {
	p.mu.Lock()
	defer p.mu.Unlock()
	var s progressSnap
	for _, t := range p.tables {
		s.Tables = append(s.Tables, t)
	}
	slices.SortFunc(s.Tables, func(a, b ixc.PageProgress) int { return strings.Compare(a.Table, b.Table) })
	return s
}

// next waits for new progress (a progressMsg) or the end of the work (no
// message).
func (p *readProgress) next() tea.Cmd {
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case <-p.kick:
			return progressMsg{p: p, snap: p.snapshot()}
		case <-p.done:
			return nil
		}
	}
}

// waitView is the line under a long read's spinner: pages read of the
// total (overall and per table), the time waited, and that Esc cancels.
func (c *Common) waitView(snap progressSnap, waited time.Duration) string {
	var b strings.Builder
	pages, total := 0, 0
	var parts []string
	for _, t := range snap.Tables {
		pages += t.Pages
		total += max(t.TotalPages, t.Pages)
		parts = append(parts, fmt.Sprintf("%s %d/%d", t.Table, t.Pages, max(t.TotalPages, t.Pages)))
	}
	secs := int(waited.Round(time.Second) / time.Second)
	elapsed := fmt.Sprintf("%d:%02d", secs/60, secs%60)
	if total > 0 {
		b.WriteString(c.Tf("Páginas lidas: %d de %d · %s", "Pages read: %d of %d · %s", pages, total, elapsed) + "\n")
		b.WriteString(c.wrap(c.Styles.Subtle.Render(strings.Join(parts, " · "))) + "\n")
	} else {
		b.WriteString(c.Tf("Lendo o IXC… · %s", "Reading IXC… · %s", elapsed) + "\n")
	}
	b.WriteString(c.Styles.Subtle.Render(c.T("Esc cancela a leitura", "Esc cancels the reading")) + "\n")
	return b.String()
}
