package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
)

// Server is a running sandbox: in this process (tests) or in a child
// process (the command, so that the audit's memory is measured apart from
// the simulator's).
type Server struct {
	URL, Token string
	// Writes reports the writes the simulator served (the audit must make
	// none).
	setFaults func(ixcsim.Faults) error
	writes    func() (int64, error)
	close     func() error
	// profile starts ("start", file) or stops ("stop", "") the child's CPU
	// profile; nil in process.
	profile func(verb, file string) error
}

// SetFaults changes the injected faults.
func (s *Server) SetFaults(f ixcsim.Faults) error { return s.setFaults(f) }

// Writes is the number of inserts, updates and deletes served so far.
func (s *Server) Writes() (int64, error) { return s.writes() }

// Close stops the sandbox.
func (s *Server) Close() error { return s.close() }

// newSim builds a simulator loaded with the demo dataset of cfg.
func newSim(cfg demodata.Config) *ixcsim.Sim {
	today := cfg.Today
	if today.IsZero() {
		today = demodata.DefaultToday
	}
	sim := ixcsim.New(ixcsim.Options{Seed: cfg.Seed, Now: func() time.Time { return today }})
	batches := map[string][]ixcsim.Record{}
	var order []string
	demodata.Generate(cfg, func(table string, rec map[string]string) {
		if _, ok := batches[table]; !ok {
			order = append(order, table)
		}
		batches[table] = append(batches[table], rec)
	})
	for _, t := range order {
		sim.Load(t, batches[t])
		batches[t] = nil
	}
	return sim
}

// StartInProcess serves the dataset from this process.
func StartInProcess(cfg demodata.Config) (*Server, error) {
	sim := newSim(cfg)
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	return &Server{
		URL: url, Token: sim.DemoToken(),
		setFaults: func(f ixcsim.Faults) error { sim.SetFaults(f); return nil },
		writes: func() (int64, error) {
			st := sim.Stats()
			return st.Inserts + st.Updates + st.Deletes, nil
		},
		close: sim.Close,
	}, nil
}

// ServeChild is the child side of StartChild: it serves cfg on loopback,
// prints "URL=…" and "TOKEN=…", then obeys one command per stdin line
// ("faults LATENCY MAX504", "writes", "quit") until stdin closes.
func ServeChild(cfg demodata.Config, in io.Reader, out io.Writer) error {
	sim := newSim(cfg)
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		return err
	}
	defer sim.Close()
	fmt.Fprintf(out, "URL=%s\nTOKEN=%s\n", url, sim.DemoToken())
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 3 && f[0] == "faults":
			lat, err1 := time.ParseDuration(f[1])
			var max504 int
			_, err2 := fmt.Sscan(f[2], &max504)
			if err1 != nil || err2 != nil {
				fmt.Fprintln(out, "ERR bad faults")
				continue
			}
			sim.SetFaults(ixcsim.Faults{Latency: lat, Max504Rows: max504})
			fmt.Fprintln(out, "OK")
		case len(f) == 1 && f[0] == "writes":
			st := sim.Stats()
			fmt.Fprintf(out, "OK %d\n", st.Inserts+st.Updates+st.Deletes)
		case len(f) == 3 && f[0] == "profile" && f[1] == "start":
			if err := startCPUProfile(f[2]); err != nil {
				fmt.Fprintln(out, "ERR", err)
				continue
			}
			fmt.Fprintln(out, "OK")
		case len(f) == 2 && f[0] == "profile" && f[1] == "stop":
			if err := stopCPUProfile(); err != nil {
				fmt.Fprintln(out, "ERR", err)
				continue
			}
			fmt.Fprintln(out, "OK")
		case len(f) == 1 && f[0] == "quit":
			return nil
		default:
			fmt.Fprintln(out, "ERR unknown command")
		}
	}
	return sc.Err()
}

// StartChild runs `exe args…` (a program that calls ServeChild) and talks
// to it over its stdin/stdout.
func StartChild(ctx context.Context, exe string, args ...string) (*Server, error) {
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	rd := bufio.NewReader(stdout)
	var mu sync.Mutex
	line := func() (string, error) {
		s, err := rd.ReadString('\n')
		return strings.TrimSpace(s), err
	}
	s := &Server{}
	for _, want := range []string{"URL=", "TOKEN="} {
		l, err := line()
		if err != nil || !strings.HasPrefix(l, want) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return nil, fmt.Errorf("bench: the sandbox child did not start (%q, %v)", l, err)
		}
		if want == "URL=" {
			s.URL = l[len(want):]
		} else {
			s.Token = l[len(want):]
		}
	}
	ask := func(cmdline string) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		if _, err := fmt.Fprintln(stdin, cmdline); err != nil {
			return "", err
		}
		l, err := line()
		if err != nil {
			return "", err
		}
		if !strings.HasPrefix(l, "OK") {
			return "", errors.New("bench: sandbox child: " + l)
		}
		return strings.TrimSpace(strings.TrimPrefix(l, "OK")), nil
	}
	s.setFaults = func(f ixcsim.Faults) error {
		_, err := ask(fmt.Sprintf("faults %s %d", f.Latency, f.Max504Rows))
		return err
	}
	s.writes = func() (int64, error) {
		v, err := ask("writes")
		if err != nil {
			return 0, err
		}
		var n int64
		_, err = fmt.Sscan(v, &n)
		return n, err
	}
	s.profile = func(verb, file string) error {
		_, err := ask(strings.TrimSpace("profile " + verb + " " + file))
		return err
	}
	s.close = func() error {
		_, _ = fmt.Fprintln(stdin, "quit")
		_ = stdin.Close()
		return cmd.Wait()
	}
	return s, nil
}

// childProfile is the open CPU profile of a child sandbox.
var childProfile *os.File

func startCPUProfile(name string) error {
	if childProfile != nil {
		return errors.New("a profile is running")
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return err
	}
	childProfile = f
	return nil
}

func stopCPUProfile() error {
	if childProfile == nil {
		return errors.New("no profile is running")
	}
	pprof.StopCPUProfile()
	err := childProfile.Close()
	childProfile = nil
	return err
}
