// Command ixc-leveduca sets up, validates and audits the integration between
// IXC Provedor and LevEduca. See README.md and docs/architecture.md.
package main

import (
	"os"

	"github.com/ixc-leveduca/ixc-leveduca/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.StdIO()))
}
