package ui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"charm.land/huh/v2"
	"github.com/charmbracelet/x/term"
)

// The accessible mode's prompter: each question on plain lines in the
// user's language, wrapped at 80 columns, ending when the input does.
// accessible_fields.go reads what it asks from the huh fields.

// accessibleWidth is the width the accessible mode wraps every line at.
const accessibleWidth = 80

// inputEndedError: the input ended before the question was answered.
type inputEndedError struct{ question string }

func (e inputEndedError) Error() string { return "input ended before the question " + e.question }

// errQuit: the technician asked to leave (Ctrl+C, confirmed).
var errQuit = errors.New("quit")

// lineRead is one line read from the input; err is set when the input
// ended (or failed) before a line.
type lineRead struct {
	line string
	err  error
}

// prompter asks questions on plain lines. One goroutine reads the input,
// a line when asked (reader): a read in a terminal cannot be called back,
// so a Ctrl+C in the middle of a question leaves that read pending, and
// its line is the answer to "Sair?".
type prompter struct {
	c   *Common
	in  *bufio.Reader
	out io.Writer
	// tty: the input is a terminal (fd), where a secret is read unechoed.
	tty   bool
	fd    uintptr
	state *term.State // the terminal's mode, restored when leaving
	// answered counts the lines read.
	answered int

	// interrupt delivers Ctrl+C (SIGINT); nil: none. askOnInterrupt: ask
	// before leaving (the input is a terminal that can answer); mayLose
	// reports whether there is anything to lose (false at the very start:
	// leave at once, as the full-screen wizard does).
	interrupt      <-chan os.Signal
	askOnInterrupt bool
	mayLose        func() bool

	want          chan bool // a read request (secret or not)
	lines         chan lineRead
	pending       bool // a read was asked for and its line not yet taken
	secretPending bool
}

func newPrompter(c *Common, in io.Reader, out io.Writer) *prompter {
	p := &prompter{c: c, in: bufio.NewReader(in), out: out}
	if f, ok := in.(interface{ Fd() uintptr }); ok && term.IsTerminal(f.Fd()) {
		p.tty, p.fd = true, f.Fd()
		p.state, _ = term.GetState(p.fd)
		p.askOnInterrupt = true
	}
	return p
}

// reader reads one line (or one secret) per request, until want is closed.
func (p *prompter) reader() {
	for secret := range p.want {
		if secret && p.tty {
			b, err := term.ReadPassword(p.fd)
			p.lines <- lineRead{line: string(b), err: err}
			continue
		}
		line, err := p.in.ReadString('\n')
		if line != "" {
			err = nil
		}
		p.lines <- lineRead{line: line, err: err}
	}
}

// request asks the reader for a line, unless one was asked for already.
func (p *prompter) request(secret bool) {
	if p.want == nil {
		p.want, p.lines = make(chan bool, 1), make(chan lineRead, 1)
		go p.reader()
	}
	if !p.pending {
		p.pending, p.secretPending = true, secret
		p.want <- secret
	}
}

// take takes the line the reader brings.
func (p *prompter) take(r lineRead) lineRead {
	p.pending = false
	if p.secretPending && p.tty {
		fmt.Fprintln(p.out)
	}
	return r
}

// close stops the reader (a read in flight stays blocked until the input
// gives a line or ends) and gives the terminal its mode back when a
// secret was being read.
func (p *prompter) close() {
	if p.pending && p.secretPending && p.tty && p.state != nil {
		_ = term.Restore(p.fd, p.state)
	}
	if p.want != nil {
		close(p.want)
		p.want = nil
	}
}

// quitNow reports whether Ctrl+C leaves without asking: the input cannot
// answer (a pipe) or nothing was answered yet.
func (p *prompter) quitNow() bool {
	return !p.askOnInterrupt || (p.mayLose != nil && !p.mayLose())
}

