package ui

import (
	"fmt"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
)

// timingEnv names a file that receives one line per wait of the wizard
// (the screen, how long it was busy): a measuring aid for a slow IXC
// (docs/performance.md), off unless set.
const timingEnv = "IXC_LEVEDUCA_TIMING"

func timingPath(environ []string) string {
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, timingEnv+"="); ok {
			return v
		}
	}
	return ""
}

// waitClock times how long each screen is busy.
type waitClock struct {
	since time.Time
	state state
}

// timeWaits notes the start and the end of a screen's wait; at the end it
// returns the command that appends the line to the timing file.
func (m *Model) timeWaits() tea.Cmd {
	if m.s.timing == "" {
		return nil
	}
	busy := m.cur().Busy()
	switch {
	case busy && m.waits.since.IsZero():
		m.waits = waitClock{since: time.Now(), state: m.state}
	case !busy && !m.waits.since.IsZero():
		line := fmt.Sprintf("%s\t%.1f\n", m.c.In(m.waits.state.title()), time.Since(m.waits.since).Seconds())
		m.waits = waitClock{}
		path := m.s.timing
		return func() tea.Msg {
			f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
			if err == nil {
				_, _ = f.WriteString(line)
				_ = f.Close()
			}
			return nil
		}
	}
	return nil
}
