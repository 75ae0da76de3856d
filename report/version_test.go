package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/version"
)

// The Markdown report and the hand-off say which version wrote them.
func TestReportsNameTheVersion(t *testing.T) {
	v := version.Short()
	var b bytes.Buffer
	if err := Markdown(&b, sample(), i18n.EN); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| ixc-leveduca version | `"+v+"` |") {
		t.Errorf("audit Markdown:\n%s", b.String())
	}
	b.Reset()
	if err := HandoffMarkdown(&b, sampleHandoff(t), i18n.PT); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "por ixc-leveduca "+v+"_") {
		t.Errorf("hand-off Markdown:\n%s", b.String())
	}
	b.Reset()
	if err := HandoffJSON(&b, sampleHandoff(t)); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Tool struct{ Name, Version string } `json:"tool"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || got.Tool.Name != "ixc-leveduca" || got.Tool.Version != v {
		t.Errorf("hand-off JSON tool = %+v (%v)", got.Tool, err)
	}
}
