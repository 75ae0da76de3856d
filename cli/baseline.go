package cli

import (
	"errors"
	"net"
	neturl "net/url"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// readBaseline reads `audit --baseline FILE` (nil without the flag). An
// unusable file is an input error whose text names it.
func readBaseline(path string) (*report.Baseline, *i18n.Error) {
	if path == "" {
		return nil, nil
	}
	b, err := report.ReadBaseline(path)
	if err != nil {
		return nil, baselineError(err)
	}
	return b, nil
}

// demoBaseline lets a baseline kept from an earlier --demo run serve the
// next one: each run's sandbox listens on a new loopback port, but it is
// the same demo IXC (same seed, same data). Only loopback baselines are
// taken; any other stays of another IXC.
func demoBaseline(b *report.Baseline, url string) {
	if b == nil {
		return
	}
	u, err := neturl.Parse(b.URL)
	if err != nil {
		return
	}
	if ip := net.ParseIP(u.Hostname()); (ip != nil && ip.IsLoopback()) || strings.EqualFold(u.Hostname(), "localhost") {
		b.URL = url
	}
}

// checkBaselineIXC refuses a baseline of another IXC than url, before any
// request is sent.
func checkBaselineIXC(b *report.Baseline, url string) *i18n.Error {
	if b == nil {
		return nil
	}
	if _, err := report.Compare(b, &steps.Report{URL: url}); err != nil {
		return baselineError(err)
	}
	return nil
}

// compareBaseline compares rep, audited with profile p, with b (nil
// without a baseline): the findings, the counts and the configuration.
func compareBaseline(b *report.Baseline, rep *steps.Report, p *profile.Profile) (*report.Drift, *i18n.Error) {
	if b == nil {
		return nil, nil
	}
	d, err := report.Compare(b, rep)
	if err != nil {
		return nil, baselineError(err)
	}
	d.CompareConfig(p)
	return d, nil
}

func baselineError(err error) *i18n.Error {
	var be *report.BaselineError
	if errors.As(err, &be) {
		return &i18n.Error{Msg: be.Text()}
	}
	return &i18n.Error{Msg: steps.ErrorText(err)}
}
