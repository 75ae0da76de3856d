//go:build !race

package cli

// raceEnabled: the test binary runs under the race detector.
const raceEnabled = false
