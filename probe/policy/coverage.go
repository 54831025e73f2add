package policy

import (
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// Coverage says whether one MX host is covered by a policy's mx patterns.
type Coverage struct {
	Host    string `json:"host"`
	Covered bool   `json:"covered"`
	// Pattern is the first pattern that covers Host; nil when none does.
	Pattern *string `json:"pattern"`
}

// CheckCoverage matches each MX host against the policy (RFC 8461 §4.1) and
// reports the hosts no pattern covers. How much that matters depends on the
// mode (§5): in enforce a sender MUST NOT deliver to such a host (error), in
// testing it delivers and reports (warning), in none nothing happens (info).
func CheckCoverage(p Policy, hosts []string) ([]Coverage, diag.List) {
	b := &builder{}
	out := make([]Coverage, 0, len(hosts))
	for _, h := range hosts {
		c := Coverage{Host: h}
		if pat, ok := p.Covering(h); ok {
			c.Covered, c.Pattern = true, &pat
		} else {
			sev, effect := diag.Error, "senders following the policy will not deliver to it"
			switch p.Mode {
			case ModeTesting:
				sev, effect = diag.Warning, "in testing mode senders still deliver but report a failure"
			case ModeNone:
				sev, effect = diag.Info, "mode none applies no checks"
			}
			b.add(CodePolicyMXNotCovered, sev, "RFC 8461 §4.1", 0, 0,
				"MX host %s is not covered by any mx pattern: %s; add \"mx: %s\" or a matching \"*.\" pattern",
				q(h), effect, sanitizeEcho(normalizeName(h)))
		}
		out = append(out, c)
	}
	return out, b.sorted()
}
