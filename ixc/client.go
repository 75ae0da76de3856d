package ixc

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-resty/resty/v2"
)

// Options configures a Client. The waits are explained in
// docs/architecture.md ("Timeouts").
type Options struct {
	BaseURL     string // raw; normalized by New with NormalizeURL
	Token       Token  // required
	InsecureTLS bool   // skip certificate verification
	CACertFile  string // PEM file added to the system roots
	// AllowHTTP accepts plain http to any host, not only loopback (a LAN
	// IXC): the token then crosses the network in clear text, and the
	// caller must say so to the user (PlainHTTP tells when).
	AllowHTTP bool
	// DialContext, when set, opens every connection instead of the
	// default dialer (tests map a LAN name such as "ixc.lan" onto a
	// loopback listener with it; nothing else should need it).
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Timeout bounds the wait for an answer to start (its status line and
	// headers), per attempt; default 60s: a loaded IXC computes a
	// 1,000-row page before it sends the first byte.
	Timeout time.Duration
	// ConnectTimeout bounds opening a connection (DNS, TCP, TLS); default
	// 10s.
	ConnectTimeout time.Duration
	// StallTimeout cuts an answer whose body sends no byte for this long
	// (a stalled transfer); default 30s. A transfer that keeps moving is
	// never cut, however long the page.
	StallTimeout time.Duration
	// ProbeBudget bounds Probe in total, retries included; default 20s.
	ProbeBudget time.Duration
	// RetryBase and RetryCap shape the read retries' backoff: attempt n
	// waits RetryBase·2ⁿ capped at RetryCap, with jitter in [d/2, d];
	// defaults 200ms and 3s (tests use a few milliseconds).
	RetryBase, RetryCap time.Duration
	Concurrency         int                // pages in flight for Each; default 4
	PageSize            int                // rows per page for Each; default 1000; shrinks on 504/timeout down to 50
	MaxRetries          int                // read retries; default 3 (backoff with jitter, honours ctx); <0 disables
	Transport           http.RoundTripper  // optional (tests, fault injection); TLS, dial and connect options then do not apply
	OnResponse          func(ResponseInfo) // optional hook called once per HTTP exchange
	// RetryProcessing makes reads also retry IXC's red "Ocorreu um erro ao
	// processar" div when it comes with HTTP 5xx: on a read it is a
	// transient server failure (an overloaded PHP worker), and retrying a
	// read is harmless. Writes never retry.
	RetryProcessing bool
	// UserAgent is sent with every request (default "ixc-leveduca"); the
	// program puts its version there, e.g. "ixc-leveduca/1.2.0".
	UserAgent string
}

// ResponseInfo describes one HTTP exchange (for metrics and benchmarks).
type ResponseInfo struct {
	Method, Table string
	Status        int // 0 when no response arrived
	Bytes         int64
	Duration      time.Duration
	Err           error // the classified error of this exchange, if any
}

// Defaults.
const (
	DefaultTimeout        = 60 * time.Second
	DefaultConnectTimeout = 10 * time.Second
	DefaultStallTimeout   = 30 * time.Second
	DefaultProbeBudget    = 20 * time.Second
	DefaultRetryBase      = 200 * time.Millisecond
	DefaultRetryCap       = 3 * time.Second
	DefaultConcurrency    = 4
	DefaultPageSize       = 1000
	DefaultMaxRetries     = 3
	MinPageSize           = 50
)

// Client talks to one IXC webservice with one token. It is safe for
// concurrent use.
type Client struct {
	base        string
	token       Token
	rc          *resty.Client
	timeout     time.Duration
	stall       time.Duration
	probeBudget time.Duration
	concurrency int
	pageSize    int
	maxRetries  int
	retryProc   bool
	onResponse  func(ResponseInfo)
	// inflight bounds the HTTP exchanges in flight across the whole client
	// (every Each, Get and probe shares it): the politeness limit.
	inflight *inflightSlots
	bodies   chan *bytes.Buffer // free response buffers (getBody)

	// answered is set once IXC has sent any answer: before that a refused
	// connection means nothing listens there (fail at once); after it, a
	// restarting web server (retry).
	answered atomic.Bool

	retryBase, retryCap time.Duration
	minPage             int
}

type nopLogger struct{}

func (nopLogger) Errorf(string, ...interface{}) {}
func (nopLogger) Warnf(string, ...interface{})  {}
func (nopLogger) Debugf(string, ...interface{}) {}

// New validates opts and builds a Client. It does no network I/O. Errors are
// *URLError, *TokenError or *CAFileError.
func New(opts Options) (*Client, error) {
	base, err := URLPolicy{AllowHTTP: opts.AllowHTTP}.Normalize(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	if opts.Token.IsZero() {
		return nil, &TokenError{Reason: "no token was given; paste it as IXC shows it (id:hash)",
			ReasonPT: "nenhum token foi informado; cole-o como o IXC o mostra (id:hash)"}
	}
	c := &Client{
		base:        base,
		token:       opts.Token,
		timeout:     opts.Timeout,
		concurrency: opts.Concurrency,
		pageSize:    opts.PageSize,
		maxRetries:  opts.MaxRetries,
		retryProc:   opts.RetryProcessing,
		onResponse:  opts.OnResponse,
		stall:       cmp.Or(max(opts.StallTimeout, 0), DefaultStallTimeout),
		probeBudget: cmp.Or(max(opts.ProbeBudget, 0), DefaultProbeBudget),
		retryBase:   cmp.Or(max(opts.RetryBase, 0), DefaultRetryBase),
		retryCap:    cmp.Or(max(opts.RetryCap, 0), DefaultRetryCap),
		minPage:     MinPageSize,
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.retryCap < c.retryBase {
		c.retryCap = c.retryBase
	}
	if c.concurrency <= 0 {
		c.concurrency = DefaultConcurrency
	}
	if c.pageSize <= 0 {
		c.pageSize = DefaultPageSize
	}
	c.inflight = newInflightSlots(c.concurrency)
	// Every exchange in flight and every page being decoded holds one (an
	// Each decodes while up to twice Concurrency pages are launched).
	c.bodies = make(chan *bytes.Buffer, 3*c.concurrency)
	if c.pageSize < c.minPage {
		c.minPage = c.pageSize
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}

	rt := opts.Transport
	if rt == nil {
		tlsConf := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: opts.InsecureTLS} //nolint:gosec // explicit user choice
		if opts.CACertFile != "" {
			pool, err := readCAFile(opts.CACertFile)
			if err != nil {
				return nil, err
			}
			tlsConf.RootCAs = pool
		}
		connect := cmp.Or(max(opts.ConnectTimeout, 0), DefaultConnectTimeout)
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = tlsConf
		tr.MaxIdleConnsPerHost = c.concurrency * 2
		tr.TLSHandshakeTimeout = connect
		dial := opts.DialContext
		if dial == nil {
			dial = (&net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}).DialContext
		}
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			dctx, cancel := context.WithTimeout(ctx, connect)
			defer cancel()
			return dial(dctx, network, addr)
		}
		rt = tr
	}
	hc := &http.Client{
		Transport: rt,
		// Never follow redirects: a redirected POST would turn into a GET,
		// and a redirect to a login page is reported as KindNotIXC.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	rc := resty.NewWithClient(hc)
	rc.SetLogger(nopLogger{})
	rc.SetDisableWarn(true)
	rc.SetDebug(false)
	rc.SetRetryCount(0)
	rc.SetAllowGetMethodPayload(true)
	rc.SetDoNotParseResponse(true) // once reads the body itself, into a pooled buffer
	ua := opts.UserAgent
	if ua == "" {
		ua = "ixc-leveduca"
	}
	rc.SetHeader("User-Agent", ua)
	c.rc = rc
	return c, nil
}

// BaseURL is the normalized base, ending in /webservice/v1.
func (c *Client) BaseURL() string { return c.base }

// User is the token's IXC user id.
func (c *Client) User() string { return c.token.User() }

// Reader returns the read-only view of c.
func (c *Client) Reader() *Reader { return &Reader{c: c} }

// call describes one logical API operation.
type call struct {
	op     string
	method string
	table  string
	path   string // after the base, e.g. "/cliente" or "/cliente/12"
	body   []byte // JSON, nil for none
	listar bool
	read   bool // retried on transport errors and 5xx
	// splittable: a 504 or timeout is returned at once (no retry) because
	// the caller will split the page.
	splittable bool
	// page: the answer should be a list page; it is then decoded in one
	// pass (fastPage) keeping only the fields in keep (nil: all).
	page bool
	keep map[string]bool
}

// reply is a successful exchange.
type reply struct {
	status int
	obj    map[string]json.RawMessage // nil when the body was empty
	// list is set when a page call's answer took the one-pass decoder;
	// obj is then nil.
	list     *Page
	hasTotal bool
}

// getBody returns a response buffer: a page is read into a recycled buffer,
// decoded, and the buffer goes back (putBody), so memory stays bounded by the
// pages in flight rather than growing with every page read. The free list is
// the client's own, not a sync.Pool, which every garbage collection empties:
// a collection every few pages would otherwise mean allocating and zeroing a
// fresh multi-megabyte buffer for most pages.
func (c *Client) getBody() *bytes.Buffer {
	select {
	case b := <-c.bodies:
		b.Reset()
		return b
	default:
		return new(bytes.Buffer)
	}
}

// putBody hands a buffer back (dropped when the free list is full or the
// buffer is larger than an ordinary page: a 1,000-row page of IXC's widest
// tables is about 3.5 MB, and the list lives as long as the client).
func (c *Client) putBody(b *bytes.Buffer) {
	if b.Cap() > 16<<20 {
		return
	}
	select {
	case c.bodies <- b:
	default:
	}
}

// MaxAnswer is the largest answer accepted: a 1,000-row page of IXC's
// widest tables is about 3.5 MB, so anything near this is not a listing.
const MaxAnswer = 64 << 20

// ErrTooLarge is wrapped by the *Error (Kind KindNotIXC) of an answer larger
// than MaxAnswer. Such an answer is refused while it is read (never
// reserved by its Content-Length) and never retried.
var ErrTooLarge = errors.New("the answer is larger than 64 MiB")

var (
	tableRE = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	idRE    = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

func checkTable(op, table string) error {
	if !tableRE.MatchString(table) {
		return &Error{Kind: KindUnknown, Op: op, Table: truncate(table, 40), Message: "invalid table name (letters, digits and '_' only)"}
	}
	return nil
}

func checkID(op, table, id string) error {
	if !idRE.MatchString(id) {
		return &Error{Kind: KindUnknown, Op: op, Table: table, Message: "invalid record id " + fmt.Sprintf("%q", truncate(id, 30))}
	}
	return nil
}

// do runs c with retries (reads only) and classification.
func (c *Client) do(ctx context.Context, cl call) (*reply, error) {
	retries := 0
	if cl.read {
		retries = c.maxRetries
	}
	for attempt := 0; ; attempt++ {
		rep, err := c.once(ctx, cl)
		if err == nil {
			return rep, nil
		}
		if attempt >= retries || !(c.retryable(err, cl) || c.retryProc && processing5xx(err)) || ctx.Err() != nil {
			return nil, err
		}
		if werr := c.sleep(ctx, attempt); werr != nil {
			return nil, err
		}
	}
}

func (c *Client) retryable(err error, cl call) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	if cl.splittable && (e.Timeout || e.Status == http.StatusGatewayTimeout) {
		return false
	}
	switch e.Kind {
	case KindServer:
		return true
	case KindUnreachable:
		var dnsErr *net.DNSError
		if errors.As(e, &dnsErr) && dnsErr.IsNotFound {
			return false
		}
		// Nothing listening at an address that never answered: a
		// wrong port, not a hiccup; waiting for retries only delays
		// the message.
		if errors.Is(e, syscall.ECONNREFUSED) && !c.answered.Load() {
			return false
		}
		return true
	}
	return false
}

// processing5xx reports whether err is IXC's red processing div served
// with an HTTP 5xx status.
func processing5xx(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == KindProcessing && e.Status >= 500
}

func (c *Client) sleep(ctx context.Context, attempt int) error {
	d := c.retryBase << attempt
	if d > c.retryCap || d <= 0 {
		d = c.retryCap
	}
	// Jitter: uniformly in [d/2, d].
	if half := int64(d / 2); half > 0 {
		d = d/2 + time.Duration(rand.Int64N(half+1))
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// once performs one HTTP exchange and classifies it.
func (c *Client) once(ctx context.Context, cl call) (*reply, error) {
	mk := func(kind Kind, status int, msg string) *Error {
		return &Error{Kind: kind, Op: cl.op, Method: cl.method, Table: cl.table, Status: status, Message: c.token.Redact(msg)}
	}
	if ctx.Err() != nil {
		return nil, c.ctxError(ctx, mk)
	}
	// The politeness bound: at most Concurrency exchanges in flight for the
	// whole client, held from the request until the body is read (decoding
	// happens outside it). The timeout starts once the exchange has its
	// slot: waiting behind other pages is not IXC being slow.
	if err := c.inflight.acquire(ctx); err != nil {
		return nil, c.ctxError(ctx, mk)
	}
	released := false
	release := func() {
		if !released {
			released = true
			c.inflight.release()
		}
	}
	defer release()
	// Two waits, each cancelling the exchange: Timeout for the answer to
	// start, then StallTimeout between bytes of its body. A page that
	// keeps arriving is never cut, a silent one is.
	actx, cancel := context.WithCancel(ctx)
	defer cancel()
	var waited atomic.Int32 // 0, or which wait expired: 1 the answer, 2 a stall
	expire := func(which int32) func() {
		return func() {
			waited.CompareAndSwap(0, which)
			cancel()
		}
	}
	headTimer := time.AfterFunc(c.timeout, expire(1))
	defer headTimer.Stop()

	req := c.rc.R().SetContext(actx).
		SetHeader("Authorization", c.token.AuthorizationHeader()).
		SetHeader("Content-Type", "application/json").
		SetHeader("Accept", "application/json, text/x-json")
	if cl.listar {
		req.SetHeader("ixcsoft", "listar")
	}
	if cl.body != nil {
		req.SetBody(cl.body)
	}
	start := time.Now()
	resp, err := req.Execute(cl.method, c.base+cl.path)
	buf := c.getBody()
	defer c.putBody(buf)
	if err == nil {
		headTimer.Stop()
		c.answered.Store(true)
		stallTimer := time.AfterFunc(c.stall, expire(2))
		err = readBody(resp, buf, stallTimer, c.stall)
		stallTimer.Stop()
	} else if resp != nil && resp.RawBody() != nil {
		_ = resp.RawBody().Close()
	}
	release()
	dur := time.Since(start)

	var (
		rep    *reply
		outErr *Error
		status int
		size   int64
	)
	if err != nil {
		switch perr := ctx.Err(); {
		case errors.Is(err, ErrTooLarge):
			status = resp.StatusCode()
			outErr = mk(KindNotIXC, status, "")
			outErr.Why = WhyTooLarge
			outErr.Err = ErrTooLarge
		case perr != nil:
			outErr = c.ctxError(ctx, mk)
		case waited.Load() != 0:
			w := &WaitError{What: WaitAnswer, Limit: c.timeout}
			if waited.Load() == 2 {
				w.What, w.Limit = WaitStall, c.stall
			}
			outErr = mk(KindUnreachable, 0, "")
			outErr.Timeout = true
			outErr.Err = w
		default:
			kind, timeout := classifyTransport(err, false)
			outErr = mk(kind, 0, "")
			outErr.Timeout = timeout
			outErr.Err = &redacted{msg: c.token.Redact(err.Error()), err: err}
		}
	} else {
		status = resp.StatusCode()
		body := buf.Bytes()
		size = int64(len(body))
		rep, outErr = c.interpret(cl, status, resp.Header(), body, mk)
	}
	if c.onResponse != nil {
		info := ResponseInfo{Method: cl.method, Table: cl.table, Status: status, Bytes: size, Duration: dur}
		if outErr != nil {
			info.Err = outErr
		}
		c.onResponse(info)
	}
	if outErr != nil {
		return nil, outErr
	}
	return rep, nil
}

// interpret classifies an HTTP answer.
func (c *Client) interpret(cl call, status int, hdr http.Header, raw []byte, mk func(Kind, int, string) *Error) (*reply, *Error) {
	// The common case of a list page: a 2xx JSON list envelope. A body with
	// no '<' cannot be IXC's red <div>, and fastPage accepts only envelopes
	// without "type", so this gives what the general path below would.
	if cl.page && status >= 200 && status < 300 && bytes.IndexByte(raw, '<') < 0 {
		if p, ht, ok := fastPage(raw, cl.keep); ok {
			return &reply{status: status, list: p, hasTotal: ht}, nil
		}
	}
	body := prepareBody(raw)
	obj, isJSON := decodeObject(body)
	var env *envelope
	if isJSON {
		env = envelopeOf(obj)
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		msg := ""
		if env != nil {
			msg = env.Message
		}
		return nil, mk(KindTokenRejected, status, msg)
	}
	if msg, ok := processingMessage(body); ok {
		return nil, mk(KindProcessing, status, msg)
	}
	if env != nil && env.Type == "error" {
		e := mk(classifyMessage(env.Message), status, env.Message)
		if status >= 500 && e.Kind == KindBusiness {
			e.Kind = KindServer
		}
		return nil, e
	}
	switch {
	case status == http.StatusNotFound:
		e := mk(KindNotIXC, status, "not found (check the address; lists need the header \"ixcsoft: listar\")")
		e.Why = WhyHTTPStatus
		return nil, e
	case status >= 300 && status < 400:
		loc := truncate(c.token.Redact(hdr.Get("Location")), 120)
		msg := "the server redirects"
		if loc != "" {
			msg += " to " + loc + " (use that address)"
		}
		e := mk(KindNotIXC, status, msg)
		e.Why, e.Where = WhyRedirect, loc
		return nil, e
	case status == http.StatusTooManyRequests || status >= 500:
		e := mk(KindServer, status, "")
		if env != nil {
			e.Message = c.token.Redact(env.Message)
		}
		e.Timeout = status == http.StatusGatewayTimeout
		return nil, e
	case status < 200 || status >= 300:
		msg, title := "", ""
		if env != nil {
			msg = env.Message
		} else if title = htmlTitle(body, c.token.Redact); title != "" {
			msg = title
		}
		e := mk(KindNotIXC, status, msg)
		e.Why, e.Where = WhyHTTPStatus, title
		if env != nil {
			e.Why = WhyIXCStatus
		}
		return nil, e
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return &reply{status: status}, nil
	}
	if !isJSON {
		msg, why, t := "the answer is not JSON", WhyNotJSON, htmlTitle(body, c.token.Redact)
		if t != "" {
			msg, why = "the answer is an HTML page ("+t+")", WhyHTMLPage
		} else if strings.HasPrefix(strings.TrimSpace(string(body)), "<") {
			msg, why = "the answer is an HTML page", WhyHTMLPage
		}
		e := mk(KindNotIXC, status, msg)
		e.Why, e.Where = why, t
		return nil, e
	}
	return &reply{status: status, obj: obj}, nil
}

// readBody reads the whole answer into buf (at most MaxAnswer bytes) and
// closes it. A Content-Length above MaxAnswer is refused before reading; a
// smaller one reserves nothing (a server may announce what it never
// sends): the buffer grows with what arrives. Every read that brings bytes
// resets stall to d.
func readBody(resp *resty.Response, buf *bytes.Buffer, stall *time.Timer, d time.Duration) error {
	rb := resp.RawBody()
	if rb == nil {
		return nil
	}
	defer rb.Close()
	if resp.RawResponse.ContentLength > MaxAnswer {
		return ErrTooLarge
	}
	return readCapped(buf, &progressReader{r: rb, t: stall, d: d}, MaxAnswer)
}

// readCapped appends r to buf until EOF, failing with ErrTooLarge as soon as
// more than limit bytes arrived. The buffer grows by doubling but never
// past limit+1 bytes (bytes.Buffer.ReadFrom would reserve twice the cap).
func readCapped(buf *bytes.Buffer, r io.Reader, limit int) error {
	const minGrow = 64 << 10
	for {
		if buf.Available() < 4096 && buf.Cap() < limit+1 {
			nb := make([]byte, buf.Len(), min(max(2*buf.Cap(), minGrow), limit+1))
			copy(nb, buf.Bytes())
			*buf = *bytes.NewBuffer(nb)
		}
		p := buf.AvailableBuffer()
		n, err := r.Read(p[:cap(p)])
		buf.Write(p[:n])
		if buf.Len() > limit {
			return ErrTooLarge
		}
		switch {
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		}
	}
}

// progressReader resets a timer whenever bytes arrive.
type progressReader struct {
	r io.Reader
	t *time.Timer
	d time.Duration
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.t.Reset(p.d)
	}
	return n, err
}
