package ixc

import (
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/ixc-leveduca/ixc-leveduca/recid"
)

// APIPath is the path of the IXC webservice on the server.
const APIPath = "/webservice/v1"

// URLError says why a typed IXC address is unusable and how to fix it.
type URLError struct {
	Input  string // what was typed (credentials removed, truncated)
	Reason string
	// ReasonPT is Reason in Portuguese (pt-BR), for the user-facing message.
	ReasonPT string
	// NeedsAllowHTTP is set when the only problem is plain http to a host
	// that is not loopback: the address works with URLPolicy.AllowHTTP
	// (--allow-http, allow_http = true, or the wizard's confirmation).
	NeedsAllowHTTP bool
}

const (
	malformedEN = "the address is malformed; write it as https://host (for example https://ixc.yourisp.com.br)"
	malformedPT = "o endereço está malformado; escreva-o como https://servidor (por exemplo https://ixc.seuprovedor.com.br)"
)

func (e *URLError) Error() string {
	if e.Input == "" {
		return "invalid IXC address: " + e.Reason
	}
	return "invalid IXC address " + strconv.Quote(e.Input) + ": " + e.Reason
}

var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*://`)

// sanitizeInput removes any user:password@ part and bounds the length, so a
// URLError never echoes credentials.
func sanitizeInput(raw string) string {
	s := strings.TrimSpace(raw)
	rest, pre := s, ""
	if i := strings.Index(s, "://"); i >= 0 {
		pre, rest = s[:i+3], s[i+3:]
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
		rest = "…@" + rest[at+1:]
	}
	return truncate(pre+rest, 120)
}

// NormalizeURL turns what a technician types into
// "https://host[:port]/webservice/v1" (or http for loopback hosts). It
// accepts a host alone, with or without scheme, with or without
// "/webservice/v1", a trailing slash, surrounding spaces, and a pasted UI page
// such as "/adm.php" (dropped). Scheme defaults to https; plain http is
// allowed only for localhost, 127.0.0.0/8 and ::1 (URLPolicy.AllowHTTP
// lifts that). Errors are *URLError.
func NormalizeURL(raw string) (string, error) { return URLPolicy{}.Normalize(raw) }

// URLPolicy says which addresses are acceptable beyond the defaults.
type URLPolicy struct {
	// AllowHTTP accepts plain http to any host (a LAN IXC at
	// http://192.168.x.x): the token then crosses the network in clear
	// text, and every run must say so (PlainHTTP).
	AllowHTTP bool
}

// Normalize is NormalizeURL under p.
func (p URLPolicy) Normalize(raw string) (string, error) {
	in := sanitizeInput(raw)
	fail := func(reason, pt string) (string, error) { return "", &URLError{Input: in, Reason: reason, ReasonPT: pt} }

	s := strings.TrimSpace(raw)
	if s == "" {
		return fail("the address is empty; type the IXC server address, e.g. https://ixc.yourisp.com.br",
			"o endereço está vazio; digite o endereço do servidor IXC, por exemplo https://ixc.seuprovedor.com.br")
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return fail("the address contains spaces; remove them (e.g. https://ixc.yourisp.com.br)",
			"o endereço contém espaços; remova-os (por exemplo https://ixc.seuprovedor.com.br)")
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fail("the address contains control characters; type it again",
				"o endereço contém caracteres de controle; digite-o de novo")
		}
	}
	switch {
	case schemeRE.MatchString(s):
	case strings.HasPrefix(s, "//"):
		s = "https:" + s
	default:
		if i := strings.Index(s, ":"); i > 0 && !strings.Contains(s[:i], ".") && !strings.Contains(s[:i], "/") {
			// "ftp:host", "http:/host": a scheme without "//", or "host:port".
			after := s[i+1:]
			if !recid.Digits(strings.SplitN(strings.SplitN(after, "/", 2)[0], "?", 2)[0]) && !strings.EqualFold(s[:i], "localhost") {
				return fail(malformedEN, malformedPT)
			}
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		if strings.Contains(err.Error(), "port") {
			return fail("the port is not valid; use a number between 1 and 65535, e.g. https://ixc.yourisp.com.br:8443",
				"a porta não é válida; use um número entre 1 e 65535, por exemplo https://ixc.seuprovedor.com.br:8443")
		}
		return fail(malformedEN, malformedPT)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return fail("the scheme \""+truncate(u.Scheme, 10)+"\" is not supported; use https://",
			"o esquema \""+truncate(u.Scheme, 10)+"\" não é aceito; use https://")
	}
	if u.User != nil {
		return fail("remove the \"user:password@\" part; the token is entered separately",
			"remova a parte \"usuário:senha@\"; o token é informado à parte")
	}
	if u.Opaque != "" {
		return fail(malformedEN, malformedPT)
	}
	hostname := u.Hostname()
	if hostname == "" {
		return fail("there is no host name; write it as https://ixc.yourisp.com.br",
			"falta o nome do servidor; escreva como https://ixc.seuprovedor.com.br")
	}
	port := u.Port()
	if strings.HasSuffix(u.Host, ":") {
		return fail("the port after ':' is missing; remove the ':' or add a port number",
			"falta a porta depois de ':'; remova o ':' ou informe o número da porta")
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return fail("the port is not valid; use a number between 1 and 65535",
				"a porta não é válida; use um número entre 1 e 65535")
		}
		port = strconv.Itoa(n)
		if (scheme == "https" && n == 443) || (scheme == "http" && n == 80) {
			port = ""
		}
	}

	host, loopback, reason, reasonPT := normalizeHost(hostname)
	if reason != "" {
		return fail(reason, reasonPT)
	}

	// Path: "", "/", "/webservice/v1[/]", or a UI page such as "/adm.php".
	clean := strings.TrimRight(u.EscapedPath(), "/")
	uiPage := false
	switch {
	case clean == "":
	case strings.EqualFold(clean, APIPath):
	case isUIPage(clean):
		uiPage = true
	case len(clean) > len(APIPath) && strings.EqualFold(clean[:len(APIPath)+1], APIPath+"/"):
		return fail("remove \""+truncate(clean[len(APIPath):], 40)+"\" after /webservice/v1; give only the server address",
			"remova \""+truncate(clean[len(APIPath):], 40)+"\" depois de /webservice/v1; informe só o endereço do servidor")
	default:
		return fail("unexpected path \""+truncate(clean, 40)+"\"; the API lives at /webservice/v1 on the server root, so give only the address, e.g. https://ixc.yourisp.com.br",
			"caminho inesperado \""+truncate(clean, 40)+"\"; a API fica em /webservice/v1 na raiz do servidor, então informe só o endereço, por exemplo https://ixc.seuprovedor.com.br")
	}
	if !uiPage && (u.RawQuery != "" || u.ForceQuery) {
		return fail("remove the \"?…\" part; give only the server address",
			"remova a parte \"?…\"; informe só o endereço do servidor")
	}
	if !uiPage && u.Fragment != "" {
		return fail("remove the \"#…\" part; give only the server address",
			"remova a parte \"#…\"; informe só o endereço do servidor")
	}

	if scheme == "http" && !loopback && !p.AllowHTTP {
		return "", &URLError{Input: in, NeedsAllowHTTP: true,
			Reason:   "plain http is not allowed for " + host + " without --allow-http (allow_http = true in the profile): the token would cross the network in clear text; use https://, or --allow-http knowing that",
			ReasonPT: "http sem criptografia não é permitido para " + host + " sem --allow-http (allow_http = true no perfil): o token atravessaria a rede em texto aberto; use https://, ou --allow-http ciente disso"}
	}

	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host + APIPath, nil
}

