package cli

import (
	"os"
	"strconv"
	"sync/atomic"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
)

// killPoint is the reliability tests' kill -9: when the environment has
// IXC_LEVEDUCA_TEST_KILL_AFTER=N, the process kills itself (SIGKILL on
// Unix: no deferred code, no journal close) right after its Nth HTTP
// exchange with IXC — a deterministic point, where a real crash would be a
// random one. Without the variable it does nothing.
func killPoint(stdio IO) func(ixc.ResponseInfo) {
	n, err := strconv.Atoi(stdio.getenv("IXC_LEVEDUCA_TEST_KILL_AFTER"))
	if err != nil || n <= 0 {
		return nil
	}
	var seen atomic.Int64
	return func(ixc.ResponseInfo) {
		if seen.Add(1) == int64(n) {
			if p, err := os.FindProcess(os.Getpid()); err == nil {
				_ = p.Kill()
			}
			select {} // the signal is on its way
		}
	}
}
