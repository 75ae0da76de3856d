package ixc

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
)

// Op is an IXC filter operator.
type Op string

// The official operators.
const (
	OpEq         Op = "="
	OpNe         Op = "!="
	OpGt         Op = ">"
	OpLt         Op = "<"
	OpGe         Op = ">="
	OpLe         Op = "<="
	OpLike       Op = "L"
	OpNotLike    Op = "NL"
	OpIn         Op = "IN"
	OpNotIn      Op = "NI"
	OpBetween    Op = "BE"
	OpNotBetween Op = "NBE"
)

// Cond is one filter condition. Field is "table.field" (a bare field gets the
// query's table as prefix). Value2 is used by BE/NBE.
type Cond struct {
	Field         string
	Op            Op
	Value, Value2 string
}

// Where builds a Cond.
func Where(field string, op Op, value string) Cond { return Cond{Field: field, Op: op, Value: value} }

// Between builds a BE Cond.
func Between(field, from, to string) Cond {
	return Cond{Field: field, Op: OpBetween, Value: from, Value2: to}
}

// Query is a list request.
type Query struct {
	Table string
	// Filter conditions, ANDed. The first non-BE/NBE condition becomes
	// qtype/query/oper; all others go to grid_param. Without a filter the
	// main condition is "<table>.id > 0": an empty Filter is the one way
	// to ask for every row.
	//
	// The main condition's Value must not be empty (or blank): IXC ignores
	// qtype and oper when query is empty and answers with the whole table,
	// so such a Query is refused before any request (KindInvalidQuery).
	// Conditions in grid_param may compare with "" (a field that is
	// empty): IXC's documentation names the empty query as the only
	// filter it ignores, and the simulator applies every grid_param entry.
	Filter    []Cond
	Page, RP  int    // 1-based page (default 1); rows per page (default PageSize)
	SortName  string // default "<table>.id"
	SortOrder string // default "asc"
}

// Record is one IXC row; every value is a string.
type Record map[string]string

// Page is one page of a listing. Total is the number of rows matching the
// filter (all pages).
type Page struct {
	Page, Total int
	Records     []Record
}

type gridParam struct {
	TB string `json:"TB"`
	OP string `json:"OP"`
	P  string `json:"P"`
	P2 string `json:"P2,omitempty"`
}

func qualify(table, field string) string {
	if field == "" || strings.Contains(field, ".") {
		return field
	}
	return table + "." + field
}

// mainCond is the condition listBody sends as qtype/query/oper: the first
// that is not BE/NBE (false when none).
func mainCond(q Query) (Cond, bool) {
	for _, f := range q.Filter {
		if f.Op != OpBetween && f.Op != OpNotBetween {
			return f, true
		}
	}
	return Cond{}, false
}

// checkQuery refuses a Query whose main condition has an empty value: IXC
// would ignore qtype and oper and send the whole table, which a caller
// looking up one name would take for a match (see Query.Filter).
func checkQuery(op string, q Query) error {
	if m, ok := mainCond(q); ok && strings.TrimSpace(m.Value) == "" {
		f := truncate(qualify(q.Table, m.Field), 60)
		return &Error{Kind: KindInvalidQuery, Op: op, Table: q.Table, Where: f,
			Message: "the filter on " + f + " has an empty value; IXC would answer with the whole table"}
	}
	return nil
}

