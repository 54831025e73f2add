package simulate

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// FromReport prefills the preset policy from a probe Report: the domain,
// the TXT id, and the policy's mode, max_age and mx patterns. ok is false
// when the report found no valid policy (the simulator then has nothing to
// cache: every sender fails open).
func FromReport(r probe.Report) (p Policy, ok bool) {
	p = DefaultPolicy(Week)
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
