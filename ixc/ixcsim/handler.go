package ixcsim

import (
	"crypto/subtle"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/recid"
)

const apiPrefix = "/webservice/v1/"

// redDiv is IXC's generic processing-error body (documented verbatim).
const redDiv = `<div style="margin:40px; padding:30px; background:#FF0000; border:1px solid #000; color:#FFF; font-weight:bold; font-family:Arial, Helvetica, sans-serif; font-size:12px; text-align:center">Ocorreu um erro ao processar. Contate o suporte IXC Soft.</div>`

// unauthorizedPage is the 401 body. The real body is unknown; this is an HTML
// "Authorization Requested" page (choice).
const unauthorizedPage = "<html>\r\n<head><title>401 Authorization Requested</title></head>\r\n<body>\r\n<center><h1>401 Authorization Requested</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

func nginxPage(code int, text string) string {
	t := itoa(code) + " " + text
	return "<html>\r\n<head><title>" + t + "</title></head>\r\n<body>\r\n<center><h1>" + t + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
}

type op int

const (
	opList op = iota
	opInsert
	opUpdate
	opDelete
)

var opVerb = map[op]string{opList: "listar", opInsert: "inserir", opUpdate: "editar", opDelete: "excluir"}

// countingWriter counts body bytes for Stats.BytesOut and remembers the original writer
// (needed to hijack the connection).
type countingWriter struct {
	http.ResponseWriter
	s *Sim
}

func (c countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.s.st.bytesOut.Add(int64(n))
	return n, err
}

func (s *Sim) setIXCHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Server", "nginx")
	h.Set("Expires", "Mon, 26 Jul 1997 05:00:00 GMT")
	h.Set("Last-Modified", time.Now().UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "no-cache, must-revalidate")
	h.Set("Pragma", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("X-XSS-Protection", "1; mode=block")
}