// askQuit prints the question Ctrl+C asks and starts reading its answer
// (a read already pending gets it).
func (p *prompter) askQuit() {
	if p.pending && p.secretPending && p.tty && p.state != nil {
		// The secret's read is still pending, echo off: the answer to
		// this question is read by it, and is seen as typed.
		_ = term.Restore(p.fd, p.state)
		p.secretPending = false
	}
	fmt.Fprintln(p.out)
	// The full-screen wizard's question (layout.go), its keys on the prompt.
	p.say(p.c.T("Sair agora? O que já foi gravado fica nos arquivos listados ao sair (nenhum, se nada foi gravado); as respostas desta tela se perdem.",
		"Quit now? What was written stays in the files listed on leaving (none, if nothing was); this screen's answers are lost."))
	fmt.Fprint(p.out, p.c.T("[s/N] ", "[y/N] "))
	p.request(false)
}

// quitAnswer reads the answer to askQuit: yes, or the input ended.
func (p *prompter) quitAnswer(r lineRead) bool {
	r = p.take(r)
	if r.err != nil {
		fmt.Fprintln(p.out)
		return true
	}
	line := strings.TrimSpace(r.line)
	if !p.tty {
		fmt.Fprintln(p.out, line)
	}
	yes, _ := yesNo(line)
	if !yes {
		p.say(p.c.T("Continuando.", "Going on."))
	}
	return yes
}

// interrupted handles a Ctrl+C during a question: true when leaving.
func (p *prompter) interrupted() bool {
	if p.quitNow() {
		return true
	}
	p.askQuit()
	select {
	case r := <-p.lines:
		return p.quitAnswer(r)
	case <-p.interrupt: // a second Ctrl+C
		fmt.Fprintln(p.out)
		return true
	}
}

// keyHint is a hint naming a key of the full-screen wizard: none in the
// accessible mode, where no such key exists.
func (c *Common) keyHint(pt, en string) string {
	if c.Accessible {
		return ""
	}
	return c.T(pt, en)
}

// say prints text wrapped at the accessible width, never cutting a word
// unless it alone is wider than a line.
func (p *prompter) say(text string) {
	fmt.Fprintln(p.out, wrapText(text, accessibleWidth))
}

// ask prints prompt (no newline) and reads one answer line. Ctrl+C asks
// whether to leave (errQuit); if not, the prompt comes again.
func (p *prompter) ask(q *question, prompt string) (string, error) {
	fmt.Fprint(p.out, wrapText(prompt, accessibleWidth))
	for {
		p.request(q.secret)
		var r lineRead
		select {
		case r = <-p.lines:
		case <-p.interrupt:
			if p.interrupted() {
				return "", errQuit
			}
			fmt.Fprint(p.out, wrapText(prompt, accessibleWidth))
			continue
		}
		secretTTY := p.secretPending && p.tty
		r = p.take(r)
		if r.err != nil {
			if !secretTTY {
				fmt.Fprintln(p.out)
			}
			return "", inputEndedError{question: q.title}
		}
		line := strings.TrimSpace(r.line)
		switch {
		case secretTTY:
			// take printed the newline the terminal did not echo.
		case p.tty:
			// The terminal echoed the answer and its newline.
		case q.secret:
			fmt.Fprintln(p.out)
		default:
			// Piped: the answer shows in the transcript as if typed.
			fmt.Fprintln(p.out, line)
		}
		p.answered++
		return line, nil
	}
}

// runForm asks every question of f in order, skipping hidden groups and
// skipped fields, and gives each field its answer.
func (p *prompter) runForm(f *huh.Form) error {
	groups, err := formGroups(f)
	if err != nil {
		return err
	}
	for _, g := range groups {
		if groupHidden(g) {
			continue
		}
		fields, err := groupFields(g)
		if err != nil {
			return err
		}
		for _, field := range fields {
			if field.Skip() {
				if q, err := readQuestion(field); err == nil && q.kind == qNote {
					p.intro(q)
				}
				continue
			}
			q, err := readQuestion(field)
			if err != nil {
				return err
			}
			if err := p.question(q); err != nil {
				return err
			}
		}
	}
	return nil
}

