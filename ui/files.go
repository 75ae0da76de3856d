package ui

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/safefile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// The wizard's file writes. None happens inside an Update: each is a
// tea.Cmd that does the write and returns a typed message carrying its
// error, so a full disk or a read-only folder is shown on screen with a way
// on, never dropped. Every whole-file write goes through safefile (0600,
// atomic, never through a symbolic link); the journal is appended by
// package journal.

// profileSavedMsg is the outcome of saving the profile in progress.
type profileSavedMsg struct {
	path string
	err  error
}

// saveProfile returns the command that saves the profile in progress
// (never the token) to ProfilePath with profile.Save (atomic, the previous
// file kept as .bak), so an interrupted setup can be resumed. The profile
// is copied now: the screens go on changing the session's.
//
// Saves run in commands, so two may be in flight (one screen's answer, then
// the next's): profileSaves writes them one at a time and skips a save
// older than one already written, so the newest answers always win.
func (s *Session) saveProfile() tea.Cmd {
	if s.auditOnly {
		// "Auditar (somente leitura)": nothing is written without asking
		// (the review asks where to keep the audit's report).
		return nil
	}
	p, path := s.profileSnapshot(), s.ProfilePath
	ps := &s.profileSaves
	ps.issued++
	seq := ps.issued
	return func() tea.Msg {
		ps.mu.Lock()
		defer ps.mu.Unlock()
		if seq < ps.written[path] {
			return profileSavedMsg{path: path} // a newer save of this file is there
		}
		err := writeProfile(path, p)
		if err == nil {
			if ps.written == nil {
				ps.written = map[string]uint64{}
			}
			ps.written[path] = seq
		}
		return profileSavedMsg{path: path, err: err}
	}
}

// profileSaves orders the profile saves in flight (see saveProfile).
type profileSaves struct {
	issued  uint64 // in Update only
	mu      sync.Mutex
	written map[string]uint64 // the newest save written, per path; under mu
}

// profileSnapshot is a copy of the profile in progress with the
// connection answers filled in.
func (s *Session) profileSnapshot() *profile.Profile {
	s.Profile.IXC.URL = s.URL
	s.Profile.IXC.TokenUser = s.Token.User()
	s.Profile.IXC.InsecureTLS = s.Insecure
	s.Profile.IXC.CACert = s.CACert
	_, plain := ixc.PlainHTTP(s.URL)
	s.Profile.IXC.AllowHTTP = s.AllowHTTP && plain
	return cloneProfile(s.Profile)
}

// writeProfile creates the profile's folder if needed and saves p there.
func writeProfile(path string, p *profile.Profile) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return profile.Save(path, p)
}

func cloneProfile(p *profile.Profile) *profile.Profile {
	q := *p
	q.Products = slices.Clone(p.Products)
	q.Link.Plans = slices.Clone(p.Link.Plans)
	q.Link.Contracts = slices.Clone(p.Link.Contracts)
	return &q
}

// handoffWrittenMsg is the outcome of the review's writes: the profile and
// the hand-off files, in the order written.
type handoffWrittenMsg struct {
	gen     int
	written []string
	err     error
}

// writeHandoff returns the command that saves the profile and writes the
// hand-off report (Markdown and JSON) for LevEduca support; the token is in
// it only when h.IncludeToken.
func (s *Session) writeHandoff(gen int, h report.Handoff) tea.Cmd {
	p, path, dir, lang := s.profileSnapshot(), s.ProfilePath, s.OutDir, s.Common.Lang
	h.Profile, h.Lang = p, lang
	return func() tea.Msg {
		msg := handoffWrittenMsg{gen: gen}
		if msg.err = writeProfile(path, p); msg.err != nil {
			return msg
		}
		msg.written = append(msg.written, path)
		mdPath := filepath.Join(dir, "ixc-leveduca-entrega.md")
		jsPath := filepath.Join(dir, "ixc-leveduca-entrega.json")
		overwrite := safefile.Options{Overwrite: true}
		if msg.err = safefile.WriteFunc(mdPath, overwrite, func(w io.Writer) error { return report.HandoffMarkdown(w, h, lang) }); msg.err != nil {
			return msg
		}
		msg.written = append(msg.written, mdPath)
		if msg.err = safefile.WriteFunc(jsPath, overwrite, func(w io.Writer) error { return report.HandoffJSON(w, h) }); msg.err != nil {
			return msg
		}
		msg.written = append(msg.written, jsPath)
		return msg
	}
}

