package ixc

import (
	"context"
	"net/http"
	"testing"
)

func TestUserAgentOption(t *testing.T) {
	for _, c := range []struct{ set, want string }{{"", "ixc-leveduca"}, {"ixc-leveduca/1.2.0", "ixc-leveduca/1.2.0"}} {
		var got string
		srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
			got = r.Header.Get("User-Agent")
			writeJSON(w, 200, `{"page":"1","total":"0"}`)
		})
		cl := newTestClient(t, srv.URL, func(o *Options) { o.UserAgent = c.set })
		if _, err := cl.List(context.Background(), Query{Table: "cliente"}); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("User-Agent %q, want %q", got, c.want)
		}
	}
}
