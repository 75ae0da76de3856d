package journal

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

var started = time.Date(2026, 11, 30, 14, 5, 9, 0, time.FixedZone("BRT", -3*3600))

func TestCreateWriteRead(t *testing.T) {
	dir := t.TempDir()
	j, err := Create(dir, Meta{IXCURL: "https://ixc.example.com/webservice/v1", TokenUser: "42", Command: "apply", Started: started})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "ixc-leveduca-journal-20261130-140509.jsonl"); j.Path() != want {
		t.Errorf("path = %s, want %s", j.Path(), want)
	}
	s1, err := j.Begin(OpInsert, "produtos", "", nil, map[string]string{"descricao": "LevEduca"})
	if err != nil {
		t.Fatal(err)
	}
	s2, err := j.Begin(OpUpdate, "produtos", "7", map[string]string{"id": "7", "ativo": "N"}, map[string]string{"id": "7", "ativo": "S"})
	if err != nil {
		t.Fatal(err)
	}
	if s1 != 1 || s2 != 2 {
		t.Errorf("seqs = %d, %d", s1, s2)
	}
	if err := j.Finish(s1, "310", StateDone, ""); err != nil {
		t.Fatal(err)
	}
	if err := j.Finish(s2, "7", StateFailed, "ixc: refused"); err != nil {
		t.Fatal(err)
	}
	if err := j.Finish(99, "", StateDone, ""); err == nil {
		t.Error("Finish of an unknown seq succeeded")
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		st, err := os.Stat(j.Path())
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("mode = %v, want 0600", st.Mode().Perm())
		}
	}
	m, es, err := Read(j.Path())
	if err != nil {
		t.Fatal(err)
	}
	if m.IXCURL != "https://ixc.example.com/webservice/v1" || m.TokenUser != "42" || m.Command != "apply" || !m.Started.Equal(started) {
		t.Errorf("meta = %+v", m)
	}
	if len(es) != 2 {
		t.Fatalf("entries = %+v", es)
	}
	if e := es[0]; e.Seq != 1 || e.Op != OpInsert || e.Table != "produtos" || e.ID != "310" || e.State != StateDone || e.After["descricao"] != "LevEduca" {
		t.Errorf("entry 1 = %+v", e)
	}
	if e := es[1]; e.State != StateFailed || e.Note != "ixc: refused" || e.Before["ativo"] != "N" || e.After["ativo"] != "S" {
		t.Errorf("entry 2 = %+v", e)
	}
	// Four lines: header, two intents, two outcomes.
	data, _ := os.ReadFile(j.Path())
	if n := strings.Count(string(data), "\n"); n != 5 {
		t.Errorf("%d lines:\n%s", n, data)
	}
	if !strings.Contains(strings.SplitN(string(data), "\n", 2)[0], `"schema":"ixc-leveduca/journal/v1"`) {
		t.Errorf("header: %s", data)
	}
}

func TestCreateIsUnique(t *testing.T) {
	dir := t.TempDir()
	seen := map[string]bool{}
	for i := 0; i < 3; i++ {
		j, err := Create(dir, Meta{Started: started})
		if err != nil {
			t.Fatal(err)
		}
		if seen[j.Path()] {
			t.Fatalf("path %s reused", j.Path())
		}
		seen[j.Path()] = true
		_ = j.Close()
	}
	if !seen[filepath.Join(dir, "ixc-leveduca-journal-20261130-140509-3.jsonl")] {
		t.Errorf("paths = %v", seen)
	}
}