// listBody builds the JSON body of a list request (all values strings).
// It refuses what checkQuery refuses, so that no path sends it.
func (c *Client) listBody(op string, q Query) ([]byte, error) {
	if err := checkQuery(op, q); err != nil {
		return nil, err
	}
	page, rp := q.Page, q.RP
	if page <= 0 {
		page = 1
	}
	if rp <= 0 {
		rp = c.pageSize
	}
	b := map[string]string{
		"qtype":     q.Table + ".id",
		"query":     "0",
		"oper":      string(OpGt),
		"page":      strconv.Itoa(page),
		"rp":        strconv.Itoa(rp),
		"sortname":  q.Table + ".id",
		"sortorder": "asc",
	}
	if q.SortName != "" {
		b["sortname"] = qualify(q.Table, q.SortName)
	}
	if q.SortOrder != "" {
		b["sortorder"] = strings.ToLower(q.SortOrder)
	}
	var grid []gridParam
	mainSet := false
	for _, f := range q.Filter {
		op := f.Op
		if op == "" {
			op = OpEq
		}
		field := qualify(q.Table, f.Field)
		if !mainSet && op != OpBetween && op != OpNotBetween {
			b["qtype"], b["query"], b["oper"] = field, f.Value, string(op)
			mainSet = true
			continue
		}
		g := gridParam{TB: field, OP: string(op), P: f.Value}
		if op == OpBetween || op == OpNotBetween {
			g.P2 = f.Value2
		}
		grid = append(grid, g)
	}
	if len(grid) > 0 {
		gp, _ := json.Marshal(grid)
		b["grid_param"] = string(gp)
	}
	out, _ := json.Marshal(b)
	return out, nil
}

func (c *Client) list(ctx context.Context, op string, q Query, splittable bool) (*Page, bool, error) {
	if err := checkTable(op, q.Table); err != nil {
		return nil, false, err
	}
	body, err := c.listBody(op, q)
	if err != nil {
		return nil, false, err
	}
	rep, err := c.do(ctx, call{
		op: op, method: "GET", table: q.Table, path: "/" + q.Table,
		body: body, listar: true, read: true, splittable: splittable,
	})
	if err != nil {
		return nil, false, err
	}
	notIXC := func(why Why, msg, field string) error {
		return &Error{Kind: KindNotIXC, Op: op, Method: "GET", Table: q.Table, Status: rep.status, Message: msg, Why: why, Where: field}
	}
	if rep.obj == nil {
		return nil, false, notIXC(WhyEmpty, "the answer is empty", "")
	}
	if !isListEnvelope(rep.obj) {
		return nil, false, notIXC(WhyNoEnvelope, "the answer has no IXC list envelope (page/total/registros)", "")
	}
	p, hasTotal, err := decodePage(rep.obj)
	if err != nil {
		return nil, false, notIXC(WhyNoEnvelope, err.Error(), badField(err))
	}
	if p.Page == 0 {
		p.Page = max(q.Page, 1)
	}
	return p, hasTotal, nil
}

// List fetches one page.
func (c *Client) List(ctx context.Context, q Query) (*Page, error) {
	p, _, err := c.list(ctx, "list", q, false)
	return p, err
}

// Count returns how many rows match filter (one request with rp=1).
func (c *Client) Count(ctx context.Context, table string, filter ...Cond) (int, error) {
	p, _, err := c.list(ctx, "count", Query{Table: table, Filter: filter, Page: 1, RP: 1}, false)
	if err != nil {
		return 0, err
	}
	return p.Total, nil
}

// Get reads one record by id; an absent record is an *Error of Kind
// KindNotFound.
func (c *Client) Get(ctx context.Context, table, id string) (Record, error) {
	if err := checkTable("get", table); err != nil {
		return nil, err
	}
	if err := checkID("get", table, id); err != nil {
		return nil, err
	}
	p, _, err := c.list(ctx, "get", Query{Table: table, Filter: []Cond{Where(table+".id", OpEq, id)}, Page: 1, RP: 1}, false)
	if err != nil {
		return nil, err
	}
	for _, r := range p.Records {
		if r["id"] == id {
			return r, nil
		}
	}
	return nil, &Error{Kind: KindNotFound, Op: "get", Method: "GET", Table: table, Message: "no record with id " + id, ID: id}
}

// All collects every row matching q (see Each).
func (c *Client) All(ctx context.Context, q Query) ([]Record, error) {
	var out []Record
	err := c.Each(ctx, q, func(r Record) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
