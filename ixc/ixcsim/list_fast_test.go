package ixcsim

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// The list fast paths (cached number parses, the id range scan, the page
// window, the JSON string fast path) must answer exactly what the plain scan
// answers. The reference below is the scan as it was before them: every row,
// every value parsed again on every comparison.

func refCompareLit(v string, l *literal) int {
	if l.isNum {
		if n, ok := parseNum(v); ok {
			switch {
			case n < l.num:
				return -1
			case n > l.num:
				return 1
			}
			return 0
		}
	}
	if l.iso != "" && isISODate(v) {
		lit := l.iso
		if len(v) > 10 && len(lit) == 10 {
			lit += " 00:00:00"
		}
		return strings.Compare(v, lit)
	}
	return foldCompare(v, l.s)
}

func refMatch(c *cond, v string) bool {
	switch c.op {
	case "=":
		return refCompareLit(v, &c.a) == 0
	case "!=":
		return refCompareLit(v, &c.a) != 0
	case ">":
		return refCompareLit(v, &c.a) > 0
	case "<":
		return refCompareLit(v, &c.a) < 0
	case ">=":
		return refCompareLit(v, &c.a) >= 0
	case "<=":
		return refCompareLit(v, &c.a) <= 0
	case "L":
		return likeMatch(v, c.parts)
	case "NL":
		return !likeMatch(v, c.parts)
	case "IN", "NI":
		in := false
		for i := range c.list {
			if refCompareLit(v, &c.list[i]) == 0 {
				in = true
				break
			}
		}
		return in == (c.op == "IN")
	case "BE", "NBE":
		be := refCompareLit(v, &c.a) >= 0 && refCompareLit(v, &c.b) <= 0
		return be == (c.op == "BE")
	}
	return false
}

func refSortCompare(a, b string) int {
	if na, ok := parseNum(a); ok {
		if nb, ok := parseNum(b); ok {
			switch {
			case na < nb:
				return -1
			case na > nb:
				return 1
			}
			return 0
		}
	}
	return foldCompare(a, b)
}

// refList is the brute-force listing: filter every row, sort, reverse, page.
func refList(s *Sim, t *table, lr *listReq) ([]byte, error) {
	conds, err := buildConds(lr, t.name, t.field)
	if err != nil {
		return nil, err
	}
	sortCol, desc := 0, lr.sortorder == "desc"
	if lr.sortname != "" {
		if sortCol, err = resolveField(t.name, t.field, lr.sortname); err != nil {
			return nil, err
		}
	}
	var sel []int
	for i, row := range t.rows {
		ok := true
		for k := range conds {
			if !refMatch(&conds[k], t.val(row, conds[k].col)) {
				ok = false
				break
			}
		}
		if ok {
			sel = append(sel, i)
		}
	}
	if sortCol != 0 {
		sort.SliceStable(sel, func(a, b int) bool {
			c := refSortCompare(t.val(t.rows[sel[a]], sortCol), t.val(t.rows[sel[b]], sortCol))
			if desc {
				return c > 0
			}
			return c < 0
		})
	} else if desc {
		for i, j := 0, len(sel)-1; i < j; i, j = i+1, j-1 {
			sel[i], sel[j] = sel[j], sel[i]
		}
	}
	offset := (lr.page - 1) * lr.rp
	var page [][]uint32
	if offset < len(sel) {
		for _, i := range sel[offset:min(offset+lr.rp, len(sel))] {
			page = append(page, t.rows[i])
		}
	}
	return s.encodeList(t, lr.page, len(sel), page), nil
}

// fastDataset fills table "tst" of a new simulator. kind picks the ids.
func fastDataset(kind string) *Sim {
	s := New(Options{})
	vals := []string{"5", "007", "7", "-3", "2.50", "abc", "", " 5", "1e5", "10", "2024-01-05", "2024-01-05 10:00:00", "ABC", "São Paulo/PR"}
	var ids []string
	switch kind {
	case "numeric":
		for i := 1; i <= 40; i++ {
			if i%7 != 0 { // gaps
				ids = append(ids, strconv.Itoa(i))
			}
		}
		ids = append(ids, "100", "0", "9007199254740993", "9007199254740992")
	case "leading-zeros": // "007" and "7" are different ids with the same value
		ids = []string{"1", "2", "007", "7", "08", "8", "10", "3", "0009"}
	case "non-numeric":
		ids = []string{"1", "2", "3", "x1", "5", "10", "-4"}
	case "huge": // digits, but too large for a float64: compared as text
		ids = []string{"1", "2", "3", "1" + strings.Repeat("0", 400)}
	case "empty":
	}
	recs := make([]Record, len(ids))
	for i, id := range ids {
		recs[i] = Record{"id": id, "valor": vals[i%len(vals)], "status": string(rune('A' + i%3)),
			"data": fmt.Sprintf("2024-01-%02d", i%28+1), "nome": vals[(i*5)%len(vals)]}
	}
	// shuffled, so Load sorts them
	rand.New(rand.NewSource(1)).Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	s.Load("tst", recs)
	if kind != "empty" {
		s.Put("tst", Record{"id": "3", "valor": "33", "status": "B"})          // replace
		s.Put("tst", Record{"id": "4", "valor": "4.0", "status": "C"})         // insert in order
		s.Put("tst", Record{"valor": "x", "status": "A"})                      // next id
		s.Remove("tst", "2")                                                   //
		s.mu.Lock()                                                            //
		s.tables["tst"].set("1", Record{"valor": "0001", "status": "c"})       // update
		s.tables["tst"].set("4", Record{"nome": "z", "extra": "new column 1"}) // new column
		s.mu.Unlock()
	}
	return s
}

