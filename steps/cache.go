package steps

import (
	"context"
	"slices"
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
	products map[string]*flight[*ProductData]
	links    map[string]*flight[*LinkData]
	auth     map[profile.AuthMethod]*flight[*authData]
	dups     map[string]*flight[[]Finding]
	active   map[string]*flight[*Entitlement]
}

// flight is one read, shared by whoever asks for the same thing while it
// runs (a prefetch and the audit that needs it).
type flight[V any] struct {
	done chan struct{}
	v    V
	err  error
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

// What each kind of read depends on.
var (
	productTables = []string{"produtos", "unidades"}
	linkTables    = []string{"vd_contratos", "vd_contratos_produtos", "cliente_contrato", "cliente_contrato_servicos"}
	authTables    = []string{"cliente", "radusuarios", "funcionarios"}
)

// InvalidateTables forgets what depends on the tables written to: a
// written plan link drops the links, never the customers.
func (c *ReadCache) InvalidateTables(tables ...string) {
	if c == nil {
		return
	}
	hit := func(deps []string) bool {
		for _, t := range tables {
			if slices.Contains(deps, t) {
				return true
			}
		}
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if hit(productTables) {
		c.products = nil
	}
	if hit(linkTables) {
		c.links, c.active = nil, nil
	}
	if hit(productTables) || hit(linkTables) {
		c.dups = nil
	}
	if hit(authTables) {
		c.auth = nil
	}
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

// PrefetchAuth reads the auth table of method into the cache (an audit
// asking for it meanwhile waits for this read rather than starting its
// own). A failed read leaves nothing behind.
func (c *ReadCache) PrefetchAuth(ctx context.Context, r *ixc.Reader, method profile.AuthMethod) {
	if c == nil || method == "" {
		return
	}
	_, _ = c.loadAuth(ctx, r, method)
}

func cacheKey(parts ...[]string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(strings.Join(p, ","))
		b.WriteByte('|')
	}
	return b.String()
}

// cached returns the value under k, waiting for a read of it in flight,
// else reads it (load) and keeps it if the read succeeded.
func cached[K comparable, V any](ctx context.Context, c *ReadCache, m *map[K]*flight[V], k K, load func() (V, error)) (V, error) {
	for {
		c.mu.Lock()
		f, ok := (*m)[k]
		if !ok {
			f = &flight[V]{done: make(chan struct{})}
			if *m == nil {
				*m = map[K]*flight[V]{}
			}
			(*m)[k] = f
			c.mu.Unlock()
			f.v, f.err = load()
			if f.err != nil {
				c.mu.Lock()
				if (*m)[k] == f {
					delete(*m, k)
				}
				c.mu.Unlock()
			}
			close(f.done)
			return f.v, f.err
		}
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
		if f.err == nil {
			return f.v, nil
		}
		// The read waited for failed (a prefetch cancelled): read again.
	}
}

func (c *ReadCache) loadProducts(ctx context.Context, r *ixc.Reader, ids []string) (*ProductData, error) {
	if c == nil {
		return loadProducts(ctx, r, ids)
	}
	return cached(ctx, c, &c.products, cacheKey(uniqueSorted(ids)), func() (*ProductData, error) { return loadProducts(ctx, r, ids) })
}

func (c *ReadCache) loadLinks(ctx context.Context, r *ixc.Reader, products, plans, contracts []string, today string) (*LinkData, error) {
	if c == nil {
		return loadLinks(ctx, r, products, plans, contracts, today)
	}
	k := cacheKey(uniqueSorted(products), uniqueSorted(plans), uniqueSorted(contracts), []string{today})
	return cached(ctx, c, &c.links, k, func() (*LinkData, error) { return loadLinks(ctx, r, products, plans, contracts, today) })
}

func (c *ReadCache) loadAuth(ctx context.Context, r *ixc.Reader, method profile.AuthMethod) (*authData, error) {
	if c == nil {
		return loadAuth(ctx, r, method)
	}
	return cached(ctx, c, &c.auth, method, func() (*authData, error) { return loadAuth(ctx, r, method) })
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
	return cached(ctx, c, &c.dups, k, func() ([]Finding, error) { return checkDuplicates(ctx, r, configured, found, today) })
}

func (c *ReadCache) activeContracts(ctx context.Context, r *ixc.Reader) (*Entitlement, error) {
	if c == nil {
		return activeContracts(ctx, r)
	}
	return cached(ctx, c, &c.active, "", func() (*Entitlement, error) { return activeContracts(ctx, r) })
}
