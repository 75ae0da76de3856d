package ixcsim

import (
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A page number so large that page × rp overflows is a page past the end: the answer
// holds the total and no rows, on every path (id range, index, filter, sort, the view),
// and the simulator keeps taking writes afterwards.
func TestHugePageIsPastTheEnd(t *testing.T) {
	s := indexDataset()
	user, hash, _ := strings.Cut(s.DemoToken(), ":")
	get := func(table, body string) string {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, "/webservice/v1/"+table, strings.NewReader(body))
		req.Header.Set("ixcsoft", "listar")
		req.SetBasicAuth(user, hash)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		return w.Body.String()
	}
	huge := strconv.Itoa(math.MaxInt/2 + 2)
	for _, rp := range []string{"2", "1000"} {
		for _, extra := range []string{
			``, // the id range
			`,"grid_param":"[{\"TB\":\"tst.status\",\"OP\":\"=\",\"P\":\"A\"}]"`,                                        // the index
			`,"grid_param":"[{\"TB\":\"tst.valor\",\"OP\":\"!=\",\"P\":\"abc\"}]"`,                                      // a scan
			`,"grid_param":"[{\"TB\":\"tst.valor\",\"OP\":\"!=\",\"P\":\"abc\"}]","sortname":"tst.valor"`,               // a sort
			`,"grid_param":"[{\"TB\":\"tst.status\",\"OP\":\"=\",\"P\":\"A\"}]","sortorder":"desc"`,                     // backwards
			`,"grid_param":"[{\"TB\":\"tst.status\",\"OP\":\"=\",\"P\":\"A\"}]","sortname":"tst.id","sortorder":"desc"`, // backwards
		} {
			body := fmt.Sprintf(`{"qtype":"tst.id","query":"0","oper":">","page":%q,"rp":%q%s}`, huge, rp, extra)
			got := get("tst", body)
			if !strings.HasPrefix(got, `{"page":"`+huge+`","total":"`) || strings.Contains(got, "registros") {
				t.Fatalf("rp %s %s: %.200s", rp, extra, got)
			}
		}
		got := get(viewName, fmt.Sprintf(`{"qtype":"%s.id","query":"0","oper":">","page":%q,"rp":%q}`, viewName, huge, rp))
		if !strings.Contains(got, `"total":"`) || strings.Contains(got, `"registros":[{`) {
			t.Fatalf("view, rp %s: %.200s", rp, got)
		}
	}
	done := make(chan struct{})
	go func() {
		s.Put("tst", Record{"id": "5000", "status": "A"})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a write after the huge pages is blocked")
	}
}
