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

// How long a policy-file outage a profile's senders ride out depends on
// how they renew: daily for rfc, not at all while the TXT id stays for mox.
func ExampleProfile_SurvivableSentence() {
	for _, name := range []string{"rfc", "mox"} {
		p, _ := simulate.ProfileByName(name)
		fmt.Println(p.SurvivableSentence(simulate.Week, time.Hour))
	}
	// Output:
	// rfc: with max_age 1w and daily refresh, your policy survives a policy-file outage of up to 6d (RFC 8461 §3.3: the cache wins over a failed fetch until it expires).
	// mox: with max_age 1w your policy outlasts any policy-file outage while the TXT id stays: an unchanged id restarts max_age without a fetch (so a file changed under the old id is never picked up).
}

// Run replays senders against a world: here a one-week enforce policy
// whose file goes missing at t = 0 for ten days, and two rfc senders, one
// that fetched the policy two days before and one that first writes at
// t = 0.
func ExampleRun() {
	tl := simulate.OutageTimeline(simulate.DefaultPolicy(simulate.Week), 10*simulate.Day, 21*simulate.Day)
	p, _ := simulate.ProfileByName("rfc")
	r := simulate.Run(tl, []simulate.Sender{
		simulate.CachedSender("cached", p, 2*simulate.Day, time.Hour),
		simulate.UncachedSender("new", p, time.Hour),
	})
	for _, s := range r.Senders {
		fmt.Println(s.Sender.Name, "protected until", simulate.FormatDuration(s.ProtectedUntil),
			"enforced", s.Count(simulate.Enforced), "fail-open", s.Count(simulate.FailOpen))
	}
	// Output:
	// cached protected until 5d enforced 384 fail-open 120
	// new protected until 0s enforced 264 fail-open 240
}

// ParseScenario reads the JSON scenario format (ScenarioFile), durations
// written with units. mox restarts max_age while the TXT id stays, so it
// keeps the policy through an outage that never ends.
func ExampleParseScenario() {
	sc, err := simulate.ParseScenario([]byte(`{
	  "domain": "example.com",
	  "until": "14d",
	  "versions": [{"id": "1", "mode": "enforce", "max_age": "7d", "mx": ["mx.example.com"], "at": "-60d"}],
	  "file_outages": [{"from": "0", "failure": "404"}],
	  "senders": [{"name": "m", "profile": "mox", "every": "1h", "cache": {"version": 0, "fetched_at": "-2d"}}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := sc.Run()
	fmt.Println(r.Senders[0].Sender.Name, simulate.FormatDuration(r.Senders[0].ProtectedUntil))
	// Output:
	// m never
}

// A population is many senders of mixed profiles, counted per bucket of
// time instead of one by one.
func ExamplePopulation() {
	tl := simulate.OutageTimeline(simulate.DefaultPolicy(simulate.Week), simulate.Forever, 14*simulate.Day)
	tl.Bucket = simulate.Week
	r := simulate.Population(tl, simulate.PopulationSpec{N: 100, Seed: 1, Every: time.Hour}).Run()
	for i, b := range r.Buckets {
		fmt.Printf("week %d: %.0f%% enforced\n", i+1, 100*b.Share(simulate.Enforced))
	}
	// Output:
	// week 1: 84% enforced
	// week 2: 44% enforced
}

// RFC 8461 §8.3: to retire MTA-STS, serve "mode: none" first and delete
// the record only once every old policy has expired.
func ExamplePlanRemoval() {
	plan := simulate.PlanRemoval(0, simulate.Week, time.Hour, simulate.Day)
	fmt.Println(simulate.FormatDuration(plan.RemoveAt))
	for _, s := range plan.Steps {
		fmt.Println(s)
	}
	// Output:
	// 7d1h
	// at 0s: serve a policy file with "mode: none" and max_age 86400, then publish a new TXT id (RFC 8461 §8.3)
	// wait the TXT TTL (1h) plus the largest max_age ever served (1w): senders that checked the old id just before the change keep the old policy until then
	// from 7d1h: delete the _mta-sts TXT record and the policy host
}
