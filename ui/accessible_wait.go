package ui

import (
	"fmt"
	"time"
)

// The accessible mode's waits: while the commands run (IXC reads and
// writes) the driver says nothing for the first second, then one line that
// it is waiting and how to leave, then at most one line every
// accessWaitEvery with the pages read (from the progressMsg snapshots the
// full-screen wait line uses, progress.go) and the time waited. A screen
// reader follows it without being flooded; a short wait prints nothing.

const (
	// accessWaitQuiet is how long a wait stays silent.
	accessWaitQuiet = time.Second
	// accessWaitEvery is the least time between two progress lines.
	accessWaitEvery = 5 * time.Second
)

// accessClock is the driver's time: now, and a tick about every second
// while a wait lasts (stop ends it). Tests give a fake one.
type accessClock interface {
	Now() time.Time
	Ticks() (ticks <-chan time.Time, stop func())
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Ticks() (<-chan time.Time, func()) {
	t := time.NewTicker(time.Second)
	return t.C, t.Stop
}

// accessWait is the state of the wait under way.
type accessWait struct {
	since     time.Time
	announced bool
	last      time.Time // the last line printed
	snap      progressSnap
}

// settle runs the commands until none is left, saying how a long wait
// goes; Ctrl+C asks whether to leave (the work goes on meanwhile). It
// returns true when the run must end (the wizard quit, or the technician
// left: m.ExitCode says which).
func (d *accessDriver) settle() bool {
	if d.inflight == 0 {
		return d.m.quitting
	}
	d.wait = accessWait{since: d.clock.Now()}
	ticks, stop := d.clock.Ticks()
	defer stop()
	asking := false
	for d.inflight > 0 || asking {
		var lines <-chan lineRead
		if asking {
			lines = d.p.lines
		}
		select {
		case am := <-d.msgs:
			if d.handle(am) {
				return true
			}
			if !asking {
				d.progress()
			}
		case <-ticks:
			if !asking {
				d.progress()
			}
		case <-d.p.interrupt:
			if asking || d.p.quitNow() {
				if asking {
					fmt.Fprintln(d.out)
				}
				return d.quit()
			}
			asking = true
			d.p.askQuit()
		case r := <-lines:
			asking = false
			if d.p.quitAnswer(r) {
				return d.quit()
			}
		}
	}
	return d.m.quitting
}

// quit marks the run as left by Ctrl+C; leave says it and lists the files.
func (d *accessDriver) quit() bool {
	d.interrupted = true
	return true
}

// progress prints the wait's line when it is due.
func (d *accessDriver) progress() {
	c, w := d.m.c, &d.wait
	now := d.clock.Now()
	waited := now.Sub(w.since)
	switch {
	case !w.announced:
		if waited < accessWaitQuiet {
			return
		}
		w.announced, w.last = true, now
		d.p.say(c.T("Aguardando o IXC… (Ctrl+C para sair)", "Waiting for IXC… (Ctrl+C to quit)"))
	case now.Sub(w.last) >= accessWaitEvery:
		w.last = now
		d.p.say(c.accessWaitLine(w.snap, waited))
	}
}

// accessWaitLine is one progress line: pages read of the total when the
// work reports them, and the time waited.
func (c *Common) accessWaitLine(snap progressSnap, waited time.Duration) string {
	pages, total := 0, 0
	for _, t := range snap.Tables {
		pages += t.Pages
		total += max(t.TotalPages, t.Pages)
	}
	secs := int(waited.Round(time.Second) / time.Second)
	elapsed := fmt.Sprintf("%d:%02d", secs/60, secs%60)
	if total > 0 {
		return c.Tf("páginas lidas: %d de %d · %s", "pages read: %d of %d · %s", pages, total, elapsed)
	}
	return c.Tf("ainda aguardando o IXC · %s", "still waiting for IXC · %s", elapsed)
}
