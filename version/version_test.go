package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestStampedValuesWin(t *testing.T) {
	read := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v9.9.9"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "from-build-info"}, {Key: "vcs.modified", Value: "true"}}}, true
	}
	i := fromBuildInfo("1.2.0", "abcdef0123456789", "2026-12-07T10:00:00Z", read)
	if i.Version != "1.2.0" || i.Commit != "abcdef0123456789" || i.Date != "2026-12-07T10:00:00Z" || i.Modified {
		t.Fatalf("%+v", i)
	}
}

func TestBuildInfoWhenNotStamped(t *testing.T) {
	read := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.time", Value: "2026-12-01T00:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}, true
	}
	i := fromBuildInfo("", "", "", read)
	if i.Version != Dev || i.Commit != "0123456789abcdef" || i.Date != "2026-12-01T00:00:00Z" || !i.Modified || i.GoVersion != "go1.26.8" {
		t.Fatalf("%+v", i)
	}
	out := i.Text(Labels{Revision: "revision", Date: "build date", Unknown: "unknown", Modified: "modified"})
	for _, want := range []string{"ixc-leveduca 0.1.0-dev\n", "revision: 0123456789abcdef (modified)\n", "build date: 2026-12-01T00:00:00Z\n", "go: go1.26.8 "} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	// go install module@v1.3.0: the module version.
	i = fromBuildInfo("", "", "", func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0"}}, true
	})
	if i.Version != "1.3.0" || i.Commit != "" {
		t.Fatalf("%+v", i)
	}
	if !strings.Contains(i.Text(Labels{Revision: "r", Date: "d", Unknown: "?"}), "r: ?\n") {
		t.Fatal("unknown revision not named")
	}
}

func TestUserAgent(t *testing.T) {
	if ua := UserAgent(); !strings.HasPrefix(ua, "ixc-leveduca/") || strings.HasSuffix(ua, "/") {
		t.Fatal(ua)
	}
}