// A crash in the middle of a line: Read ignores it, Open cuts it off and
// appends after the last complete line.
func TestOpenToleratesTruncatedLastLine(t *testing.T) {
	dir := t.TempDir()
	j, err := Create(dir, Meta{Started: started, Command: "apply"})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := j.Begin(OpInsert, "vd_contratos_produtos", "", nil, map[string]string{"id_produto": "310"})
	_ = j.Finish(s, "55", StateDone, "")
	_ = j.Close()
	f, _ := os.OpenFile(j.Path(), os.O_APPEND|os.O_WRONLY, 0o600)
	_, _ = f.WriteString(`{"seq":2,"time":"2026-11-30T14:05:10Z","op":"ins`)
	_ = f.Close()

	if _, es, err := Read(j.Path()); err != nil || len(es) != 1 || es[0].ID != "55" {
		t.Fatalf("Read = %+v, %v", es, err)
	}
	j2, err := Open(j.Path())
	if err != nil {
		t.Fatal(err)
	}
	s2, err := j2.Begin(OpUpdate, "produtos", "310", map[string]string{"ativo": "N"}, map[string]string{"ativo": "S"})
	if err != nil {
		t.Fatal(err)
	}
	if s2 != 2 {
		t.Errorf("seq after reopen = %d, want 2", s2)
	}
	if err := j2.Finish(s2, "310", StateDone, ""); err != nil {
		t.Fatal(err)
	}
	_ = j2.Close()
	_, es, err := Read(j.Path())
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[1].State != StateDone || es[1].Before["ativo"] != "N" {
		t.Errorf("entries = %+v", es)
	}
	data, _ := os.ReadFile(j.Path())
	if strings.Contains(string(data), `"op":"ins`+"\n") || strings.Contains(string(data), `"ins{`) {
		t.Errorf("the partial line was kept:\n%s", data)
	}
}

// A broken line in the middle is corruption, not a crash: Read refuses it.
func TestReadRejectsCorruption(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	content := `{"schema":"ixc-leveduca/journal/v1","ixc_url":"u","token_user":"1","command":"apply","started":"2026-11-30T14:05:09Z"}` + "\n" +
		"garbage\n" +
		`{"seq":1,"time":"2026-11-30T14:05:10Z","op":"insert","table":"produtos","state":"pending"}` + "\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Read(path); err == nil {
		t.Error("Read accepted a corrupt journal")
	}
	if err := os.WriteFile(path, []byte("{\"hello\":1}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Read(path); err == nil {
		t.Error("Read accepted a file that is not a journal")
	}
}

// A final line without its newline but complete is kept, and the next line
// does not stick to it.
func TestOpenCompletesUnterminatedLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	content := `{"schema":"ixc-leveduca/journal/v1","ixc_url":"u","token_user":"1","command":"apply","started":"2026-11-30T14:05:09Z"}` + "\n" +
		`{"seq":1,"time":"2026-11-30T14:05:10Z","op":"insert","table":"produtos","state":"pending"}`
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Finish(1, "9", StateUnknown, "answer lost"); err != nil {
		t.Fatal(err)
	}
	_ = j.Close()
	_, es, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].State != StateUnknown || es[0].ID != "9" {
		t.Errorf("entries = %+v", es)
	}
}

// Read says which is wrong: a file that is not a journal (ErrNotJournal),
// or a journal damaged at a line (*LineError, with its number), so that
// callers can word it.
func TestReadErrorsAreTyped(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, body string
		line       int // 0: ErrNotJournal
	}{
		{"a profile", "[ixc]\nurl = \"https://x\"\n", 0},
		{"another program's JSON", "{\"hello\":1}\n", 0},
		{"empty", "", 0},
		{"damaged", "{\"schema\":\"" + Schema + "\"}\n{\"seq\":1,\"state\":\"pending\"}\nnot json\n", 3},
		{"no seq", "{\"schema\":\"" + Schema + "\"}\n{\"state\":\"done\"}\n", 2},
	} {
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, []byte(tc.body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := Read(p)
		var le *LineError
		switch {
		case tc.line == 0 && !errors.Is(err, ErrNotJournal):
			t.Errorf("%s: %v, want ErrNotJournal", tc.name, err)
		case tc.line != 0 && (!errors.As(err, &le) || le.Line != tc.line):
			t.Errorf("%s: %v, want a LineError at line %d", tc.name, err, tc.line)
		}
	}
}
