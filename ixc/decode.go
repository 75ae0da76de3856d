package ixc

// The general decoder: any JSON object answer (list envelopes in every
// shape IXC sends, write and error envelopes). The fast page scanner
// (pagescan.go) handles the common list page; everything else comes here.

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ixc-leveduca/ixc-leveduca/recid"
	"golang.org/x/text/encoding/charmap"
)

// prepareBody strips a UTF-8 BOM and converts a body that is not valid UTF-8
// from Windows-1252 (what MySQL and PHP call "latin1", a superset of
// ISO-8859-1's printable range: IXC's HTML and action answers declare
// ISO-8859-1 and may carry "€", "“" or "…" in the 0x80–0x9F range).
func prepareBody(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return b
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return bytes.ToValidUTF8(b, []byte("\ufffd"))
	}
	return out
}

// decodeObject parses a JSON object keeping values raw. Numbers keep their
// text. It returns ok=false for anything that is not a single JSON object.
func decodeObject(b []byte) (map[string]json.RawMessage, bool) {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' {
		return nil, false
	}
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(t))
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, false
	}
	// Trailing garbage (e.g. PHP warnings after the JSON) is tolerated.
	return m, true
}

// rawString converts a raw JSON value to the string IXC meant: strings as
// they are, numbers as their text, booleans "true"/"false", null "", and
// objects/arrays as compact JSON.
func rawString(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return ""
	}
	switch t[0] {
	case '"':
		var s string
		if json.Unmarshal(t, &s) == nil {
			return s
		}
		return ""
	case 'n':
		return ""
	case '{', '[':
		var buf bytes.Buffer
		if json.Compact(&buf, t) == nil {
			return buf.String()
		}
		return string(t)
	default:
		return string(t)
	}
}

// rawInt reads an int sent as a JSON number or a string ("" and null are 0).
func rawInt(raw json.RawMessage) (int, error) {
	s := strings.TrimSpace(rawString(raw))
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		return max(n, 0), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f > math.MaxInt32*1e3 {
		return 0, errors.New("not a number")
	}
	return max(int(f), 0), nil
}

func recordFrom(raw json.RawMessage) (Record, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return nil, false
	}
	r := make(Record, len(m))
	for k, v := range m {
		r[k] = rawString(v)
	}
	return r, true
}

// isListEnvelope reports whether obj looks like an IXC listing.
func isListEnvelope(obj map[string]json.RawMessage) bool {
	if _, ok := obj["type"]; ok {
		return false
	}
	for _, k := range []string{"registros", "rows", "total"} {
		if _, ok := obj[k]; ok {
			return true
		}
	}
	return false
}