func (s *Sim) writeBody(w http.ResponseWriter, status int, ctype string, body []byte) {
	s.setIXCHeaders(w)
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (s *Sim) writeJSON(w http.ResponseWriter, body []byte) {
	s.writeBody(w, http.StatusOK, "text/x-json; charset=utf-8", body)
}

// writeError answers a business error: HTTP 200 {"type":"error","message":…}.
func (s *Sim) writeError(w http.ResponseWriter, msg string) {
	s.st.errors.Add(1)
	b := []byte(`{"type":"error","message":`)
	b = appendJSONString(b, msg)
	b = append(b, '}')
	s.writeJSON(w, b)
}

func (s *Sim) writeSuccess(w http.ResponseWriter, msg, id string, numericID bool) {
	b := []byte(`{"type":"success","message":`)
	b = appendJSONString(b, msg)
	b = append(b, `,"id":`...)
	if numericID && recid.Digits(id) {
		b = append(b, id...)
	} else {
		b = appendJSONString(b, id)
	}
	b = append(b, '}')
	s.writeJSON(w, b)
}

func (s *Sim) writeRedDiv(w http.ResponseWriter, status int) {
	s.st.errors.Add(1)
	s.writeBody(w, status, "text/html; charset=UTF-8", []byte(redDiv))
}

func (s *Sim) writeHTML(w http.ResponseWriter, status int, page string) {
	s.st.errors.Add(1)
	s.writeBody(w, status, "text/html", []byte(page))
}

// dropConn closes the client connection without any response.
func (s *Sim) dropConn(w http.ResponseWriter) {
	s.st.errors.Add(1)
	if cw, ok := w.(countingWriter); ok {
		w = cw.ResponseWriter
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// preFaults applies the request-level faults. It returns false when the request was
// already answered (or dropped).
func (s *Sim) preFaults(w http.ResponseWriter, r *http.Request) bool {
	s.fmu.Lock()
	f := s.faults
	down := !s.downUntil.IsZero() && time.Now().Before(s.downUntil)
	delay := f.Latency
	if f.Jitter > 0 {
		delay += time.Duration(s.rng.Int63n(int64(f.Jitter)))
	}
	drop := f.DropRate > 0 && s.rng.Float64() < f.DropRate
	fail := f.ErrorRate > 0 && s.rng.Float64() < f.ErrorRate
	s.fmu.Unlock()
	if down {
		s.dropConn(w)
		return false
	}
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return false
		}
	}
	if drop {
		s.dropConn(w)
		return false
	}
	if fail {
		s.writeRedDiv(w, http.StatusInternalServerError)
		return false
	}
	return true
}

// loseWrite reports whether this applied write's response must be lost.
func (s *Sim) loseWrite() bool {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	if s.loseLeft > 0 {
		s.loseLeft--
		return true
	}
	return s.faults.LoseWriteRate > 0 && s.rng.Float64() < s.faults.LoseWriteRate
}

func validTableName(t string) bool {
	if t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// ServeHTTP answers like an IXC Provedor webservice under /webservice/v1/.
func (s *Sim) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	s.st.requests.Add(1)
	w := countingWriter{ResponseWriter: rw, s: s}
	if !strings.HasPrefix(r.URL.Path, apiPrefix) {
		s.writeHTML(w, http.StatusNotFound, nginxPage(404, "Not Found"))
		return
	}
	if !s.preFaults(w, r) {
		return
	}
	rest := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, apiPrefix), "/")
	parts := strings.Split(rest, "/")
	tbl, id := parts[0], ""
	if len(parts) == 2 {
		id = parts[1]
	}
	if len(parts) > 2 || !validTableName(tbl) {
		s.writeHTML(w, http.StatusNotFound, nginxPage(404, "Not Found"))
		return
	}
	listar := false
	for _, v := range r.Header.Values("Ixcsoft") {
		if strings.TrimSpace(v) == "listar" {
			listar = true
		}
	}
	var o op
	switch r.Method {
	case http.MethodGet, http.MethodPost:
		if r.Method == http.MethodGet && !listar {
			// documented: a GET without "ixcsoft: listar" is a 404
			s.writeHTML(w, http.StatusNotFound, nginxPage(404, "Not Found"))
			return
		}
		o = opInsert
		if listar {
			o = opList
		}
		if id != "" {
			s.writeHTML(w, http.StatusNotFound, nginxPage(404, "Not Found"))
			return
		}
	case http.MethodPut:
		o = opUpdate
	case http.MethodDelete:
		o = opDelete
	default:
		s.writeHTML(w, http.StatusMethodNotAllowed, nginxPage(405, "Not Allowed"))
		return
	}

	if h := strings.TrimSpace(r.Header.Get("Authorization")); len(h) >= 7 && strings.EqualFold(h[:7], "bearer ") {
		// IXC takes Basic only; its collection lists 400 for any other
		// scheme ("por exemplo Bearer Auth").
		s.writeHTML(w, http.StatusBadRequest, nginxPage(400, "Bad Request"))
		return
	}
	u := s.authenticate(r)
	if u == nil {
		s.writeHTML(w, http.StatusUnauthorized, unauthorizedPage)
		return
	}
	if !u.ipAllowed(r.RemoteAddr) {
		s.writeError(w, "Seu IP não está liberado para efetuar login!")
		return
	}
	s.mu.RLock()
	_, known := s.tables[tbl]
	s.mu.RUnlock()
	if !known && tbl != viewName {
		s.writeError(w, "Recurso "+tbl+" não está disponível!")
		return
	}
	if !u.allowed(tbl, o) {
		s.st.denied.Add(1)
		// The real wording is not public (ixc-api.md §3.4 "Erro de Permissão"); this pt-BR
		// text is a plausible choice.
		s.writeError(w, "Você não tem permissão para "+opVerb[o]+" registros da tabela "+tbl+"!")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		s.writeRedDiv(w, http.StatusInternalServerError)
		return
	}
	ctype := r.Header.Get("Content-Type")
	switch o {
	case opList:
		s.st.lists.Add(1)
		s.handleList(w, tbl, body, ctype)
	case opInsert:
		s.st.inserts.Add(1)
		s.handleInsert(w, tbl, body, ctype)
	case opUpdate:
		s.st.updates.Add(1)
		s.handleUpdate(w, tbl, id, body, ctype)
	case opDelete:
		s.st.deletes.Add(1)
		s.handleDelete(w, tbl, id)
	}
}

func (s *Sim) authenticate(r *http.Request) *userEntry {
	h := r.Header.Get("Authorization")
	const pfx = "basic "
	if len(h) < len(pfx) || !strings.EqualFold(h[:len(pfx)], pfx) {
		return nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(h[len(pfx):]))
	if err != nil {
		return nil
	}
	id, hash, ok := strings.Cut(string(raw), ":")
	if !ok {
		return nil
	}
	u := s.user(id)
	if u == nil || !u.Active {
		return nil
	}
	if subtle.ConstantTimeCompare([]byte(u.Hash), []byte(hash)) != 1 {
		return nil
	}
	return u
}

func (u *userEntry) ipAllowed(remote string) bool {
	if len(u.AllowedNets) == 0 {
		return true
	}
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	for _, n := range u.nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

func (u *userEntry) allowed(tbl string, o op) bool {
	if u.Perms == nil {
		return true
	}
	p, ok := u.Perms[tbl]
	if !ok {
		return false
	}
	switch o {
	case opList:
		return p.List
	case opInsert:
		return p.Insert
	case opUpdate:
		return p.Update
	case opDelete:
		return p.Delete
	}
	return false
}
