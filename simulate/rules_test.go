package simulate

import (
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Each case is one rule of RFC-NOTES §1D (rules 26–35), named after it with
// its RFC 8461 section: a world, one sender, and what one delivery must
// show.
func TestCachingRules(t *testing.T) {
	type check func(t *testing.T, a Attempt, r Result)
	cases := []struct {
		name    string
		world   func() Timeline
		sender  func() Sender
		at      time.Duration
		outcome Outcome
		rule    Rule
		check   check
	}{
		{
			name: "26 §3.2 cached up to max_age from the last fetch: still valid 1s before",
			world: func() Timeline {
				tl := world1(7 * Day)
				tl.FileOutages = []FileOutage{{From: 0, To: Forever, Failure: FailNotFound}}
				return tl
			},
			sender: func() Sender {
				return withTimes(CachedSender("s", mustProfile(t, "no-refresh"), 2*Day, 0), 5*Day-time.Second)
			},
			at:      5*Day - time.Second,
			outcome: Enforced, rule: RuleCachedSameID,
		},
		{
			name: "26 §3.2 and 31 expiry: at fetch+max_age the cache is gone and the refetch fails",
			world: func() Timeline {
				tl := world1(7 * Day)
				tl.FileOutages = []FileOutage{{From: 0, To: Forever, Failure: FailNotFound}}
				return tl
			},
			sender:  func() Sender { return withTimes(CachedSender("s", mustProfile(t, "no-refresh"), 2*Day, 0), 5*Day) },
			at:      5 * Day,
			outcome: FailOpen, rule: RuleExpiredOpen,
			check: func(t *testing.T, a Attempt, _ Result) {
				if a.Cache.Kind != CacheExpired || !a.Fetch.Tried || a.Reported != "sts-policy-fetch-error" {
					t.Errorf("cache %v fetch %+v reported %q", a.Cache, a.Fetch, a.Reported)
				}
			},
		},
		{
			name: "27 §3 unchanged id: no fetch",
			world: func() Timeline {
				return world1(7 * Day)
			},
			sender:  func() Sender { return withTimes(CachedSender("s", mustProfile(t, "no-refresh"), 1*Day, 0), Day) },
			at:      Day,
			outcome: Enforced, rule: RuleCachedSameID,
			check: func(t *testing.T, a Attempt, _ Result) {
				if a.Fetch.Tried || a.TXT.ID != "1" {
					t.Errorf("fetch %+v txt %+v: an unchanged id needs no fetch", a.Fetch, a.TXT)
				}
			},
		},
		{
			name:  "27 §3 new id: the new policy is fetched and applied",
			world: func() Timeline { return withVersion2(world1(7*Day), Day, Day, "mx1.example.com") },
			sender: func() Sender {
				return withTimes(CachedSender("s", mustProfile(t, "no-refresh"), 0, 0), Day+time.Hour)
			},
			at:      Day + time.Hour,
			outcome: Enforced, rule: RuleFetched,
			check: func(t *testing.T, a Attempt, _ Result) {
				if !a.Fetch.Tried || a.Policy.ID != "2" {
					t.Errorf("fetch %+v policy %+v: want policy 2 fetched", a.Fetch, a.Policy)
				}
			},
		},
		{
			name: "28 §3.3 TXT present, no policy, no cache: fail open",
			world: func() Timeline {
				tl := world1(7 * Day)
				tl.FileOutages = []FileOutage{{From: 0, To: Forever, Failure: FailTLS}}
				return tl
			},
			sender:  func() Sender { return withTimes(UncachedSender("s", mustProfile(t, "rfc"), 0), time.Hour) },
			at:      time.Hour,
			outcome: FailOpen, rule: RuleFetchFailOpen,
			check: func(t *testing.T, a Attempt, _ Result) {
				if a.Reported != "sts-webpki-invalid" {
					t.Errorf("reported %q, want sts-webpki-invalid (RFC 8460 §4.3)", a.Reported)
				}
			},
		},
		{
			name: "28 §3.1 no TXT record, no cache: no MTA-STS",
			world: func() Timeline {
				tl := world1(7 * Day)
				tl.TXTOutages = []TXTOutage{{From: 0, To: Forever, Kind: TXTAbsent}}
				return tl
			},
			sender:  func() Sender { return withTimes(UncachedSender("s", mustProfile(t, "rfc"), 0), time.Hour) },
			at:      time.Hour,
			outcome: FailOpen, rule: RuleNoRecord,
			check: func(t *testing.T, a Attempt, _ Result) {
				if a.Fetch.Tried {
					t.Error("fetched without a TXT record")
				}
			},
		},
		{
			name: "29 §3.3 new id whose fetch fails: the cached policy wins",
			world: func() Timeline {
				tl := withVersion2(world1(7*Day), Day, Day, "mx1.example.com")
				tl.FileOutages = []FileOutage{{From: Day, To: Forever, Failure: FailTimeout}}
				return tl
			},
			sender:  func() Sender { return withTimes(CachedSender("s", mustProfile(t, "no-refresh"), 0, 0), 2*Day) },
			at:      2 * Day,
			outcome: Enforced, rule: RuleCachedFetchFail,
			check: func(t *testing.T, a Attempt, _ Result) {
				if a.Policy.ID != "1" || a.Reported != "sts-policy-fetch-error" {
					t.Errorf("policy %+v reported %q", a.Policy, a.Reported)
				}
			},
		},
		{
			name: "29 §3.1 (rule 6) TXT record gone: the cached policy stays",
			world: func() Timeline {
				tl := world1(7 * Day)
				tl.TXTOutages = []TXTOutage{{From: 0, To: Forever, Kind: TXTAbsent}}
				return tl
			},
			sender:  func() Sender { return withTimes(CachedSender("s", mustProfile(t, "no-refresh"), Day, 0), 2*Day) },
			at:      2 * Day,
			outcome: Enforced, rule: RuleCachedTXTGone,
		},
		{
			name: "30 §3.3 daily refresh keeps a policy fresh between rare deliveries",
			world: func() Timeline {
				return world1(7 * Day)
			},
			sender: func() Sender {
				return withTimes(CachedSender("s", mustProfile(t, "rfc"), 0, 0), 0, 30*Day)
			},
			at: 30 * Day, outcome: Enforced, rule: RuleCachedSameID,
		},
		{
			name: "30 §10.2 refresh regardless of the TXT record keeps the cache past max_age",
			world: func() Timeline {
				tl := world1(7 * Day)
				tl.TXTOutages = []TXTOutage{{From: 0, To: Forever, Kind: TXTAbsent}}
				return tl
			},
			sender:  func() Sender { return withTimes(CachedSender("s", mustProfile(t, "rfc"), 0, 0), 0, 20*Day) },
			at:      20 * Day,
			outcome: Enforced, rule: RuleCachedTXTGone,
		},
		{
			name: "30 §10.2 contrast: go-mtasts refreshes only after a TXT lookup, so it expires",
			world: func() Timeline {
				tl := world1(7 * Day)
				tl.TXTOutages = []TXTOutage{{From: 0, To: Forever, Kind: TXTAbsent}}
				return tl
			},
			sender:  func() Sender { return withTimes(CachedSender("s", mustProfile(t, "go-mtasts"), 0, 0), 0, 20*Day) },
			at:      20 * Day,
			outcome: FailOpen, rule: RuleExpiredOpen,
		},
		{
			name: "32 §8.1 file first, then TXT: the new policy is used",
			world: func() Timeline {
				tl := withVersion2(world1(7*Day), Day, Day+time.Hour, "mx2.example.net")
				tl.MXChanges = []MXChange{{At: Day + 2*time.Hour, Hosts: []string{"mx2.example.net"}}}
				return tl
			},
			sender: func() Sender {
				return withTimes(CachedSender("s", mustProfile(t, "no-refresh"), 0, 0), Day+90*time.Minute, 2*Day)
			},
			at: 2 * Day, outcome: Enforced, rule: RuleCachedSameID,
		},
		{
			name: "32 §8.1 TXT before the file: the old file is cached under the new id, mail to the new MX waits",
			world: func() Timeline {
				tl := withVersion2(world1(7*Day), Day+time.Hour, Day, "mx2.example.net")
				tl.MXChanges = []MXChange{{At: Day + 2*time.Hour, Hosts: []string{"mx2.example.net"}}}
				return tl
			},
			sender: func() Sender {
				return withTimes(CachedSender("s", mustProfile(t, "no-refresh"), 0, 0), Day+time.Minute, 2*Day)
			},
			at: 2 * Day, outcome: Deferred, rule: RuleCachedSameID,
			check: func(t *testing.T, a Attempt, _ Result) {
				if a.Policy.ID != "2" || a.MXResult != "validation-failure" {
					t.Errorf("policy %+v mx %q: want id 2 holding the old mx patterns", a.Policy, a.MXResult)
				}
			},
		},
		{
			name: "33 §8.3 after publishing mode none with a new id, senders stop enforcing",
			world: func() Timeline {
				tl := world1(7 * Day)
				tl.Versions = append(tl.Versions, Version{ID: "2", Mode: policy.ModeNone, MaxAge: Day, At: Day, TXTAt: Day})
				return tl
			},
			sender:  func() Sender { return withTimes(CachedSender("s", mustProfile(t, "rfc"), 0, 0), 2*Day) },
			at:      2 * Day,
			outcome: FailOpen, rule: RuleModeNone,
		},
		{
			name: "34 §5 enforce with a broken MX defers (transient), reported",
			world: func() Timeline {
				tl := world1(7 * Day)
				tl.TLSBreaks = []TLSBreak{{From: 0, To: Day, Result: "certificate-expired"}}
				return tl
			},
			sender:  func() Sender { return withTimes(CachedSender("s", mustProfile(t, "rfc"), 0, 0), time.Hour, 2*Day) },
			at:      time.Hour,
			outcome: Deferred, rule: RuleCachedSameID,
			check: func(t *testing.T, a Attempt, r Result) {
				if a.Reported != "certificate-expired" {
					t.Errorf("reported %q", a.Reported)
				}
				if b := attemptAt(t, r, "s", 2*Day); b.Outcome != Enforced {
					t.Errorf("after the fix: %v, want enforced: deferral is not a bounce", b.Outcome)
				}
			},
		},
		{
			name: "34 §5 before giving up the sender checks DNS for an updated policy",
			world: func() Timeline {
				tl := withVersion2(world1(7*Day), Day, Day, "mx2.example.net")
				tl.MXChanges = []MXChange{{At: 0, Hosts: []string{"mx2.example.net"}}}
				return tl
			},
			sender:  func() Sender { return withTimes(CachedSender("s", mustProfile(t, "no-refresh"), 0, 0), time.Hour, Day) },
			at:      Day,
			outcome: Enforced, rule: RuleFetched,
			check: func(t *testing.T, _ Attempt, r Result) {
				if b := attemptAt(t, r, "s", time.Hour); b.Outcome != Deferred {
					t.Errorf("before the update: %v, want deferred", b.Outcome)
				}
			},
		},
		{
			name:    "35 §5.1 Appendix B lazy first fetch: the first message goes out unprotected",
			world:   func() Timeline { return world1(7 * Day) },
			sender:  func() Sender { return withTimes(UncachedSender("s", mustProfile(t, "lazy"), 0), 0, time.Hour) },
			at:      0,
			outcome: FailOpen, rule: RuleLazy,
			check: func(t *testing.T, _ Attempt, r Result) {
				if b := attemptAt(t, r, "s", time.Hour); b.Outcome != Enforced {
					t.Errorf("second delivery: %v, want enforced", b.Outcome)
				}
			},
		},
		{
			name:    "35 §5.1 blocking first fetch (rfc): the first message is protected",
			world:   func() Timeline { return world1(7 * Day) },
			sender:  func() Sender { return withTimes(UncachedSender("s", mustProfile(t, "rfc"), 0), 0) },
			at:      0,
			outcome: Enforced, rule: RuleFetched,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Run(c.world(), []Sender{c.sender()})
			a := attemptAt(t, r, "s", c.at)
			if a.Outcome != c.outcome || a.Rule != c.rule {
				t.Fatalf("got %v by rule %d (%s), want %v by rule %d: %s", a.Outcome, a.Rule, a.RFC(), c.outcome, c.rule, a.Explain())
			}
			if a.RFC() == "" {
				t.Error("decision cites no section")
			}
			if c.check != nil {
				c.check(t, a, r)
			}
		})
	}
}

// withTimes makes s deliver only at the given times.
func withTimes(s Sender, times ...time.Duration) Sender {
	s.Every = 0
	s.Times = times
	s.Start = times[0]
	return s
}

// withVersion2 publishes enforce policy "2" for mx at fileAt, its TXT id at
// txtAt.
func withVersion2(tl Timeline, fileAt, txtAt time.Duration, mx string) Timeline {
	tl.Versions = append(tl.Versions, Version{ID: "2", Mode: policy.ModeEnforce, MaxAge: 7 * Day, MX: []string{mx}, At: fileAt, TXTAt: txtAt})
	return tl
}
