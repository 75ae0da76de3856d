package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// A profile save that fails (here the folder is a file: no user, root
// included, can write there) is shown with the ways on; "another file"
// saves there and the wizard goes on from where it was.
func TestProfileSaveFailureHasAWayOn(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 50)
	blocker := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "outro.toml")
	drive(t, sim, url, func(o *Options) { o.ProfilePath = filepath.Join(blocker, "perfil.toml") }, func(t *testing.T, d *driver) {
		d.waitFor("O que você quer fazer?")
		d.enter(1)
		d.waitFor("Token da API")
		d.enter(2)
		d.waitFor("Tabelas que o token consegue ler")
		d.enter(1) // continue: the profile is saved
		d.waitFor("Não foi possível salvar o perfil em")
		if !strings.Contains(d.screen(), "Tentar de novo") || !strings.Contains(d.screen(), "Salvar em outro arquivo") {
			t.Fatalf("no way on:\n%s", d.screen())
		}
		d.enter(1) // try again: fails again
		d.waitFor("Não foi possível salvar o perfil em")
		d.down(1)
		d.enter(1)
		d.waitFor("Salvar o perfil em")
		for range len(d.s.ProfilePath) + 5 {
			d.key(tea.KeyBackspace, 1)
		}
		d.typ(other)
		d.enter(1)
		d.waitFor("O que o provedor vende?")
		if d.m.saveFail != nil {
			t.Fatal("the failure is still on screen")
		}
		if _, err := profile.Load(other); err != nil || d.s.ProfilePath != other {
			t.Fatalf("profile at %s: %v (path %s)", other, err, d.s.ProfilePath)
		}
	})
}

// A hand-off that cannot be written (its folder is missing) is shown in
// words and the same questions are asked again; once the folder exists,
// the same answers write it.
func TestHandoffWriteFailureAsksAgain(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 50)
	out := filepath.Join(t.TempDir(), "entrega")
	drive(t, sim, url, func(o *Options) { o.OutDir = out }, func(t *testing.T, d *driver) {
		d.connect()
		d.enter(1)
		d.down(1) // without a product
		d.enter(1)
		d.waitFor("Como os assinantes entram na LevEduca?")
		d.down(3) // employee CPF
		d.enter(1)
		d.waitFor("Colaboradores ativos com CPF válido")
		d.enter(1)
		d.waitFor("Salvar o perfil em")
		d.enter(3) // path, token, ISP name
		d.waitFor("✗ ")
		if !strings.Contains(d.screen(), "Salvar o perfil em") || !strings.Contains(d.screen(), "entrega") {
			t.Fatalf("no error with the questions again:\n%s", d.screen())
		}
		if err := os.MkdirAll(out, 0o700); err != nil {
			t.Fatal(err)
		}
		d.enter(3)
		d.waitFor("Arquivos gravados")
		for _, f := range []string{"ixc-leveduca-entrega.md", "ixc-leveduca-entrega.json"} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Error(err)
			}
		}
	})
}

// Two saves in flight: the older one finishing last does not overwrite
// the newer answers.
func TestProfileSavesKeepTheNewest(t *testing.T) {
	dir := t.TempDir()
	s := NewSessionFrom(Options{ProfilePath: filepath.Join(dir, "perfil.toml")})
	t.Cleanup(s.Close)
	s.Profile.Auth.Method = profile.AuthHotsite
	older := s.saveProfile()
	s.Profile.Auth.Method = profile.AuthPPPoE
	newer := s.saveProfile()
	for _, cmd := range []tea.Cmd{newer, older} { // the older one lands last
		if msg := cmd().(profileSavedMsg); msg.err != nil {
			t.Fatal(msg.err)
		}
	}
	p, err := profile.Load(s.ProfilePath)
	if err != nil || p.Auth.Method != profile.AuthPPPoE {
		t.Fatalf("saved %+v, %v; want the newer answer", p, err)
	}
}

// A journal that cannot be created stops the write before anything
// reaches IXC, says so, and offers to try again.
func TestJournalFailureWritesNothing(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 50)
	out := filepath.Join(t.TempDir(), "missing")
	drive(t, sim, url, func(o *Options) { o.OutDir = out }, func(t *testing.T, d *driver) {
		d.connect()
		d.toProductReview()
		d.enter(1)
		d.waitFor("Tributação (conforme a contabilidade)")
		d.enter(2)
		d.waitFor("exatamente isto no IXC")
		d.enter(1) // do it for me
		d.waitFor("diário de gravações não pôde ser criado")
		if !strings.Contains(d.screen(), "Verificar o IXC e continuar o que falta") {
			t.Fatalf("no way on:\n%s", d.screen())
		}
		// Why, in words: no Go error text.
		if scr := d.screen(); strings.Contains(scr, "no such file") || strings.Contains(scr, "open ") {
			t.Errorf("the journal's failure in Go's words:\n%s", scr)
		}
		if st := sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
			t.Fatalf("IXC was written without a journal: %+v", st)
		}
		if err := os.MkdirAll(out, 0o700); err != nil {
			t.Fatal(err)
		}
		d.enter(1) // check IXC and carry on: the confirmation again
		d.waitFor("exatamente isto no IXC")
		d.enter(1)
		d.waitFor("Produto: LevEduca")
		d.settle()
		if d.s.Journal == nil || sim.Stats().Updates == 0 {
			t.Fatalf("journal %v, stats %+v\n%s", d.s.Journal, sim.Stats(), d.screen())
		}
	})
}
