package ixc

import (
	"context"
	"encoding/json"
	"maps"
)

// Writes are NEVER retried automatically: after a timeout on a create, the
// caller must look again before retrying.

func (c *Client) write(ctx context.Context, op, method, table, id string, rec Record) (*envelope, error) {
	if err := checkTable(op, table); err != nil {
		return nil, err
	}
	path := "/" + table
	if id != "" || method != "POST" {
		if err := checkID(op, table, id); err != nil {
			return nil, err
		}
		path += "/" + id
	}
	var body []byte
	if rec != nil {
		m := map[string]string(rec)
		body, _ = json.Marshal(m)
	}
	rep, err := c.do(ctx, call{op: op, method: method, table: table, path: path, body: body})
	if err != nil {
		return nil, err
	}
	if rep.obj == nil {
		if method == "DELETE" {
			return &envelope{Type: "success"}, nil
		}
		return nil, &Error{Kind: KindNotIXC, Op: op, Method: method, Table: table, Status: rep.status, Message: "the answer is empty", Why: WhyEmpty}
	}
	env := envelopeOf(rep.obj)
	if env.Type != "success" && !(method == "DELETE" && env.Type == "") {
		return nil, &Error{Kind: KindNotIXC, Op: op, Method: method, Table: table, Status: rep.status, Why: WhyNoEnvelope,
			Message: "the answer has no IXC result envelope (type/message)"}
	}
	return env, nil
}

// Insert creates a record (POST /TABLE) and returns its id as a string,
// whether IXC sent it as a string or a number. If IXC reports success without
// an id, the id is "" and err is nil (the record was created).
func (c *Client) Insert(ctx context.Context, table string, rec Record) (string, error) {
	if rec == nil {
		rec = Record{}
	}
	env, err := c.write(ctx, "insert", "POST", table, "", rec)
	if err != nil {
		return "", err
	}
	return env.ID, nil
}

// Update reads the full record, overlays changes, PUTs the FULL record (IXC
// rejects or drops partial bodies) and returns the record as it was before.
func (c *Client) Update(ctx context.Context, table, id string, changes Record) (Record, error) {
	before, err := c.Get(ctx, table, id)
	if err != nil {
		if e, ok := err.(*Error); ok && e.Op == "get" {
			e2 := *e
			e2.Op = "update"
			return nil, &e2
		}
		return nil, err
	}
	full := maps.Clone(before)
	maps.Copy(full, changes)
	if err := c.Replace(ctx, table, id, full); err != nil {
		if e, ok := err.(*Error); ok {
			e2 := *e
			e2.Op = "update"
			return nil, &e2
		}
		return nil, err
	}
	return before, nil
}

// Replace PUTs full as given (PUT /TABLE/ID).
func (c *Client) Replace(ctx context.Context, table, id string, full Record) error {
	if full == nil {
		full = Record{}
	}
	_, err := c.write(ctx, "replace", "PUT", table, id, full)
	return err
}

// Delete removes a record (DELETE /TABLE/ID, no body).
func (c *Client) Delete(ctx context.Context, table, id string) error {
	_, err := c.write(ctx, "delete", "DELETE", table, id, nil)
	return err
}
