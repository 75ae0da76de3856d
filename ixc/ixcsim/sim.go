package ixcsim

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Record is one table row as IXC sends it: every value a string.
type Record = map[string]string

// Options configures a simulator.
type Options struct {
	Seed int64            // for demo tokens and fault RNG; default 1
	Now  func() time.Time // default time.Now; server local time is America/Sao_Paulo (UTC-3)
	// NumericTotalEvery makes every Nth list answer carry "total" as a JSON
	// number instead of a string, as some real answers do (ixc-api.md
	// §2.2, the saved cliente and radacct listings); 0 never does.
	NumericTotalEvery int
	// NumericIDEvery makes every Nth insert answer carry "id" as a JSON
	// number instead of a string, as some saved answers do (ixc-api.md
	// §3.1, the linha_mvno insert); 0 never does.
	NumericIDEvery int
}

// Perm is what a user may do with one table.
type Perm struct{ List, Insert, Update, Delete bool }

// User is an IXC system user allowed to use the webservice.
type User struct {
	ID, Name    string
	Hash        string          // 64 lowercase hex; generated from Seed+ID if empty
	Active      bool            // inactive → 401
	Perms       map[string]Perm // nil → every table allowed; otherwise missing table → denied
	AllowedNets []string        // CIDRs (or single IPs); empty → any IP
}

// Faults are injected transport and server failures.
type Faults struct {
	Latency            time.Duration // added before every response
	Jitter             time.Duration // + uniform random [0, Jitter)
	ErrorRate          float64       // fraction of requests answered HTTP 500 with the red HTML div
	Max504Rows         int           // list requests with rp above this get HTTP 504 (nginx HTML) — 0 = off
	DropRate           float64       // fraction of requests whose connection is closed with no response (hijack)
	LoseWriteResponses int           // the next N writes are APPLIED, then the connection is dropped
	LoseWriteRate      float64       // fraction of writes APPLIED, then the connection dropped (after LoseWriteResponses)
	DownFor            time.Duration // every request fails (connection dropped) for this long from SetFaults
}

// Stats counts what the simulator served since New or the last ResetStats.
type Stats struct {
	Requests, Lists, Inserts, Updates, Deletes, Denied, Errors int64
	BytesOut                                                   int64
}

type stats struct {
	requests, lists, inserts, updates, deletes, denied, errors, bytesOut atomic.Int64
}

type userEntry struct {
	User
	nets []*net.IPNet
}

// Sim is an in-memory IXC Provedor webservice.
type Sim struct {
	opts Options
	loc  *time.Location
	// listCount numbers list answers (NumericTotalEvery), insertCount
	// insert answers (NumericIDEvery).
	listCount, insertCount atomic.Int64

	mu     sync.RWMutex // guards tables
	tables map[string]*table

	umu   sync.RWMutex
	users map[string]*userEntry

	fmu       sync.Mutex
	faults    Faults
	downUntil time.Time
	loseLeft  int
	rng       *rand.Rand

	st stats

	smu sync.Mutex
	srv *http.Server
}

// saoPaulo is America/Sao_Paulo without depending on the host tz database (Brazil has had no
// daylight saving time since 2019).
var saoPaulo = time.FixedZone("-03", -3*60*60)

// Demo user ids created by New.
const (
	demoUserID       = "1"
	restrictedUserID = "2"
)

// New returns a simulator with empty tables (schema known) plus the two demo users.
func New(opts Options) *Sim {
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Sim{
		opts:   opts,
		loc:    saoPaulo,
		tables: map[string]*table{},
		users:  map[string]*userEntry{},
		rng:    rand.New(rand.NewSource(opts.Seed)),
	}
	for i := range schemas {
		sc := &schemas[i]
		s.tables[sc.Name] = newTable(sc.Name, sc.Columns, sc.Required)
	}
	s.AddUser(User{ID: demoUserID, Name: "LevEduca Integração (demo)", Active: true})
	list := Perm{List: true}
	s.AddUser(User{ID: restrictedUserID, Name: "Integração restrita (demo)", Active: true, Perms: map[string]Perm{
		"produtos": list, "unidades": list, "vd_contratos": list, "vd_contratos_produtos": list,
		"cliente_contrato": list, "cliente": list,
	}})
	return s
}

func (s *Sim) now() time.Time { return s.opts.Now().In(s.loc) }

func (s *Sim) derivedHex(kind, id string) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s:%d:%s", kind, s.opts.Seed, id)))
	return hex.EncodeToString(sum[:])
}

// DemoToken returns "id:hash" of the full-permission demo user.
func (s *Sim) DemoToken() string { return s.tokenOf(demoUserID) }

// RestrictedToken returns "id:hash" of the restricted demo user.
func (s *Sim) RestrictedToken() string { return s.tokenOf(restrictedUserID) }

func (s *Sim) tokenOf(id string) string {
	s.umu.RLock()
	defer s.umu.RUnlock()
	if u := s.users[id]; u != nil {
		return u.ID + ":" + u.Hash
	}
	return ""
}

// AddUser registers a webservice user (creating or updating its usuarios row) and returns
// its token "id:hash". An empty ID takes the next usuarios id; an empty Hash is derived
// from Seed and ID.
func (s *Sim) AddUser(u User) string {
	if u.ID == "" {
		s.mu.RLock()
		u.ID = s.tables["usuarios"].nextID()
		s.mu.RUnlock()
	}
	s.SetUser(u)
	return s.tokenOf(u.ID)
}

