package simulate

import (
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// covered reports whether one of a policy's mx patterns covers host. The
// matching is policy.MatchMX's (RFC 8461 §4.1), the one the probe and lint
// use, so the simulator cannot disagree with them on case, trailing dots,
// empty labels or Unicode names.
func covered(host string, patterns []string) bool {
	for _, p := range patterns {
		if policy.MatchMX(p, host) {
			return true
		}
	}
	return false
}

// sameHost reports whether two MX host names name the same host (a TLS
// break's host against an MX host), compared as MatchMX compares an exact
// pattern: case, a trailing dot and U- against A-labels do not matter.
func sameHost(a, b string) bool {
	return !strings.HasPrefix(a, "*.") && policy.MatchMX(a, b)
}

// hostForPattern names a host a pattern covers, for timelines that give
// patterns but no MX hosts.
func hostForPattern(p string) string {
	if rest, ok := strings.CutPrefix(p, "*."); ok {
		return "mx." + rest
	}
	return p
}