// decodePage decodes the list envelopes: {"page","total","registros":[…]}
// (registros absent when empty, a single object tolerated) and the
// flexigrid {"page","total","rows":[{"id","cell":[…]}]} whose cells become
// keys "0","1",… plus "id". hasTotal is false when total was absent (it is
// then the number of records).
func decodePage(obj map[string]json.RawMessage) (p *Page, hasTotal bool, err error) {
	p = &Page{}
	if raw, ok := obj["page"]; ok {
		if p.Page, err = rawInt(raw); err != nil {
			return nil, false, &fieldError{field: "page", msg: "page is not a number"}
		}
	}
	if raw, ok := obj["total"]; ok {
		if p.Total, err = rawInt(raw); err != nil {
			return nil, false, &fieldError{field: "total", msg: "total is not a number"}
		}
		hasTotal = true
	}
	if raw, ok := obj["registros"]; ok {
		t := bytes.TrimSpace(raw)
		switch {
		case len(t) == 0 || t[0] == 'n' || t[0] == 'f' || string(t) == `""`:
		case t[0] == '[':
			var items []json.RawMessage
			if json.Unmarshal(t, &items) != nil {
				return nil, false, &fieldError{field: "registros", msg: "registros is not a list"}
			}
			for _, it := range items {
				r, ok := recordFrom(it)
				if !ok {
					return nil, false, &fieldError{field: "registros", msg: "registros holds a value that is not a record"}
				}
				p.Records = append(p.Records, r)
			}
		case t[0] == '{':
			// A single record, or records keyed by index.
			var m map[string]json.RawMessage
			if json.Unmarshal(t, &m) != nil {
				return nil, false, &fieldError{field: "registros", msg: "registros is not a list"}
			}
			allObjects := len(m) > 0
			for _, v := range m {
				if vt := bytes.TrimSpace(v); len(vt) == 0 || vt[0] != '{' {
					allObjects = false
					break
				}
			}
			if allObjects {
				keys := make([]string, 0, len(m))
				for k := range m {
					keys = append(keys, k)
				}
				slices.SortFunc(keys, recid.Compare)
				for _, k := range keys {
					r, _ := recordFrom(m[k])
					p.Records = append(p.Records, r)
				}
			} else {
				r, _ := recordFrom(t)
				p.Records = append(p.Records, r)
			}
		default:
			return nil, false, &fieldError{field: "registros", msg: "registros is not a list"}
		}
	}
	if raw, ok := obj["rows"]; ok {
		t := bytes.TrimSpace(raw)
		if len(t) > 0 && t[0] == '[' {
			var rows []struct {
				ID   json.RawMessage   `json:"id"`
				Cell []json.RawMessage `json:"cell"`
			}
			if json.Unmarshal(t, &rows) != nil {
				return nil, false, &fieldError{field: "rows", msg: "rows is not a list of {id, cell}"}
			}
			for _, row := range rows {
				r := make(Record, len(row.Cell)+1)
				for i, c := range row.Cell {
					r[strconv.Itoa(i)] = rawString(c)
				}
				r["id"] = rawString(row.ID)
				p.Records = append(p.Records, r)
			}
		} else if len(t) > 0 && t[0] != 'n' {
			return nil, false, &fieldError{field: "rows", msg: "rows is not a list"}
		}
	}
	if !hasTotal {
		p.Total = len(p.Records)
	}
	return p, hasTotal, nil
}

// fieldError names the envelope field decodePage could not read.
type fieldError struct{ field, msg string }

func (e *fieldError) Error() string { return e.msg }

// badField is the field a decodePage error names ("" when none).
func badField(err error) string {
	if fe, ok := err.(*fieldError); ok {
		return fe.field
	}
	return ""
}

// decodeList is the whole list decoding path on a raw body (used by List and
// by the fuzz target).
func decodeList(body []byte) (*Page, bool, error) {
	obj, ok := decodeObject(prepareBody(body))
	if !ok {
		return nil, false, errors.New("the answer is not a JSON object")
	}
	if !isListEnvelope(obj) {
		return nil, false, errors.New("the answer has no IXC list envelope")
	}
	return decodePage(obj)
}

// envelope is the generic IXC action/write answer:
// {"type":"success"|"error","message":…,"id":…, …}.
type envelope struct {
	Type    string
	Message string // cleaned
	ID      string // "" when absent
	HasID   bool
	Fields  map[string]json.RawMessage
}

// decodeEnvelope decodes any JSON object answer; it fails only when the body
// is not a JSON object.
func decodeEnvelope(body []byte) (*envelope, error) {
	obj, ok := decodeObject(prepareBody(body))
	if !ok {
		return nil, errors.New("the answer is not a JSON object")
	}
	return envelopeOf(obj), nil
}

func envelopeOf(obj map[string]json.RawMessage) *envelope {
	e := &envelope{Fields: obj}
	if raw, ok := obj["type"]; ok {
		e.Type = strings.ToLower(strings.TrimSpace(rawString(raw)))
	}
	if raw, ok := obj["message"]; ok {
		e.Message = cleanMessage(rawString(raw))
	}
	if raw, ok := obj["id"]; ok {
		e.ID = strings.TrimSpace(rawString(raw))
		e.HasID = e.ID != ""
	}
	return e
}
