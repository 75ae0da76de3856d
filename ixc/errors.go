package ixc

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strconv"
	"strings"
)

// Kind classifies a failure so callers can react without parsing text.
type Kind int

// Failure kinds.
const (
	KindUnknown             Kind = iota
	KindUnreachable              // DNS, connect, timeout
	KindTLS                      // certificate not trusted, handshake failure
	KindNotIXC                   // HTML page, 404, non-JSON, no IXC envelope
	KindTokenRejected            // 401, 403
	KindIPNotAllowed             // "Seu IP não está liberado…"
	KindResourceUnavailable      // "Recurso X não está disponível!"
	KindPermissionDenied         // the user's group may not use the table
	KindBusiness                 // type:error with HTTP 200
	KindProcessing               // red HTML div "Ocorreu um erro ao processar"
	KindNotFound                 // Get found no record
	KindServer                   // other 5xx, 504 after retries
	// KindInvalidQuery is a list the client refused to send, a bug in the
	// caller (not a network or IXC failure): a filter whose main value is
	// empty, which IXC would answer with the whole table. Nothing was sent.
	KindInvalidQuery
)

var kindNames = [...]string{
	KindUnknown:             "unknown",
	KindUnreachable:         "unreachable",
	KindTLS:                 "tls",
	KindNotIXC:              "not-ixc",
	KindTokenRejected:       "token-rejected",
	KindIPNotAllowed:        "ip-not-allowed",
	KindResourceUnavailable: "resource-unavailable",
	KindPermissionDenied:    "permission-denied",
	KindBusiness:            "business",
	KindProcessing:          "processing",
	KindNotFound:            "not-found",
	KindServer:              "server",
	KindInvalidQuery:        "invalid-query",
}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

var kindText = [...]string{
	KindUnknown:             "request failed",
	KindUnreachable:         "IXC server unreachable",
	KindTLS:                 "TLS/certificate problem",
	KindNotIXC:              "the address does not answer as an IXC webservice",
	KindTokenRejected:       "token rejected",
	KindIPNotAllowed:        "IP not allowed for this IXC user",
	KindResourceUnavailable: "resource not available",
	KindPermissionDenied:    "permission denied",
	KindBusiness:            "IXC refused the operation",
	KindProcessing:          "IXC processing error",
	KindNotFound:            "record not found",
	KindServer:              "IXC server error",
	KindInvalidQuery:        "invalid query (a bug; nothing was sent)",
}

// Error is every failure returned by Client methods (except invalid
// arguments detected before any request, which are Kind KindUnknown too).
// Its text holds the operation, HTTP method, table, status and IXC's
// message, never the token.
type Error struct {
	Kind    Kind
	Op      string // list, count, get, each, insert, update, replace, delete
	Method  string // HTTP method, when a request was made
	Table   string
	Status  int    // HTTP status, 0 when no response
	Message string // IXC's message (cleaned), or a description
	Timeout bool   // the request timed out (client side or 504)
	Err     error  // underlying error (redacted text), if any
	// Why details a KindNotIXC failure, so that a message in the user's
	// language can say what was wrong without parsing Message.
	Why Why
	// Where is the server's own words beside IXC's: the Location of a
	// redirect, the <title> of an HTML page, or the envelope field that
	// could not be read (WhyNoEnvelope); for KindInvalidQuery, the field
	// whose filter has no value; "" when none.
	Where string
	// ID is the record id a KindNotFound looked for.
	ID string
}

// Why details what made an answer not an IXC answer.
type Why int

