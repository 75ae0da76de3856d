package ixcsim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FaultKeys are the keys ParseFaults accepts, in the order they are
// documented (README, `sandbox --help`).
var FaultKeys = []string{"latency", "jitter", "5xx", "drop", "lostwrite", "504", "down"}

// SpecError says why a --faults spec is unusable, in English and
// Portuguese, naming the offending item.
type SpecError struct {
	Item     string // the key=value (or fragment) at fault
	Reason   string
	ReasonPT string
}

func (e *SpecError) Error() string {
	return fmt.Sprintf("invalid fault %q: %s", e.Item, e.Reason)
}

// ParseFaults reads a --faults spec: comma-separated key=value items,
//
//	latency=200ms    added before every answer (Faults.Latency)
//	jitter=100ms     plus a uniform random [0, jitter) (Faults.Jitter)
//	5xx=0.1          fraction of requests answered HTTP 500 with IXC's red div (ErrorRate)
//	drop=0.05        fraction of connections closed with no answer (DropRate)
//	lostwrite=0.05   fraction of writes applied whose answer is lost (LoseWriteRate)
//	504=200          lists asking more than 200 rows get nginx's 504 (Max504Rows)
//	down=10s         every request dropped for this long from the start (DownFor)
//
// Rates are between 0 and 1; durations are Go durations between 0 and 1m
// (down: up to 1h). An empty spec is no fault. Keys may not repeat.
func ParseFaults(spec string) (Faults, error) {
	var f Faults
	seen := map[string]bool{}
	for item := range strings.SplitSeq(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || v == "" {
			return Faults{}, &SpecError{Item: item, Reason: "write it as key=value, e.g. 5xx=0.1",
				ReasonPT: "escreva como chave=valor, por exemplo 5xx=0.1"}
		}
		if seen[k] {
			return Faults{}, &SpecError{Item: item, Reason: "\"" + k + "\" is given twice",
				ReasonPT: "\"" + k + "\" aparece duas vezes"}
		}
		seen[k] = true
		var err error
		switch k {
		case "latency":
			f.Latency, err = specDuration(item, v, time.Minute)
		case "jitter":
			f.Jitter, err = specDuration(item, v, time.Minute)
		case "down":
			f.DownFor, err = specDuration(item, v, time.Hour)
		case "5xx":
			f.ErrorRate, err = specRate(item, v)
		case "drop":
			f.DropRate, err = specRate(item, v)
		case "lostwrite":
			f.LoseWriteRate, err = specRate(item, v)
		case "504":
			n, perr := strconv.Atoi(v)
			if perr != nil || n < 1 {
				err = &SpecError{Item: item, Reason: "504 takes a number of rows (lists asking more get HTTP 504), e.g. 504=200",
					ReasonPT: "504 recebe um número de linhas (listagens que pedem mais recebem HTTP 504), por exemplo 504=200"}
			}
			f.Max504Rows = n
		default:
			return Faults{}, &SpecError{Item: item,
				Reason:   "unknown fault \"" + k + "\"; use " + strings.Join(FaultKeys, ", "),
				ReasonPT: "falha desconhecida \"" + k + "\"; use " + strings.Join(FaultKeys, ", ")}
		}
		if err != nil {
			return Faults{}, err
		}
	}
	return f, nil
}

func specRate(item, v string) (float64, error) {
	r, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
	if err == nil && strings.HasSuffix(v, "%") {
		r /= 100
	}
	if err != nil || r < 0 || r > 1 || r != r {
		return 0, &SpecError{Item: item, Reason: "a rate is a number from 0 to 1 (or a percentage), e.g. 0.05 or 5%",
			ReasonPT: "uma taxa é um número de 0 a 1 (ou uma porcentagem), por exemplo 0.05 ou 5%"}
	}
	return r, nil
}

func specDuration(item, v string, most time.Duration) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || d > most {
		return 0, &SpecError{Item: item,
			Reason:   "a duration from 0 to " + most.String() + " with its unit, e.g. 200ms or 2s",
			ReasonPT: "uma duração de 0 a " + most.String() + " com a unidade, por exemplo 200ms ou 2s"}
	}
	return d, nil
}
