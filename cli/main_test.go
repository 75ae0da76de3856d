package cli

import (
	"os"
	"sync"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/runlock"
)

// built is the binary the tests that run the real program share
// (buildBinary, on Unix); TestMain removes its folder.
var built struct {
	once     sync.Once
	dir, bin string
	err      error
}

// stateDir is where the tests' per-IXC locks go (runlock.EnvDir), so a
// run leaves nothing in the user's real cache directory.
var stateDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ixc-leveduca-state-")
	if err != nil {
		panic(err)
	}
	stateDir = dir
	_ = os.Setenv(runlock.EnvDir, dir) // for the real binary the tests run
	code := m.Run()
	_ = os.RemoveAll(stateDir)
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// envOf is a Getenv over env that sends the locks to the run's stateDir
// unless env names a directory of its own.
func envOf(env map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := env[k]; ok || k != runlock.EnvDir {
			return v
		}
		return stateDir
	}
}
