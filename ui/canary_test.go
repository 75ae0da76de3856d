package ui

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// The wizard with a distinctive token: after a whole flow (connection,
// product creation, plan link, auth, hand-off), the token must be nowhere
// in the terminal output, the profile, the journal or any file of the out
// dir — except the hand-off files when the user chose to include it.

const (
	uiCanaryUser = "4343"
	uiCanaryHash = "deadbeefc0ffee5eca1dfee1900dcafe0123456789abcdefdeadbeefc0ffee5e"
)

func uiCanaryForms() []string {
	plain := []byte(uiCanaryUser + ":" + uiCanaryHash)
	forms := []string{uiCanaryHash, strings.ToUpper(uiCanaryHash), uiCanaryHash[:24], uiCanaryHash[40:]}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		b := enc.EncodeToString(plain)
		forms = append(forms, b, b[8:40])
	}
	return forms
}

func leaked(s string) string {
	for _, f := range uiCanaryForms() {
		if strings.Contains(s, f) {
			return f
		}
	}
	return ""
}

func TestWizardCanary(t *testing.T) {
	t.Parallel()
	for _, include := range []bool{false, true} {
		name := "token left out"
		if include {
			name = "token included in the hand-off"
		}
		t.Run(name, func(t *testing.T) {
			sim, url := demoIXC(t, 200)
			tok := sim.AddUser(ixcsim.User{ID: uiCanaryUser, Name: "Canário", Active: true, Hash: uiCanaryHash})
			drive(t, sim, url, func(o *Options) { o.Token = tok }, func(t *testing.T, w *driver) {
				// Every screen drawn during the run (w.frames: all a terminal
				// was sent) is searched for the token at the end.
				wait := w.waitFor
				w.toCreateConfirmation()
				w.enter(1)
				wait("Como o produto chega aos assinantes?")
				w.enter(1)
				wait("Duplicar um plano como combo antes?")
				w.enter(1)
				wait("Planos de venda que levam o produto")
				w.key(tea.KeyHome, 1)
				w.toggle()
				w.enter(1)
				wait("O programa vai gravar exatamente isto no IXC")
				w.enter(1)
				wait("Como os assinantes entram na LevEduca?")
				w.enter(1)
				wait("Contratos com direito")
				w.enter(1)
				wait("Incluir o token no relatório de entrega?")
				w.enter(1) // the profile path as proposed
				if include {
					w.key(tea.KeyLeft, 1)
				}
				w.enter(2) // the token question, the ISP name left empty
				wait("Arquivos gravados")
				w.enter(1)
				if code := w.finish(); code != 0 {
					t.Fatalf("exit %d", code)
				}
				screens := strings.Join(w.frames, "\n")
				if f := leaked(screens); f != "" {
					t.Fatalf("the token is on the screen (%.10s…)", f)
				}
				if len(w.frames) < 50 {
					t.Fatalf("only %d screens captured", len(w.frames))
				}
				checkCanaryFiles(t, w, sim, include)
			})
		})
	}
}

// checkCanaryFiles looks for the token in every file the run wrote.
func checkCanaryFiles(t *testing.T, w *driver, sim *ixcsim.Sim, include bool) {
	t.Helper()
	if _, err := profile.Load(w.s.ProfilePath); err != nil {
		t.Fatal(err)
	}
	handoffs := 0
	files := 0
	err := filepath.WalkDir(w.dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		f := leaked(string(data))
		isHandoff := strings.HasPrefix(filepath.Base(path), "ixc-leveduca-entrega.")
		switch {
		case isHandoff && include:
			handoffs++
			if !strings.Contains(string(data), uiCanaryUser+":"+uiCanaryHash) {
				t.Errorf("%s: the token the user asked for is missing", path)
			}
		case f != "":
			t.Errorf("%s holds the token (%.10s…)", path, f)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if include && handoffs != 2 {
		t.Fatalf("%d hand-off files with the token, want 2", handoffs)
	}
	if files < 3 || w.s.Journal == nil {
		t.Fatalf("%d files written, journal %v", files, w.s.Journal)
	}
	if got := rows(sim, "produtos", map[string]string{"descricao": "LevEduca - Serviço de Valor Adicionado"}); len(got) != 1 {
		t.Fatalf("the flow did not create the product: %v", got)
	}
}