// intro prints a question's title and description.
func (p *prompter) intro(q *question) {
	if t := cleanLabel(q.title); t != "" {
		p.say(t)
	}
	if q.desc != "" {
		p.say(q.desc)
	}
}

func (p *prompter) question(q *question) error {
	p.intro(q)
	switch q.kind {
	case qNote:
		return nil
	case qInput:
		return p.input(q)
	case qConfirm:
		return p.confirm(q)
	case qSelect:
		return p.choose(q)
	case qMulti:
		return p.multi(q)
	}
	return nil
}

func (p *prompter) input(q *question) error {
	c := p.c
	cur := q.get().String()
	if q.placeholder != "" && cur == "" {
		p.say(c.Tf("Exemplo: %s", "Example: %s", q.placeholder))
	}
	prompt := c.T("Resposta: ", "Answer: ")
	switch {
	case cur != "" && q.secret:
		prompt = c.T("Resposta (Enter mantém o valor já informado, que não é mostrado): ", "Answer (Enter keeps the value already given, not shown): ")
	case cur != "":
		prompt = c.Tf("Resposta (Enter mantém «%s»): ", "Answer (Enter keeps «%s»): ", cur)
	}
	for {
		line, err := p.ask(q, prompt)
		if err != nil {
			return err
		}
		if line == "" {
			line = cur
		}
		v := reflect.ValueOf(line)
		if err := q.check(v); err != nil {
			p.say("✗ " + err.Error())
			continue
		}
		q.set(v)
		return nil
	}
}

// yesNo reads s/sim/y/yes and n/não/nao/no.
func yesNo(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "s", "sim", "y", "yes":
		return true, true
	case "n", "não", "nao", "no":
		return false, true
	}
	return false, false
}

func (p *prompter) confirm(q *question) error {
	c := p.c
	cur := q.get().Bool()
	keys := c.T("[s/N]", "[y/N]")
	if cur {
		keys = c.T("[S/n]", "[Y/n]")
	}
	yes, no := c.T("s", "y"), "n"
	if q.affirm != "" && q.negative != "" && (q.affirm != "Yes" || q.negative != "No") {
		p.say(fmt.Sprintf("%s = %s · %s = %s", yes, q.affirm, no, q.negative))
	}
	for {
		line, err := p.ask(q, keys+" ")
		if err != nil {
			return err
		}
		v, ok := cur, true
		if line != "" {
			v, ok = yesNo(line)
		}
		if !ok {
			p.say(c.T("✗ Responda s (sim) ou n (não).", "✗ Answer y (yes) or n (no)."))
			continue
		}
		if err := q.check(reflect.ValueOf(v)); err != nil {
			p.say("✗ " + err.Error())
			continue
		}
		q.set(reflect.ValueOf(v))
		return nil
	}
}

// listOptions prints the numbered options (with their marks in a
// multi-select), each wrapped under its number.
func (p *prompter) listOptions(q *question) {
	for i, l := range q.labels {
		num := fmt.Sprintf("%d. ", i+1)
		if q.kind == qMulti {
			mark := "[ ] "
			if q.ticked[i] {
				mark = "[x] "
			}
			num += mark
		}
		indent := strings.Repeat(" ", len(num))
		text := wrapText(cleanLabel(l), accessibleWidth-len(num))
		fmt.Fprintln(p.out, num+strings.ReplaceAll(text, "\n", "\n"+indent))
	}
}

