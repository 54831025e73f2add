package simulate

import (
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// The simulator decides MX coverage with policy.MatchMX (RFC 8461 §4.1), so
// it agrees with lint and the walk where its own matcher used to differ:
// empty labels and Unicode names.
func TestCoverageIsPolicyMatchMX(t *testing.T) {
	cases := []struct {
		pattern, host string
		want          bool
	}{
		{"*.example.com", "MX1.Example.COM.", true},
		{"*.example.com", ".example.com", false},    // empty first label
		{"*.example.com", "a.b.example.com", false}, // one label only
		{"*.example.com", "example.com", false},
		{"mx.xn--bcher-kva.example", "mx.bücher.example", true},
	}
	for _, c := range cases {
		if got := covered(c.host, []string{c.pattern}); got != c.want || got != policy.MatchMX(c.pattern, c.host) {
			t.Errorf("covered(%q, %q) = %t, want %t", c.host, c.pattern, got, c.want)
		}
		// The same answer reaches a decision: an enforce policy whose only
		// MX is not covered defers.
		tl := world1(7 * Day)
		tl.Versions[0].MX = []string{c.pattern}
		tl.MX = []string{c.host}
		tl.Until = Day
		r := Run(tl, []Sender{CachedSender("s", mustProfile(t, "rfc"), Day, 0)})
		want := Deferred
		if c.want {
			want = Enforced
		}
		if a := attemptAt(t, r, "s", 0); a.Outcome != want {
			t.Errorf("%q under %q: %s, want %s", c.host, c.pattern, a.Outcome, want)
		}
	}
}