// The details of KindNotIXC.
const (
	WhyNone       Why = iota
	WhyHTTPStatus     // an HTTP status IXC does not send (404, 400, …), Where: the page title
	WhyIXCStatus      // an IXC error envelope with an unexpected HTTP status (Message: IXC's)
	WhyRedirect       // a 3xx redirect, Where: its Location
	WhyNotJSON        // 2xx, but not JSON
	WhyHTMLPage       // 2xx, an HTML page (a login page, a proxy), Where: its title
	WhyEmpty          // 2xx with an empty body where IXC sends an envelope
	WhyNoEnvelope     // JSON, but not IXC's list or result envelope
	WhyBadPaging      // the server does not page like IXC (repeats a page, ignores "page")
	WhyTooLarge       // larger than MaxAnswer (wraps ErrTooLarge)
)

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("ixc: ")
	b.WriteString(e.Op)
	if e.Table != "" {
		b.WriteString(" ")
		b.WriteString(e.Table)
	}
	if e.Method != "" {
		b.WriteString(" (")
		b.WriteString(e.Method)
		b.WriteString(")")
	}
	b.WriteString(": ")
	if e.Status != 0 {
		b.WriteString("HTTP ")
		b.WriteString(strconv.Itoa(e.Status))
		b.WriteString(": ")
	}
	if int(e.Kind) >= 0 && int(e.Kind) < len(kindText) {
		b.WriteString(kindText[e.Kind])
	} else {
		b.WriteString(e.Kind.String())
	}
	if e.Timeout && e.Kind == KindUnreachable {
		b.WriteString(" (timeout)")
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of err (KindUnknown for nil or foreign errors).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindUnknown
}

// IsTimeout reports whether err is an *Error marked as a timeout.
func IsTimeout(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Timeout
}

// redacted wraps an underlying error whose text has been scrubbed of the
// token; Unwrap still reaches the original for errors.Is/As.
type redacted struct {
	msg string
	err error
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }

// classifyTransport maps a transport-level error to a Kind. timedOut is
// set when the per-request deadline fired.
func classifyTransport(err error, timedOut bool) (Kind, bool) {
	var (
		certErr  *tls.CertificateVerificationError
		unkAuth  x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		invalid  x509.CertificateInvalidError
		recErr   tls.RecordHeaderError
		alertErr tls.AlertError
		netErr   net.Error
	)
	switch {
	case errors.As(err, &certErr), errors.As(err, &unkAuth), errors.As(err, &hostErr),
		errors.As(err, &invalid), errors.As(err, &recErr), errors.As(err, &alertErr):
		return KindTLS, false
	}
	if timedOut || errors.Is(err, context.DeadlineExceeded) {
		return KindUnreachable, true
	}
	if errors.As(err, &netErr) && netErr.Timeout() {
		return KindUnreachable, true
	}
	msg := err.Error()
	if strings.Contains(msg, "HTTP response to HTTPS client") {
		return KindTLS, false
	}
	if strings.Contains(msg, "x509:") || strings.Contains(msg, "tls:") {
		return KindTLS, false
	}
	return KindUnreachable, false
}

// classifyMessage maps an IXC {"type":"error"} message to a Kind.
func classifyMessage(msg string) Kind {
	m := foldAccents(strings.ToLower(msg))
	switch {
	case strings.Contains(m, "seu ip") && strings.Contains(m, "liberado"):
		return KindIPNotAllowed
	case strings.Contains(m, "recurso") && strings.Contains(m, "disponivel"):
		return KindResourceUnavailable
	case strings.Contains(m, "permiss"), strings.Contains(m, "nao tem acesso"),
		strings.Contains(m, "sem acesso"), strings.Contains(m, "acesso negado"),
		strings.Contains(m, "not allowed to"), strings.Contains(m, "no tiene acceso"):
		return KindPermissionDenied
	}
	return KindBusiness
}

var accentFolder = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ã", "a", "ä", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i",
	"ó", "o", "ò", "o", "ô", "o", "õ", "o", "ö", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u",
	"ç", "c", "ñ", "n",
	"Á", "a", "À", "a", "Â", "a", "Ã", "a",
	"É", "e", "Ê", "e", "Í", "i", "Ó", "o", "Ô", "o", "Õ", "o", "Ú", "u", "Ç", "c",
)

func foldAccents(s string) string { return accentFolder.Replace(s) }