type lrCond struct{ op, p, p2 string }

func TestListFastPathsMatchScan(t *testing.T) {
	idConds := []lrCond{
		{">", "0", ""}, {">=", "5", ""}, {"<", "3", ""}, {"<=", "7", ""}, {"=", "7", ""}, {"=", "007", ""},
		{">", "-1", ""}, {">", "2.5", ""}, {"<", "2.5", ""}, {">", "1000", ""}, {"<", "0", ""}, {"=", "99", ""},
		{">", "9007199254740992", ""}, {"=", "9007199254740993", ""}, {">=", "+8", ""}, {"<=", "8.", ""},
		{">", "abc", ""}, {"<", "x", ""}, {"=", "x1", ""}, {">", "1e5", ""}, {">=", " 5", ""}, {"=", "", ""},
		{">", "31/12/2020", ""}, {"<", "2024-01-01", ""},
		{"BE", "2", "8"}, {"BE", "8", "2"}, {"BE", "2", "abc"}, {"BE", "abc", "9"}, {"BE", "-5", "1000"},
		{"NBE", "2", "8"}, {"!=", "7", ""}, {"IN", "1,7,10,99", ""}, {"NI", "1,7", ""}, {"L", "1%", ""},
	}
	otherConds := []gridEntry{
		{}, // none
		{TB: "tst.status", OP: "=", P: "A"},
		{TB: "tst.valor", OP: ">", P: "4"},
		{TB: "tst.valor", OP: "BE", P: "2", P2: "7"},
		{TB: "tst.data", OP: ">=", P: "10/01/2024"},
		{TB: "tst.id", OP: "<=", P: "20"},
		{TB: "tst.id", OP: ">", P: "zz"},
		{TB: "tst.nome", OP: "L", P: "%a%"},
	}
	sorts := []string{"", "tst.id", "tst.valor", "tst.status", "tst.nome"}
	pages := [][2]int{{1, 1}, {1, 3}, {2, 3}, {3, 7}, {1, 100}, {50, 2}, {2, 20}}
	for _, kind := range []string{"numeric", "leading-zeros", "non-numeric", "huge", "empty"} {
		s := fastDataset(kind)
		tb := s.tables["tst"]
		n := 0
		check := func(lr *listReq) {
			t.Helper()
			n++
			want, werr := refList(s, tb, lr)
			got, gerr := s.listTable(tb, lr)
			if (werr != nil) != (gerr != nil) {
				t.Fatalf("%s %+v: error %v, want %v", kind, lr, gerr, werr)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s %+v:\n got %s\nwant %s", kind, lr, got, want)
			}
		}
		for _, main := range append([]lrCond{{}}, idConds...) {
			for _, g := range otherConds {
				for _, sn := range sorts {
					for _, so := range []string{"asc", "desc"} {
						for _, pg := range pages {
							lr := &listReq{sortname: sn, sortorder: so, page: pg[0], rp: pg[1]}
							if main.op != "" {
								lr.qtype, lr.oper, lr.query = "tst.id", main.op, main.p
								if main.op == "BE" || main.op == "NBE" {
									lr.query = main.p + "," + main.p2
								}
							}
							if g.TB != "" {
								lr.grid = append(lr.grid, g)
							}
							if main.op == "BE" || main.op == "NBE" { // also as a grid_param
								lr2 := *lr
								lr2.qtype, lr2.query, lr2.oper = "", "", ""
								lr2.grid = append([]gridEntry{{TB: "tst.id", OP: main.op, P: main.p, P2: main.p2}}, lr.grid...)
								check(&lr2)
							}
							check(lr)
						}
					}
				}
			}
		}
		t.Logf("%s: %d rows, %d requests", kind, len(tb.rows), n)
	}
}

// The id range needs every id numeric; a non-numeric id anywhere turns it off.
func TestIDRangeFallsBack(t *testing.T) {
	for _, c := range []struct {
		kind  string
		whole bool
	}{{"numeric", false}, {"leading-zeros", false}, {"non-numeric", true}, {"huge", true}} {
		s := fastDataset(c.kind)
		tb := s.tables["tst"]
		cd, err := newCond(0, ">", "2", "", false)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi, rest := tb.idRange([]cond{cd})
		whole := lo == 0 && hi == len(tb.rows) && len(rest) == 1
		if whole != c.whole {
			t.Errorf("%s: range [%d,%d) of %d, %d conditions left", c.kind, lo, hi, len(tb.rows), len(rest))
		}
	}
}

