package profile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestNestingWithinSchemaIsAccepted(t *testing.T) {
	for _, doc := range []string{
		"[link]\nmethod = \"plan\"\nplans = [\"12\", \"14\"] # comment [[[\n",
		"link = {method = \"plan\", plans = [\"12\"]}\n",
		"product = [{offer = \"leveduca\", id = \"310\"}]\n",
		"[[product]]\noffer = \"leveduca\"\nname = \"a [b] {c} \\\" [[[\"\nid = \"1\"\n",
		"link.method = \"plan\"\nlink.plans = [\n  \"12\", # doze\n  \"14\",\n]\n",
		"[ixc]\nurl = '''\n[[[[[[\n'''\n",
		"[link]\nmethod = \"plan\"\nplans = []\n[auth]\nmethod = \"hotsite\"\n",
	} {
		if e := checkNesting([]byte(doc)); e != nil {
			t.Errorf("checkNesting(%q) = %v", doc, e)
		}
		if _, err := Parse([]byte(doc)); err != nil && strings.Contains(err.Error(), "nested") {
			t.Errorf("Parse(%q) = %v", doc, err)
		}
	}
}

func TestNestingTooDeepIsRefusedBeforeDecoding(t *testing.T) {
	cases := map[string]struct {
		doc  string
		line int
	}{
		"3000 inline tables": {"[ixc]\nurl = \"x\"\na = " + strings.Repeat("{b = ", 3000) + "1" + strings.Repeat("}", 3000) + "\n", 3},
		"3000 arrays":        {"a = " + strings.Repeat("[", 3000) + strings.Repeat("]", 3000) + "\n", 1},
		"unclosed arrays":    {"[ixc]\nurl = " + strings.Repeat("[", 100000) + "\n", 2},
		"deep header":        {"[ixc]\n[a.b.c]\n", 2},
		"long dotted key":    {"a" + strings.Repeat(".a", 3000) + " = 1\n", 1},
		"list in a list":     {"[link]\nplans = [[\"12\"]]\n", 2},
		"key in inline":      {"link = {a.b.c = 1}\n", 1},
	}
	for name, c := range cases {
		start := time.Now()
		_, err := Parse([]byte(c.doc))
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Msg.EN, "nested more than 2 levels") {
			t.Errorf("%s: Parse = %v, want the nesting error", name, err)
			continue
		}
		if want := "line " + itoa(c.line) + ":"; !strings.HasPrefix(e.Msg.EN, want) {
			t.Errorf("%s: %q does not start with %q", name, e.Msg.EN, want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v", name, d)
		}
	}
}

// BenchmarkDeepNesting is the attack of issue #14.6: 3,000 nested inline
// tables (12 KB) took 445 MB and 5.7 s before the check. Run with -benchmem:
// the check refuses it in microseconds with a few allocations.
func BenchmarkDeepNesting(b *testing.B) {
	doc := []byte("a = " + strings.Repeat("{b = ", 3000) + "1" + strings.Repeat("}", 3000) + "\n")
	for b.Loop() {
		if _, err := Parse(doc); err == nil {
			b.Fatal("accepted")
		}
	}
}

func TestLoadRefusesNonRegularFiles(t *testing.T) {
	dir := t.TempDir()
	for _, path := range []string{dir} {
		_, err := Load(path)
		if !errors.Is(err, errNotRegular) {
			t.Fatalf("Load(%s) = %v", path, err)
		}
	}
}

// The 3,000 nested inline tables of issue #14.6 (445 MB before) are refused
// by Load having allocated, in all, far less than 150 MB: the bytes read
// and the message. TotalAlloc counts every allocation, so it bounds the
// peak from above.
func TestDeepNestingAllocatesLittle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deep.toml")
	doc := "[ixc]\nurl = \"x\"\na = " + strings.Repeat("{b = ", 3000) + "1" + strings.Repeat("}", 3000) + "\n"
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Load(path)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "nested more than 2 levels") {
		t.Fatalf("Load = %v", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Fatalf("Load allocated %d KB; want < 1 MB (and the issue's bound is 150 MB)", got>>10)
	}
}
