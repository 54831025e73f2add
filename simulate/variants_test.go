package simulate

import (
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Where real senders differ from the RFC reading (RFC-NOTES §1D table, §3,
// §5A), the same world gives different outcomes per profile.
func TestProfileVariants(t *testing.T) {
	cases := []struct {
		name    string
		world   func(Timeline) Timeline
		profile string
		cached  bool
		at      time.Duration
		want    Outcome
	}{
		{"§3.2 text/html: rfc SHOULD-rejects", contentType("text/html"), "rfc", false, time.Hour, FailOpen},
		{"§3.2 text/html: mox does not check", contentType("text/html"), "mox", false, time.Hour, Enforced},
		{"§3.2 text/html: postfix-mta-sts-resolver needs text/plain", contentType("text/html"), "postfix-mta-sts-resolver", false, time.Hour, FailOpen},
		{"§3.3 5 s policy host: rfc waits 1 min", slow(5 * time.Second), "rfc", false, time.Hour, Enforced},
		{"§3.3 5 s policy host: postfix-mta-sts-resolver gives up at 4 s", slow(5 * time.Second), "postfix-mta-sts-resolver", false, time.Hour, FailOpen},
		{"§3.3 3 s policy host: postfix-tlspol gives up at 2 s", slow(3 * time.Second), "postfix-tlspol", false, time.Hour, FailOpen},
		{"§5 testing with a broken MX: delivered and reported", testing1, "rfc", true, time.Hour, TestingDelivered},
		{"§5 testing ignored by postfix-mta-sts-resolver", testing1, "postfix-mta-sts-resolver", true, time.Hour, FailOpen},
		{"§5 strict_testing enforces testing", testing1, "postfix-mta-sts-resolver-strict-testing", true, time.Hour, Deferred},
		{"§10.2 attacker vs cached enforce: deferred", attacked, "rfc", true, time.Hour, Deferred},
		{"§10.2 attacker blocking the fetch vs uncached sender: exposed", attacked, "rfc", false, time.Hour, Exposed},
		{"§10.2 attacker vs testing: exposed", func(tl Timeline) Timeline { return attacked(testing1(tl)) }, "rfc", true, time.Hour, Exposed},
	}
	for _, c := range cases {
		t.Run(c.name+" ("+c.profile+")", func(t *testing.T) {
			tl := c.world(world1(7 * Day))
			s := withTimes(UncachedSender("s", mustProfile(t, c.profile), 0), c.at)
			if c.cached {
				s.Cache = &Seed{Version: 0, FetchedAt: 0}
			}
			a := attemptAt(t, Run(tl, []Sender{s}), "s", c.at)
			if a.Outcome != c.want {
				t.Fatalf("%v, want %v: %s", a.Outcome, c.want, a.Explain())
			}
		})
	}
}

func contentType(ct string) func(Timeline) Timeline {
	return func(tl Timeline) Timeline { tl.Versions[0].ContentType = ct; return tl }
}

func slow(d time.Duration) func(Timeline) Timeline {
	return func(tl Timeline) Timeline {
		tl.FileOutages = []FileOutage{{From: 0, To: Forever, Failure: FailSlow, Latency: d}}
		return tl
	}
}

func testing1(tl Timeline) Timeline {
	tl.Versions[0].Mode = policy.ModeTesting
	tl.TLSBreaks = []TLSBreak{{From: 0, To: Forever, Result: "certificate-not-trusted"}}
	return tl
}

func attacked(tl Timeline) Timeline {
	tl.Attacks = []Attack{{From: 0, To: Forever, BlocksPolicyFetch: true}}
	return tl
}

// RFC 8461 §8.3: removing the records at the plan's time leaves no sender
// enforcing the old policy; removing them earlier does.
func TestRemovalPlanSection8_3(t *testing.T) {
	plan := PlanRemoval(0, 15*Day, time.Hour, Day)
	if plan.RemoveAt != 15*Day+time.Hour {
		t.Fatalf("remove at %s", FormatDuration(plan.RemoveAt))
	}
	run := func(removeAt time.Duration) time.Duration {
		tl := world1(15 * Day)
		tl.Versions = append(tl.Versions, Version{ID: "2", Mode: policy.ModeNone, MaxAge: Day, At: 0, TXTAt: 0})
		tl.FileOutages = []FileOutage{{From: removeAt, To: Forever, Failure: FailNotFound}}
		tl.TXTOutages = []TXTOutage{{From: removeAt, To: Forever, Kind: TXTAbsent}}
		// A sender that checked the old id just before the switch and
		// then stopped sending until after removal.
		s := withTimes(CachedSender("s", mustProfile(t, "mox"), 0, 0), -time.Minute, removeAt+time.Hour)
		s.Cache.FetchedAt = -time.Minute
		var last time.Duration
		for _, iv := range Run(tl, []Sender{s}).Senders[0].Protected {
			last = max(last, iv.To)
		}
		return last
	}
	if end := run(plan.RemoveAt); end > plan.RemoveAt {
		t.Errorf("plan: old policy enforced until %s, after removal at %s", FormatDuration(end), FormatDuration(plan.RemoveAt))
	}
}