func (p *prompter) choose(q *question) error {
	c := p.c
	n := len(q.labels)
	if n == 0 {
		return errors.New(c.T("lista sem opções", "a list without options"))
	}
	p.listOptions(q)
	def := -1
	cur := q.get()
	for i, v := range q.values {
		if v.Equal(cur) {
			def = i
			break
		}
	}
	prompt := c.Tf("Número da opção (1 a %d): ", "Option number (1 to %d): ", n)
	if def >= 0 {
		prompt = c.Tf("Número da opção (1 a %d; Enter = %d): ", "Option number (1 to %d; Enter = %d): ", n, def+1)
	}
	for {
		line, err := p.ask(q, prompt)
		if err != nil {
			return err
		}
		i := def
		if line != "" {
			k, err := strconv.Atoi(line)
			if err != nil || k < 1 || k > n {
				p.say(c.Tf("✗ «%s» não é uma opção: digite um número de 1 a %d.", "✗ «%s» is not an option: type a number from 1 to %d.", line, n))
				continue
			}
			i = k - 1
		}
		if i < 0 {
			p.say(c.Tf("✗ Digite um número de 1 a %d.", "✗ Type a number from 1 to %d.", n))
			continue
		}
		if err := q.check(q.values[i]); err != nil {
			p.say("✗ " + err.Error())
			continue
		}
		q.set(q.values[i])
		return nil
	}
}

func (p *prompter) multi(q *question) error {
	c := p.c
	n := len(q.labels)
	p.listOptions(q)
	prompt := c.Tf("Números a marcar ou desmarcar (1 a %d, ex.: 2 5); Enter confirma: ",
		"Numbers to tick or untick (1 to %d, e.g. 2 5); Enter confirms: ", n)
	for {
		line, err := p.ask(q, prompt)
		if err != nil {
			return err
		}
		if line == "" || line == "0" {
			sel := reflect.MakeSlice(q.get().Type(), 0, n)
			for i, t := range q.ticked {
				if t {
					sel = reflect.Append(sel, q.values[i])
				}
			}
			if err := q.check(sel); err != nil {
				p.say("✗ " + err.Error())
				continue
			}
			q.set(sel)
			return nil
		}
		var nums []int
		bad := ""
		for _, w := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
			k, err := strconv.Atoi(w)
			if err != nil || k < 1 || k > n {
				bad = w
				break
			}
			nums = append(nums, k)
		}
		if bad != "" {
			p.say(c.Tf("✗ «%s» não é uma opção: digite números de 1 a %d, ou Enter para confirmar.", "✗ «%s» is not an option: type numbers from 1 to %d, or Enter to confirm.", bad, n))
			continue
		}
		for _, k := range nums {
			i := k - 1
			if !q.ticked[i] && q.limit > 0 && q.count() >= q.limit {
				p.say(c.Tf("✗ No máximo %d.", "✗ At most %d.", q.limit))
				continue
			}
			q.ticked[i] = !q.ticked[i]
			state := c.T("desmarcado", "unticked")
			if q.ticked[i] {
				state = c.T("marcado", "ticked")
			}
			p.say(fmt.Sprintf("%s: %d. %s", state, k, cleanLabel(q.labels[i])))
		}
		p.say(c.N(q.count(), "marcado", "marcados", "ticked", "ticked") + ".")
	}
}

func (q *question) count() int {
	n := 0
	for _, t := range q.ticked {
		if t {
			n++
		}
	}
	return n
}

// cleanLabel drops emoji (pictographs a screen reader reads out as
// "heavy plus sign", "left-pointing magnifying glass"…) and the spaces they
// leave.
func cleanLabel(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isEmoji(r) {
			continue
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// isEmoji: pictographs, emoji-presentation symbols, the warning sign and
// the joiners and variation selectors that build emoji. Text marks such as
// ✓ and ✗ stay.
func isEmoji(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, // pictographs, emoticons, transport, symbols
		r >= 0x2600 && r <= 0x26FF, // miscellaneous symbols (⚠, ☎, ⛔…)
		r >= 0x2794 && r <= 0x27BF, // ➕ ➖ ➗ ➡ ➰ ➿
		r == 0x2705, r == 0x274C, r == 0x274E, r >= 0x2753 && r <= 0x2757,
		r == 0x2B50, r == 0x2B55, r == 0x2B1B, r == 0x2B1C,
		r >= 0x231A && r <= 0x231B, r >= 0x23E9 && r <= 0x23FA,
		r == 0x200D, r == 0xFE0F, r == 0xFE0E, r == 0x20E3:
		return true
	}
	return false
}
