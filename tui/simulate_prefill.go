package tui

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// policyFromReport prefills the simulator's policy from a probe Report: the
// domain, the TXT id, and the policy's mode, max_age and mx patterns. ok is
// false when the report found no valid policy (the simulator then has
// nothing to cache: every sender fails open). It lives here, where probe
// and simulate meet, so that simulate needs nothing of the probe's Report.
func policyFromReport(r probe.Report) (p simulate.Policy, ok bool) {
	p = simulate.DefaultPolicy(simulate.Week)
	if r.Domain != "" {
		p.Domain = r.Domain
	}
	if r.Record != nil && r.Record.ID != "" {
		p.ID = r.Record.ID
	}
	if r.Policy == nil {
		return p, false
	}
	p.Mode = r.Policy.Mode
	p.MaxAge = time.Duration(r.Policy.MaxAge) * time.Second
	if len(r.Policy.MX) > 0 {
		p.MX = append([]string(nil), r.Policy.MX...)
	}
	return p, true
}