// Every dictionary entry carries its parse.
func TestColumnNumsFollowDict(t *testing.T) {
	for _, kind := range []string{"numeric", "non-numeric", "huge"} {
		s := fastDataset(kind)
		for _, c := range s.tables["tst"].cols {
			if len(c.nums) != len(c.dict) {
				t.Fatalf("%s.%s: %d nums for %d values", kind, c.name, len(c.nums), len(c.dict))
			}
			for i, v := range c.dict {
				n, ok := parseNum(v)
				if got := c.nums[i]; ok != (got == got) || ok && got != n {
					t.Errorf("%s.%s[%d] %q: %v, want %v %v", kind, c.name, i, v, got, n, ok)
				}
			}
		}
	}
}

func refAppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\\' && c != '/' {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\', '/':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = appendU(b, rune(c))
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r > 0xFFFF {
			r -= 0x10000
			b = appendU(b, 0xD800+(r>>10))
			b = appendU(b, 0xDC00+(r&0x3FF))
		} else {
			b = appendU(b, r)
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func TestAppendJSONStringUnchanged(t *testing.T) {
	cases := []string{"", "abc", "a/b", `"q"`, `back\slash`, "tab\there", "nl\n", "\x00\x1f\x7f", "São Paulo",
		"emoji 😀", "bad \xff utf8", "\xe2\x82", "plain text 123 - ok", "/", "ç"}
	rng := rand.New(rand.NewSource(2))
	alphabet := []byte("ab /\\\"\n\x01\x7f\xc3\xa3\xf0\x9f\x98\x80\xff")
	for range 2000 {
		b := make([]byte, rng.Intn(12))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		prefix := []byte("x,")
		got := appendJSONString(append([]byte(nil), prefix...), c)
		want := refAppendJSONString(append([]byte(nil), prefix...), c)
		if !bytes.Equal(got, want) {
			t.Fatalf("%q: got %q, want %q", c, got, want)
		}
	}
}

// Lists run concurrently (read lock, shared answer buffers) with writes that
// grow the dictionaries; -race checks the cached parses and the buffer pool.
func TestListConcurrentWithWrites(t *testing.T) {
	s := fastDataset("numeric")
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tok := s.DemoToken()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				if g == 0 {
					s.Put("tst", Record{"id": strconv.Itoa(1000 + i), "valor": strconv.Itoa(i) + ".5"})
					continue
				}
				body := fmt.Sprintf(`{"qtype":"tst.id","query":"%d","oper":">","rp":"5","page":"%d","sortname":"tst.valor","sortorder":"desc"}`, i, g)
				req, _ := http.NewRequest("POST", base+"/tst", strings.NewReader(body))
				req.Header.Set("ixcsoft", "listar")
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", basic(tok))
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				if res.StatusCode != 200 {
					t.Errorf("status %d", res.StatusCode)
				}
			}
		}()
	}
	wg.Wait()
	tb := s.tables["tst"]
	lr := &listReq{qtype: "tst.id", oper: ">", query: "10", sortname: "tst.valor", page: 1, rp: 1000}
	want, _ := refList(s, tb, lr)
	got, _ := s.listTable(tb, lr)
	if !bytes.Equal(got, want) {
		t.Fatalf("after writes:\n got %s\nwant %s", got, want)
	}
}

// parseNum's whole-number shortcut gives what strconv.ParseFloat gives.
func TestParseNumWholeNumbers(t *testing.T) {
	ref := func(s string) (float64, bool) {
		if s == "" {
			return 0, false
		}
		i := 0
		if s[0] == '-' || s[0] == '+' {
			i++
		}
		digits, dot := 0, false
		for ; i < len(s); i++ {
			switch c := s[i]; {
			case c >= '0' && c <= '9':
				digits++
			case c == '.' && !dot:
				dot = true
			default:
				return 0, false
			}
		}
		if digits == 0 {
			return 0, false
		}
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	}
	cases := []string{"0", "-0", "+0", "007", "-007", "1", "+1", "999999999999999", "1000000000000000",
		"9007199254740993", "000000000000000000001", "-", "+", ".", "-.", "1.", ".5", "1.2.3", "1e5", " 1", "1 ",
		"12a", "1" + strings.Repeat("0", 400), "123456789012345", "-123456789012345"}
	rng := rand.New(rand.NewSource(3))
	for range 5000 {
		b := make([]byte, 1+rng.Intn(20))
		for i := range b {
			b[i] = "0123456789-+.x"[rng.Intn(14)]
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		gf, gok := parseNum(c)
		wf, wok := ref(c)
		if gok != wok || gf != wf || math.Signbit(gf) != math.Signbit(wf) {
			t.Fatalf("parseNum(%q) = %v %v, want %v %v", c, gf, gok, wf, wok)
		}
	}
}
