package ixc

import (
	"context"
	"time"
)

// Reader is the read-only view of a Client. It is a struct, not an
// interface, so it cannot be type-asserted back to a writer: code holding a
// Reader can only read.
type Reader struct{ c *Client }

// List fetches one page (see Client.List).
func (r *Reader) List(ctx context.Context, q Query) (*Page, error) { return r.c.List(ctx, q) }

// Count returns how many rows match (see Client.Count).
func (r *Reader) Count(ctx context.Context, table string, filter ...Cond) (int, error) {
	return r.c.Count(ctx, table, filter...)
}

// Get reads one record (see Client.Get).
func (r *Reader) Get(ctx context.Context, table, id string) (Record, error) {
	return r.c.Get(ctx, table, id)
}

// Each pages through every matching row (see Client.Each).
func (r *Reader) Each(ctx context.Context, q Query, fn func(Record) error) error {
	return r.c.Each(ctx, q, fn)
}

// All collects every matching row (see Client.All).
func (r *Reader) All(ctx context.Context, q Query) ([]Record, error) { return r.c.All(ctx, q) }

// Probe is the connection test (Client.Probe).
func (r *Reader) Probe(ctx context.Context, table string) (*Page, error) {
	return r.c.Probe(ctx, table)
}

// ProbeBudget is the time Probe may take in total (Client.ProbeBudget).
func (r *Reader) ProbeBudget() time.Duration { return r.c.ProbeBudget() }

// BaseURL is the normalized base URL.
func (r *Reader) BaseURL() string { return r.c.BaseURL() }

// User is the token's IXC user id.
func (r *Reader) User() string { return r.c.User() }
