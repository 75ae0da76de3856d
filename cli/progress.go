package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
)

// progress is one line on stderr that rewrites itself — pages read per
// table during an audit, writes done during apply and undo — shown only
// when stderr is a terminal. In a pipe or a file it is nil and every
// method does nothing, so the output of scripts stays exactly as it was.
type progress struct {
	w     io.Writer
	lang  i18n.Lang
	width int

	mu     sync.Mutex
	order  []string
	tables map[string]ixc.PageProgress
	shown  bool
	last   time.Time
}

// progressEvery is the least time between two redraws (a listing's first
// and last pages are always drawn).
const progressEvery = 100 * time.Millisecond

// newProgress returns the progress line of stdio's stderr, or nil when
// stderr is not a terminal.
func newProgress(stdio IO, lang i18n.Lang) *progress {
	if !isTerminal(stdio.Err) {
		return nil
	}
	w := 80
	if f, ok := stdio.Err.(interface{ Fd() uintptr }); ok {
		if cols, _, err := term.GetSize(f.Fd()); err == nil && cols > 20 {
			w = cols
		}
	}
	return &progress{w: stdio.Err, lang: lang, width: w, tables: map[string]ixc.PageProgress{}}
}

// pages is the ixc.WithProgress callback of an audit.
func (p *progress) pages(pp ixc.PageProgress) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_, seen := p.tables[pp.Table]
	if !seen {
		p.order = append(p.order, pp.Table)
	}
	p.tables[pp.Table] = pp
	finished := pp.TotalPages > 0 && pp.Pages >= pp.TotalPages
	if seen && !finished && time.Since(p.last) < progressEvery {
		return
	}
	var parts []string
	for i := len(p.order) - 1; i >= 0; i-- { // the latest first
		t := p.tables[p.order[i]]
		if t.TotalPages > 0 && t.Pages >= t.TotalPages && t.Table != pp.Table {
			continue
		}
		if t.TotalPages > 0 {
			parts = append(parts, fmt.Sprintf("%s %d/%d", t.Table, t.Pages, t.TotalPages))
		} else {
			parts = append(parts, fmt.Sprintf("%s %d", t.Table, t.Pages))
		}
	}
	p.draw(i18n.T("lendo do IXC (páginas): ", "reading from IXC (pages): ").In(p.lang) + strings.Join(parts, " · "))
}

// writes is the progress of apply and undo: done of total writes.
func (p *progress) writes(done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if done < total && time.Since(p.last) < progressEvery {
		return
	}
	p.draw(i18n.Tf("gravando no IXC: %d de %d", "writing to IXC: %d of %d", done, total).In(p.lang))
}

// draw replaces the line with s, cut to the terminal's width.
func (p *progress) draw(s string) {
	if r := []rune(s); len(r) > p.width-1 {
		s = string(r[:p.width-2]) + "…"
	}
	fmt.Fprint(p.w, "\r\x1b[2K"+s)
	p.shown, p.last = true, time.Now()
}

// clear erases the line, before anything else is printed.
func (p *progress) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[2K")
		p.shown = false
	}
	p.tables = map[string]ixc.PageProgress{}
	p.order = nil
}
