package cli

import (
	"os"
	"sync"
	"testing"
)

// built is the binary the tests that run the real program share
// (buildBinary, on Unix); TestMain removes its folder.
var built struct {
	once     sync.Once
	dir, bin string
	err      error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}
