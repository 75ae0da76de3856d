// Package version tells which build of ixc-leveduca is running: the
// version, the VCS revision and the build date stamped at link time by
// scripts/release (-ldflags "-X …/version.Version=…"), or read from the
// Go build info when not stamped (go build, go install, go run). It is a
// leaf: the command line, the IXC client's User-Agent and the reports use it.
package version

import (
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
)

// Set at link time, e.g.
//
//	go build -ldflags "-X github.com/ixc-leveduca/ixc-leveduca/version.Version=1.2.0
//	  -X github.com/ixc-leveduca/ixc-leveduca/version.Commit=$(git rev-parse HEAD)
//	  -X github.com/ixc-leveduca/ixc-leveduca/version.Date=2026-12-07T10:00:00Z"
var (
	Version string
	Commit  string
	Date    string
)

// Dev is the version of a build that was not stamped and has no module
// version (go build or go run in a checkout).
const Dev = "0.1.0-dev"

// Info describes the running build.
type Info struct {
	Version   string // "1.2.0", or Dev
	Commit    string // full VCS revision; "" when unknown
	Date      string // build date (RFC 3339) or commit date from the build info; "" when unknown
	Modified  bool   // built from a work tree with uncommitted changes
	GoVersion string // e.g. "go1.26.8"
	Platform  string // GOOS/GOARCH
}

var get = sync.OnceValue(func() Info {
	return fromBuildInfo(Version, Commit, Date, debug.ReadBuildInfo)
})

// Get returns the running build's information.
func Get() Info { return get() }

// fromBuildInfo fills what the link-time values leave empty from the
// build info (module version, vcs.revision, vcs.time, vcs.modified).
func fromBuildInfo(v, commit, date string, read func() (*debug.BuildInfo, bool)) Info {
	i := Info{Version: v, Commit: commit, Date: date, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi, ok := read(); ok && bi != nil {
		if i.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			i.Version = strings.TrimPrefix(bi.Main.Version, "v")
		}
		stampedCommit := i.Commit != ""
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if i.Commit == "" {
					i.Commit = s.Value
				}
			case "vcs.time":
				if i.Date == "" {
					i.Date = s.Value
				}
			case "vcs.modified":
				if !stampedCommit {
					i.Modified = s.Value == "true"
				}
			}
		}
		if bi.GoVersion != "" {
			i.GoVersion = bi.GoVersion
		}
	}
	if i.Version == "" {
		i.Version = Dev
	}
	return i
}

// Short is the version alone, e.g. "1.2.0".
func Short() string { return Get().Version }

// UserAgent is the User-Agent sent to IXC, e.g. "ixc-leveduca/1.2.0".
func UserAgent() string { return "ixc-leveduca/" + Get().Version }

// ShortCommit is the first 12 characters of the revision ("" when unknown).
func (i Info) ShortCommit() string {
	if len(i.Commit) > 12 {
		return i.Commit[:12]
	}
	return i.Commit
}

// Labels names the lines of Text in one language.
type Labels struct {
	Revision, Date, Unknown, Modified string
}

// Text is the --version output: the version, then the revision, the build
// date and the Go version, one per line.
func (i Info) Text(l Labels) string {
	or := func(s string) string {
		if s == "" {
			return l.Unknown
		}
		return s
	}
	rev := or(i.Commit)
	if i.Modified && i.Commit != "" {
		rev += " (" + l.Modified + ")"
	}
	var b strings.Builder
	b.WriteString("ixc-leveduca " + i.Version + "\n")
	b.WriteString(l.Revision + ": " + rev + "\n")
	b.WriteString(l.Date + ": " + or(i.Date) + "\n")
	b.WriteString("go: " + i.GoVersion + " " + i.Platform + "\n")
	return b.String()
}
