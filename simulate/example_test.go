package simulate_test

import (
	"fmt"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// A sender that last fetched a one-week policy 2 days before the policy
// file went missing keeps enforcing for 5 more days; mox restarts max_age
// on every unchanged TXT id and never notices.
func ExampleCached() {
	for _, name := range []string{"rfc", "mox"} {
		p, _ := simulate.ProfileByName(name)
		r := simulate.Cached(p, simulate.Week, 2*simulate.Day, simulate.Forever, 30*simulate.Day, time.Hour).Run()
		fmt.Println(name, simulate.FormatDuration(r.Senders[0].ProtectedUntil))
	}
	// Output:
	// rfc 5d
	// mox never
}

func ExampleResult_At() {
	p, _ := simulate.ProfileByName("rfc")
	r := simulate.Cached(p, simulate.Week, 2*simulate.Day, 10*simulate.Day, 21*simulate.Day, time.Hour).Run()
	a, _ := r.At("cached", 6*simulate.Day)
	fmt.Println(a.Explain())
	fmt.Println(a.RFC())
	// Output:
	// cached policy expired 24 h ago, refetch failed (404) → delivers fail-open
	// RFC 8461 §3.2, §3.3
}

func ExampleSurvivableSentence() {
	fmt.Println(simulate.SurvivableSentence(simulate.Week, simulate.Day))
	// Output:
	// With max_age 1w and daily refresh, your policy survives a policy-file outage of up to 6d (RFC 8461 §3.3: the cache wins over a failed fetch until it expires).
}
