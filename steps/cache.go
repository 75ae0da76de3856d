package steps

import (
	"context"
	"strings"
	"sync"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// ReadCache keeps what an audit read so that the next audit of the same
// session reads only what changed: the products, the links (and so the
// entitlement) and the auth table, each under the key of what it was read
// for. Whoever writes to IXC calls Invalidate; a re-check after a fix made
// by hand in IXC calls ForgetAuth (the auth table is read again, the rest
// kept). A nil *ReadCache caches nothing. Safe for concurrent use.
type ReadCache struct {
	mu       sync.Mutex
	products map[string]*ProductData
	links    map[string]*LinkData
	auth     map[profile.AuthMethod]*authData
	dups     map[string][]Finding
	active   map[string]*Entitlement
}

// NewReadCache returns an empty cache.
func NewReadCache() *ReadCache { return &ReadCache{} }

// Invalidate forgets everything: IXC was written to.
func (c *ReadCache) Invalidate() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.products, c.links, c.auth, c.dups, c.active = nil, nil, nil, nil, nil
}

// ForgetAuth forgets the auth tables read (customers, logins, employees);
// the products and the links are kept.
func (c *ReadCache) ForgetAuth() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.auth = nil
}

func cacheKey(parts ...[]string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(strings.Join(p, ","))
		b.WriteByte('|')
	}
	return b.String()
}

func cached[K comparable, V any](c *ReadCache, m *map[K]V, k K, load func() (V, error)) (V, error) {
	if c == nil {
		return load()
	}
	c.mu.Lock()
	v, ok := (*m)[k]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[k] = v
	c.mu.Unlock()
	return v, nil
}

func (c *ReadCache) loadProducts(ctx context.Context, r *ixc.Reader, ids []string) (*ProductData, error) {
	if c == nil {
		return loadProducts(ctx, r, ids)
	}
	return cached(c, &c.products, cacheKey(uniqueSorted(ids)), func() (*ProductData, error) { return loadProducts(ctx, r, ids) })
}

func (c *ReadCache) loadLinks(ctx context.Context, r *ixc.Reader, products, plans, contracts []string, today string) (*LinkData, error) {
	if c == nil {
		return loadLinks(ctx, r, products, plans, contracts, today)
	}
	k := cacheKey(uniqueSorted(products), uniqueSorted(plans), uniqueSorted(contracts), []string{today})
	return cached(c, &c.links, k, func() (*LinkData, error) { return loadLinks(ctx, r, products, plans, contracts, today) })
}

func (c *ReadCache) loadAuth(ctx context.Context, r *ixc.Reader, method profile.AuthMethod) (*authData, error) {
	if c == nil {
		return loadAuth(ctx, r, method)
	}
	return cached(c, &c.auth, method, func() (*authData, error) { return loadAuth(ctx, r, method) })
}

func (c *ReadCache) checkDuplicates(ctx context.Context, r *ixc.Reader, configured []string, found map[string]ixc.Record, today string) ([]Finding, error) {
	if c == nil {
		return checkDuplicates(ctx, r, configured, found, today)
	}
	var foundIDs []string
	for id := range found {
		foundIDs = append(foundIDs, id)
	}
	k := cacheKey(uniqueSorted(configured), uniqueSorted(foundIDs), []string{today})
	return cached(c, &c.dups, k, func() ([]Finding, error) { return checkDuplicates(ctx, r, configured, found, today) })
}

func (c *ReadCache) activeContracts(ctx context.Context, r *ixc.Reader) (*Entitlement, error) {
	if c == nil {
		return activeContracts(ctx, r)
	}
	return cached(c, &c.active, "", func() (*Entitlement, error) { return activeContracts(ctx, r) })
}