// SetUser replaces a user's settings (permissions, active flag, networks) mid-run. An empty
// Hash keeps the current one (or derives one for a new user).
func (s *Sim) SetUser(u User) {
	if u.ID == "" {
		return
	}
	s.umu.Lock()
	old := s.users[u.ID]
	if u.Hash == "" {
		if old != nil {
			u.Hash = old.Hash
		} else {
			u.Hash = s.derivedHex("ixcsim-demo", u.ID)
		}
	}
	u.Hash = strings.ToLower(u.Hash)
	e := &userEntry{User: u}
	if u.Perms != nil {
		e.Perms = make(map[string]Perm, len(u.Perms))
		for k, v := range u.Perms {
			e.Perms[k] = v
		}
	}
	e.AllowedNets = append([]string(nil), u.AllowedNets...)
	for _, n := range u.AllowedNets {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !strings.Contains(n, "/") {
			if ip := net.ParseIP(n); ip != nil && ip.To4() != nil {
				n += "/32"
			} else {
				n += "/128"
			}
		}
		if _, ipn, err := net.ParseCIDR(n); err == nil {
			e.nets = append(e.nets, ipn)
		}
	}
	s.users[u.ID] = e
	s.umu.Unlock()

	status := "A"
	if !u.Active {
		status = "I"
	}
	name := u.Name
	if name == "" {
		name = "Usuário " + u.ID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tables["usuarios"]
	rec := Record{
		"id": u.ID, "id_grupo": "1", "nome": name, "email": "api" + u.ID + "@ixcsim.invalid",
		// senha is the (hashed) UI password, deliberately unrelated to the webservice token.
		"senha": s.derivedHex("ixcsim-password", u.ID), "status": status, "template": "d",
		"permite_acesso_ixc_mobile": "N", "acesso_webservice": "S", "user_callcenter": "N",
		"language": "Pt-Br", "recebimentos_dia_atual": "N", "pagamentos_dia_atual": "N",
		"lancamentos_dia_atual": "N", "funcionario": "0", "desc_max_recebimento": "0.00",
		"desc_max_renegociacao": "0.00", "desc_max_venda": "0.00",
		"alter_passwd_date":  s.now().Format("2006-01-02 15:04:05"),
		"ultima_atualizacao": s.now().Format("2006-01-02 15:04:05"),
	}
	if p, ok := t.pos[u.ID]; ok {
		// keep columns set by other means (e.g. funcionario), refresh the ones we own.
		old := t.record(t.rows[p])
		for _, k := range []string{"id_grupo", "email", "senha", "template", "permite_acesso_ixc_mobile", "user_callcenter", "language", "recebimentos_dia_atual", "pagamentos_dia_atual", "lancamentos_dia_atual", "funcionario", "desc_max_recebimento", "desc_max_renegociacao", "desc_max_venda", "alter_passwd_date"} {
			rec[k] = old[k]
		}
	}
	t.put(rec, true)
}

func (s *Sim) user(id string) *userEntry {
	s.umu.RLock()
	defer s.umu.RUnlock()
	return s.users[id]
}

// SetFaults replaces the fault configuration. DownFor counts from now.
func (s *Sim) SetFaults(f Faults) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.faults = f
	s.loseLeft = f.LoseWriteResponses
	s.downUntil = time.Time{}
	if f.DownFor > 0 {
		s.downUntil = time.Now().Add(f.DownFor)
	}
}

// Stats returns a snapshot of the counters.
func (s *Sim) Stats() Stats {
	return Stats{
		Requests: s.st.requests.Load(), Lists: s.st.lists.Load(), Inserts: s.st.inserts.Load(),
		Updates: s.st.updates.Load(), Deletes: s.st.deletes.Load(), Denied: s.st.denied.Load(),
		Errors: s.st.errors.Load(), BytesOut: s.st.bytesOut.Load(),
	}
}

// ResetStats zeroes the counters.
func (s *Sim) ResetStats() {
	for _, c := range []*atomic.Int64{&s.st.requests, &s.st.lists, &s.st.inserts, &s.st.updates, &s.st.deletes, &s.st.denied, &s.st.errors, &s.st.bytesOut} {
		c.Store(0)
	}
}

// Start listens on addr ("127.0.0.1:0" for a free port) and serves in a goroutine. It
// returns the base URL "http://127.0.0.1:PORT/webservice/v1".
func (s *Sim) Start(addr string) (string, error) {
	s.smu.Lock()
	defer s.smu.Unlock()
	if s.srv != nil {
		return "", errors.New("ixcsim: already started")
	}
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 30 * time.Second}
	s.srv = srv
	go func() { _ = srv.Serve(ln) }()
	ta := ln.Addr().(*net.TCPAddr)
	host := ta.IP.String()
	if ta.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(ta.Port)) + "/webservice/v1", nil
}

// Close stops a server started with Start.
func (s *Sim) Close() error {
	s.smu.Lock()
	defer s.smu.Unlock()
	if s.srv == nil {
		return nil
	}
	err := s.srv.Close()
	s.srv = nil
	return err
}