// csvExportedMsg is the outcome of the problems CSV export.
type csvExportedMsg struct {
	path string
	err  error
}

// exportCSV returns the command that writes every finding of rep with its
// records as the problems CSV (report.ProblemsCSV) to path.
func exportCSV(path string, rep *steps.Report, lang i18n.Lang) tea.Cmd {
	return func() tea.Msg {
		err := safefile.WriteFunc(path, safefile.Options{Overwrite: true}, func(w io.Writer) error {
			return report.ProblemsCSV(w, rep, lang)
		})
		return csvExportedMsg{path: path, err: err}
	}
}

// writtenList is the files the wizard wrote (profile, journal, hand-off,
// CSV), for the terminal after the full screen closes; "" when none.
func writtenList(s *Session) string {
	if len(s.Written) == 0 {
		return ""
	}
	c := s.Common
	var b strings.Builder
	b.WriteString(c.T("ixc-leveduca: arquivos gravados:", "ixc-leveduca: files written:") + "\n")
	for _, p := range s.Written {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		b.WriteString("  " + p + "\n")
	}
	return b.String()
}

// noteWritten adds path to the files shown at the end, once.
func (s *Session) noteWritten(paths ...string) {
	for _, p := range paths {
		if !slices.Contains(s.Written, p) {
			s.Written = append(s.Written, p)
		}
	}
}

// openJournal returns the run's journal, creating it at the first write.
// It runs inside the write's command; the new journal comes back in the
// write's message and the Update keeps it (adopt).
func openJournal(j *journal.Journal, meta journal.Meta, dir string) (*journal.Journal, error) {
	if j != nil {
		return j, nil
	}
	return journal.Create(dir, meta)
}

// adoptJournal keeps the journal a write's command created.
func (s *Session) adoptJournal(j *journal.Journal) {
	if j == nil || s.Journal == j {
		return
	}
	if s.Journal == nil {
		s.Journal = j
		s.noteWritten(j.Path())
	}
}

// journalMeta describes this run in the journal's header.
func (s *Session) journalMeta() journal.Meta {
	return journal.Meta{IXCURL: s.URL, TokenUser: s.Token.User(), Command: "wizard", Started: s.Now()}
}

// saveFailure is the root's answer to a failed profile save: what
// happened, and the ways on (try again, another file, go on without
// saving). It takes the keys until answered.
type saveFailure struct {
	err    error
	path   string
	action string
	asking bool // asking for another path
	form   *huh.Form
}

func newSaveFailure(c *Common, msg profileSavedMsg) *saveFailure {
	f := &saveFailure{err: msg.err, path: msg.path}
	f.menu(c)
	return f
}

func (f *saveFailure) menu(c *Common) {
	f.asking = false
	f.form = c.choiceForm(c.T("O perfil não foi salvo. E agora?", "The profile was not saved. What now?"), "", &f.action,
		choice{"retry", c.T("Tentar de novo", "Try again")},
		choice{"path", c.T("Salvar em outro arquivo", "Save to another file")},
		choice{"skip", c.T("Continuar sem salvar (a configuração não poderá ser retomada)", "Go on without saving (the setup cannot be resumed)")})
}

// update handles msg; done when the failure is dealt with, with the
// command to run (the new save, if any).
func (f *saveFailure) update(s *Session, msg tea.Msg) (cmd tea.Cmd, done bool) {
	c := s.Common
	cmd = updateForm(f.form, msg)
	if !formDone(f.form) {
		return cmd, false
	}
	switch {
	case f.asking:
		s.ProfilePath = strings.TrimSpace(f.path)
		return s.saveProfile(), true
	case f.action == "retry":
		return s.saveProfile(), true
	case f.action == "path":
		f.asking = true
		f.form = c.newForm(huh.NewGroup(huh.NewInput().Title(c.T("Salvar o perfil em", "Save the profile to")).Value(&f.path).
			Validate(func(v string) error {
				if strings.TrimSpace(v) == "" {
					return errors.New(c.T("informe um arquivo", "enter a file"))
				}
				return nil
			})))
		return c.initForm(f.form), false
	}
	return nil, true
}

func (f *saveFailure) view(c *Common) string {
	st := c.Styles
	return st.Err.Render(c.Tf("✗ Não foi possível salvar o perfil em %s:", "✗ Could not save the profile to %s:", f.path)) + "\n" +
		c.wrap(c.Msg(f.err)) + "\n\n" + c.formView(f.form)
}