// isUIPage reports whether p is a pasted IXC UI page such as "/adm.php".
func isUIPage(p string) bool {
	seg := strings.TrimPrefix(p, "/")
	if strings.Contains(seg, "/") {
		return false
	}
	low := strings.ToLower(seg)
	return strings.HasSuffix(low, ".php") || low == "app" || low == "aplicativo"
}

var labelRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// normalizeHost validates a host name or IP and returns its canonical form
// (lower case, IDNA "xn--" form for unicode names), whether it is loopback, and a
// non-empty reason (in English and Portuguese) when invalid.
func normalizeHost(h string) (host string, loopback bool, reason, reasonPT string) {
	if ip := net.ParseIP(h); ip != nil {
		if ip.IsUnspecified() {
			return "", false, "the address " + h + " is not a server address; use the IXC server's name or IP",
				"o endereço " + h + " não é o de um servidor; use o nome ou o IP do servidor IXC"
		}
		return ip.String(), ip.IsLoopback(), "", ""
	}
	if strings.Contains(h, ":") || strings.Contains(h, "%") {
		return "", false, "the IPv6 address is not valid; write it in brackets, e.g. https://[2001:db8::1]",
			"o endereço IPv6 não é válido; escreva-o entre colchetes, por exemplo https://[2001:db8::1]"
	}
	h = strings.TrimSuffix(h, ".")
	ascii := h
	for i := 0; i < len(h); i++ {
		if h[i] >= 0x80 {
			a, ok := toASCIIHost(h)
			if !ok {
				return "", false, "the host name \"" + truncate(h, 60) + "\" has characters that are not valid in a domain name",
					"o nome \"" + truncate(h, 60) + "\" tem caracteres que não valem num nome de domínio"
			}
			ascii = a
			break
		}
	}
	ascii = strings.ToLower(ascii)
	if len(ascii) > 253 || ascii == "" {
		return "", false, "the host name is not valid (too long or empty)", "o nome do servidor não é válido (longo demais ou vazio)"
	}
	labels := strings.Split(ascii, ".")
	allNum := true
	for _, l := range labels {
		if !labelRE.MatchString(l) {
			return "", false, "the host name \"" + truncate(h, 60) + "\" is not valid; use letters, digits, '-' and '.', e.g. ixc.yourisp.com.br",
				"o nome \"" + truncate(h, 60) + "\" não é válido; use letras, dígitos, '-' e '.', por exemplo ixc.seuprovedor.com.br"
		}
		if !recid.Digits(l) {
			allNum = false
		}
	}
	if allNum {
		return "", false, "\"" + truncate(h, 60) + "\" is not a valid IP address", "\"" + truncate(h, 60) + "\" não é um endereço IP válido"
	}
	loop := ascii == "localhost" || strings.HasSuffix(ascii, ".localhost")
	return ascii, loop, "", ""
}

// PlainHTTP reports whether a normalized base URL sends the token in clear
// text to a host that is not loopback (only possible with
// URLPolicy.AllowHTTP), and returns that host for the warning.
func PlainHTTP(base string) (host string, ok bool) {
	u, err := url.Parse(base)
	if err != nil || !strings.EqualFold(u.Scheme, "http") {
		return "", false
	}
	h := u.Hostname()
	if ip := net.ParseIP(h); ip != nil && ip.IsLoopback() {
		return "", false
	}
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return "", false
	}
	return u.Host, true
}
