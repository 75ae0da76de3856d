package cli

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// goEnglish is the operating system's and Go's own text that must never
// reach a Portuguese message.
var goEnglish = []string{"no such file", "open ", "permission denied", "is a directory", "not a directory",
	"address already in use", "bind:", "listen tcp", "journal:", "invalid character", "line 1", "header line"}

// A file or a port the operating system refuses is said in the user's
// language, naming the file and the cause, with exit 2: a missing, a
// foreign or a damaged journal for undo, a missing profile, a report that
// cannot be written, a busy sandbox port.
func TestOSErrorsInTheUsersLanguage(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	missing := filepath.Join(dir, "nada.jsonl")
	foreign := write("foreign.jsonl", "{\"hello\":1}\n")
	damaged := write("damaged.jsonl", "{\"schema\":\"ixc-leveduca/journal/v1\",\"ixc_url\":\"http://127.0.0.1:1/webservice/v1\"}\nnot json\n{\"seq\":1}\n")
	noProfile := filepath.Join(dir, "perfil.toml")
	noDir := filepath.Join(dir, "nao", "existe", "r.json")
	cases := []struct {
		name   string
		args   []string
		pt, en string
	}{
		{"missing journal", []string{"undo", missing, "--yes"},
			"não foi possível ler o diário " + missing + ": o arquivo ou a pasta não existe",
			"cannot read the journal " + missing + ": the file or folder does not exist"},
		{"not a journal", []string{"undo", foreign, "--yes"},
			"não foi possível ler o diário " + foreign + ": o arquivo não é um diário do ixc-leveduca (a primeira linha não é o cabeçalho de um diário)",
			"cannot read the journal " + foreign + ": the file is not an ixc-leveduca journal (its first line is not a journal's header)"},
		{"damaged journal", []string{"undo", damaged, "--yes"},
			"não foi possível ler o diário " + damaged + ": o diário está danificado na linha 2 (não é uma linha de diário)",
			"cannot read the journal " + damaged + ": the journal is damaged at line 2 (not a journal line)"},
		{"missing profile", []string{"audit", "--profile", noProfile},
			"não foi possível ler o perfil \"" + noProfile + "\": o arquivo ou a pasta não existe",
			"cannot read the profile \"" + noProfile + "\": the file or folder does not exist"},
		{"report in a missing folder", []string{"audit", "--demo", "--format", "json", "--out", noDir},
			"não foi possível gravar " + noDir + ": o arquivo ou a pasta não existe",
			"cannot write " + noDir + ": the file or folder does not exist"},
		{"busy port", []string{"sandbox", "--addr", busy.Addr().String()},
			"não foi possível escutar em " + busy.Addr().String() + ": o endereço e a porta já estão em uso por outro programa (use --addr 127.0.0.1:0 para uma porta livre)",
			"cannot listen on " + busy.Addr().String() + ": the address and port are already in use by another program (use --addr 127.0.0.1:0 for a free port)"},
	}
	for _, tc := range cases {
		for _, lang := range []string{"pt", "en"} {
			code, out, errOut := runLimited(t, 60*time.Second, nil, append(tc.args, "--lang", lang)...)
			want := tc.pt
			if lang == "en" {
				want = tc.en
			}
			if code != ExitUsage || !strings.Contains(errOut, want) {
				t.Errorf("%s, %s: exit %d, stderr %q\nwant exit %d and %q", tc.name, lang, code, errOut, ExitUsage, want)
			}
			if lang != "pt" {
				continue
			}
			for _, g := range goEnglish {
				if strings.Contains(errOut+out, g) {
					t.Errorf("%s: Go's text %q in the Portuguese output %q", tc.name, g, errOut+out)
				}
			}
		}
	}
}
