package steps

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
)

// An IXC failure under a prefix ("produto: …") is put in words in both
// languages: no client or system text in the Portuguese.
func TestPrefixErrPutsIXCFailuresInWords(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nothing listens: the connection is refused
	tok, err := ixc.ParseToken("1:"+strings.Repeat("ab", 32), "")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ixc.New(ixc.Options{BaseURL: "http://" + addr + "/webservice/v1", Token: tok, Timeout: 2 * time.Second, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Reader().Get(t.Context(), "produtos", "1")
	if ixc.KindOf(err) != ixc.KindUnreachable {
		t.Fatalf("not unreachable: %v", err)
	}
	var ie *i18n.Error
	got := prefixErr("produto", "product", err)
	ie, _ = got.(*i18n.Error)
	if ie == nil || !strings.HasPrefix(ie.Msg.PT, "produto: ") || !strings.HasPrefix(ie.Msg.EN, "product: ") {
		t.Fatalf("%#v", got)
	}
	for _, bad := range []string{"dial", "connection refused", "ixc:", addr} {
		if strings.Contains(ie.Msg.PT, bad) {
			t.Errorf("pt carries %q: %s", bad, ie.Msg.PT)
		}
	}
}
