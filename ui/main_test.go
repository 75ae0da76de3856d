package ui

import (
	"os"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/runlock"
)

// TestMain sends the wizard's per-IXC write locks to a folder of this run,
// so the tests leave nothing in the user's real cache directory.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ixc-leveduca-state-")
	if err != nil {
		panic(err)
	}
	_ = os.Setenv(runlock.EnvDir, dir)
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}
