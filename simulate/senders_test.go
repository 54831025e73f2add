package simulate

import (
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/senders"
)

// Every sender definition is a profile of the same name, built from it: the
// simulator has no sender facts of its own.
func TestProfilesAreTheSenderDefinitions(t *testing.T) {
	for _, d := range senders.All() {
		p, err := ProfileByName(string(d.Name))
		if err != nil {
			t.Fatalf("%s: %v", d.Name, err)
		}
		if p != FromSender(d) {
			t.Errorf("%s: profile %+v is not FromSender of its definition", d.Name, p)
		}
	}
	if p := mustProfile(t, "lazy"); !p.LazyFirstFetch || p.FetchTimeout != mustProfile(t, "rfc").FetchTimeout {
		t.Errorf("lazy is rfc with a background first fetch: %+v", p)
	}
}

// solo runs one sender against tl.
func solo(tl Timeline, s Sender) SenderResult { return Run(tl, []Sender{s}).Senders[0] }

// attempt returns the sender's attempt at exactly at.
func attempt(t *testing.T, sr SenderResult, at time.Duration) Attempt {
	t.Helper()
	for _, a := range sr.Attempts {
		if a.At == at {
			return a
		}
	}
	t.Fatalf("%s: no attempt at %s", sr.Sender.Name, FormatDuration(at))
	return Attempt{}
}

// outage404 is world1 with the policy file answering 404 from t = 0 on.
func outage404(maxAge time.Duration, f FetchFailure) Timeline {
	tl := world1(maxAge)
	tl.FileOutages = []FileOutage{{From: 0, To: Forever, Failure: f}}
	return tl
}

// postfix-tlspol at ffe1e2d (Zuplu/postfix-tlspol, internal/).
func TestSenderPostfixTLSPol(t *testing.T) {
	tlspol := mustProfile(t, "postfix-tlspol")

	t.Run("server.go:223,978-980 CACHE_MAX_TTL keeps a 1y policy 30d at most", func(t *testing.T) {
		tl := outage404(year, FailNotFound)
		tl.Until = 90 * Day
		s := CachedSender("s", tlspol, Day, time.Hour)
		if got := solo(tl, s).ProtectedUntil; got != 29*Day {
			t.Errorf("protected until %s, want 29d (fetched 1d before, kept 30d)", FormatDuration(got))
		}
		if got := solo(tl, CachedSender("s", mustProfile(t, "rfc"), Day, time.Hour)).ProtectedUntil; got != Forever {
			t.Errorf("rfc keeps max_age 1y past a 90d outage; got %s", FormatDuration(got))
		}
	})

	t.Run("mta-sts.go:356-362,416-418 requires text/plain", func(t *testing.T) {
		tl := world1(Week)
		tl.Versions[0].ContentType = "text/html"
		a := attempt(t, solo(tl, UncachedSender("s", tlspol, time.Hour)), 0)
		if a.Fetch.Failure != FailContentType || a.Outcome != FailOpen {
			t.Errorf("fetch %+v outcome %s", a.Fetch, a.Outcome)
		}
	})

	t.Run("mta-sts.go:348-353 testing is no policy: nothing validated or reported", func(t *testing.T) {
		tl := world1(Week)
		tl.Versions[0].Mode = policy.ModeTesting
		tl.TLSBreaks = []TLSBreak{{From: 0, To: Forever, Result: "certificate-expired"}}
		p := tlspol
		p.Reports = true // even with TLS-RPT on
		a := attempt(t, solo(tl, CachedSender("s", p, Day, time.Hour)), 0)
		if a.Outcome != FailOpen || a.Rule != RuleTestingIgnored || a.Reported != "" {
			t.Errorf("outcome %s rule %d reported %q", a.Outcome, a.Rule, a.Reported)
		}
	})

	t.Run("config.go:50 TLS-RPT off; mta-sts.go:346-353 never a fetch error", func(t *testing.T) {
		a := attempt(t, solo(outage404(Week, FailNotFound), UncachedSender("s", tlspol, time.Hour)), 0)
		if tlspol.Reports || a.Reported != "" {
			t.Errorf("reports %t, reported %q", tlspol.Reports, a.Reported)
		}
		p := tlspol
		p.Reports = true // tlsrpt: true still passes only policy data
		if a := attempt(t, solo(outage404(Week, FailNotFound), UncachedSender("s", p, time.Hour)), 0); a.Reported != "" {
			t.Errorf("with tlsrpt on: reported %q", a.Reported)
		}
	})

	// server.go:221 CACHE_NOTFOUND_TTL 1800, :975-977; mta-sts.go:31 and
	// server.go:1642: a temporary failure is retried after 5 minutes.
	held := []struct {
		name  string
		world Timeline
		hold  time.Duration
	}{
		{"server.go:221,975-977 404 remembered 30 min", outage404(Week, FailNotFound), 30 * time.Minute},
		{"server.go:221,975-977 wrong Content-Type remembered 30 min", outage404(Week, FailContentType), 30 * time.Minute},
		{"server.go:221,975-977 bad policy remembered 30 min", outage404(Week, FailInvalid), 30 * time.Minute},
		{"server.go:221,975-977 no TXT record remembered 30 min", func() Timeline {
			tl := world1(Week)
			tl.TXTOutages = []TXTOutage{{From: 0, To: Forever, Kind: TXTAbsent}}
			return tl
		}(), 30 * time.Minute},
		{"mta-sts.go:31 server.go:1642 timeout retried after 5 min", outage404(Week, FailTimeout), 5 * time.Minute},
		{"mta-sts.go:31 server.go:1642 TLS failure retried after 5 min", outage404(Week, FailTLS), 5 * time.Minute},
		{"mta-sts.go:31 server.go:1642 TXT DNS error retried after 5 min", func() Timeline {
			tl := world1(Week)
			tl.TXTOutages = []TXTOutage{{From: 0, To: Forever, Kind: TXTDNSError}}
			return tl
		}(), 5 * time.Minute},
	}
	for _, c := range held {
		t.Run(c.name, func(t *testing.T) {
			c.world.Until = 2 * time.Hour
			sr := solo(c.world, UncachedSender("s", tlspol, time.Minute))
			for _, a := range sr.Attempts {
				looked := a.TXT.Looked
				want := a.At%c.hold == 0 // one lookup, then none until the hold ends
				if looked != want || a.Outcome != FailOpen {
					t.Fatalf("at %s: looked %t, want %t (outcome %s)", FormatDuration(a.At), looked, want, a.Outcome)
				}
			}
		})
	}
}

// go-mtasts at 1438da2 as maddy 837b1b8 uses it.
func TestSenderGoMTASTS(t *testing.T) {
	gm := mustProfile(t, "go-mtasts")

	t.Run("cache.go:108-119 Refresh lists expired entries and refetches them", func(t *testing.T) {
		tl := world1(Week)
		tl.Until = 4 * Day
		// The entry, fetched at -8d, expired at -1d. The one delivery is
		// at 3d, when the 12 h job (anchored at the fetch) also runs,
		// first: it renews the expired entry, so the delivery need not.
		at3d := func(p Profile) Attempt {
			s := CachedSender("s", p, 8*Day, 0)
			s.Start = 3 * Day
			return attempt(t, solo(tl, s), 3*Day)
		}
		if a := at3d(gm); a.Fetch.Tried || a.Cache.Kind != CacheValid || a.Outcome != Enforced {
			t.Errorf("cache %v fetch %+v outcome %s: the refresh should have renewed the entry", a.Cache, a.Fetch, a.Outcome)
		}
		p := gm
		p.RefreshExpired = false // the tool's old go-mtasts
		if a := at3d(p); !a.Fetch.Tried || a.Cache.Kind != CacheExpired {
			t.Errorf("without refreshing expired entries the delivery fetches: cache %v fetch %+v", a.Cache, a.Fetch)
		}
	})

	t.Run("maddy has no TLS-RPT (git grep -i tlsrpt@837b1b8: docs only)", func(t *testing.T) {
		tl := outage404(Week, FailNotFound)
		tl.TLSBreaks = []TLSBreak{{From: 0, To: Forever, Result: "certificate-expired"}}
		a := attempt(t, solo(tl, CachedSender("s", gm, Day, time.Hour)), 0)
		if a.Outcome != Deferred || a.Reported != "" {
			t.Errorf("outcome %s reported %q", a.Outcome, a.Reported)
		}
	})

	// security.go:185-191@837b1b8: CheckMX answers an MX the enforce policy
	// does not list with 550 5.7.0; connect.go:341-356 tries every MX and
	// fails the message with the last MX's error, permanent or not.
	bounce := []struct {
		name string
		mx   []string
		tls  string // host with broken TLS
		want Outcome
	}{
		{"security.go:185-191 the only MX not listed: 550, bounced", []string{"mx9.other.example"}, "", Bounced},
		{"connect.go:341-356 listed MX broken, then an unlisted one last: bounced", []string{"mx1.example.com", "mx9.other.example"}, "mx1.example.com", Bounced},
		{"security.go:211-217 an unlisted MX, then a listed one with broken TLS last: 451, deferred", []string{"mx9.other.example", "mx1.example.com"}, "mx1.example.com", Deferred},
	}
	for _, c := range bounce {
		t.Run(c.name, func(t *testing.T) {
			tl := world1(Week)
			tl.MX = c.mx
			if c.tls != "" {
				tl.TLSBreaks = []TLSBreak{{From: 0, To: Forever, Host: c.tls, Result: "certificate-expired"}}
			}
			a := attempt(t, solo(tl, CachedSender("s", gm, Day, time.Hour)), 0)
			if a.Outcome != c.want {
				t.Errorf("go-mtasts: %s, want %s", a.Outcome, c.want)
			}
			if c.want == Bounced && (a.MXResult != "validation-failure" || !strings.Contains(a.Explain(), "550")) {
				t.Errorf("mx result %q, explanation %q", a.MXResult, a.Explain())
			}
			// RFC 8461 §5 asks for a transient failure: rfc defers.
			if a := attempt(t, solo(tl, CachedSender("s", mustProfile(t, "rfc"), Day, time.Hour)), 0); a.Outcome != Deferred {
				t.Errorf("rfc: %s, want deferred", a.Outcome)
			}
		})
	}
}

// mox at 1c95876 (mjl-/mox).
func TestSenderMox(t *testing.T) {
	mox := mustProfile(t, "mox")

	// An entry that expired before the first delivery, with the policy file
	// gone from t = 0: the delivery at 0 refetches and fails. The daily
	// job (anchored at the fetch, 8d12h before) next runs at 12h.
	expired := func(p Profile) SenderResult {
		tl := outage404(Week, FailNotFound)
		tl.Until = 5 * Day
		s := withTimes(CachedSender("s", p, 8*Day+12*time.Hour, 0), 0, 2*time.Minute, 6*time.Minute, 3*Day)
		return solo(tl, s)
	}

	t.Run("mtastsdb/db.go:146-169,249-259 a failed fetch overwrites the expired entry with a 5-minute mode-none entry", func(t *testing.T) {
		sr := expired(mox)
		a := attempt(t, sr, 0)
		if a.Cache.Kind != CacheExpired || a.Fetch.Failure != FailNotFound || a.Outcome != FailOpen {
			t.Fatalf("at 0: cache %v fetch %+v outcome %s", a.Cache, a.Fetch, a.Outcome)
		}
		if a := attempt(t, sr, 2*time.Minute); a.Cache.Kind != CacheNone {
			t.Errorf("at 2m the old policy is gone: cache %v", a.Cache)
		}
		// The daily job, which extends an entry whose id is unchanged,
		// has nothing to revive: the file is still gone at 3d.
		if a := attempt(t, sr, 3*Day); a.Outcome != FailOpen || sr.ProtectedAt(3*Day) {
			t.Errorf("at 3d: %s, protected %t: the overwritten policy came back", a.Outcome, sr.ProtectedAt(3*Day))
		}
		// Without the overwrite the job would revive it (the tool's old mox).
		p := mox
		p.BackoffOverwrites = false
		if !expired(p).ProtectedAt(3 * Day) {
			t.Fatal("the test needs the revival it rules out")
		}
	})

	t.Run("mtastsdb/db.go:128-130 no TXT lookup during the back-off; db.go:262-268 reported", func(t *testing.T) {
		sr := expired(mox)
		a := attempt(t, sr, 2*time.Minute)
		if a.TXT.Looked || a.Fetch.Tried || !a.Fetch.BackedOff || a.Outcome != FailOpen {
			t.Errorf("txt %+v fetch %+v outcome %s", a.TXT, a.Fetch, a.Outcome)
		}
		if a.Reported != "sts-policy-fetch-error" {
			t.Errorf("reported %q, want sts-policy-fetch-error (back-off-after-recent-fetch-error)", a.Reported)
		}
		// The back-off lasts 300 s (db.go:152): at 6m mox looks again.
		if a := attempt(t, sr, 6*time.Minute); !a.TXT.Looked || !a.Fetch.Tried {
			t.Errorf("at 6m: txt %+v fetch %+v", a.TXT, a.Fetch)
		}
	})

	t.Run("mtastsdb/db.go:311-321 a failed refetch for a new id keeps the valid cache, no back-off", func(t *testing.T) {
		tl := outage404(Week, FailNotFound)
		tl.Versions = append(tl.Versions, Version{ID: "2", Mode: policy.ModeEnforce, MaxAge: Week, MX: []string{"mx1.example.com"}, At: Forever, TXTAt: 0})
		tl.Until = Day
		sr := solo(tl, CachedSender("s", mox, Day, time.Minute))
		for _, at := range []time.Duration{0, time.Minute} {
			if a := attempt(t, sr, at); !a.Fetch.Tried || a.Outcome != Enforced || a.Rule != RuleCachedFetchFail {
				t.Errorf("at %s: fetch %+v outcome %s", FormatDuration(at), a.Fetch, a.Outcome)
			}
		}
	})

	txt := func(kind TXTFailure) Timeline {
		tl := world1(Week)
		tl.TXTOutages = []TXTOutage{{From: 0, To: Forever, Kind: kind}}
		tl.Until = Day
		return tl
	}
	t.Run("mtastsdb/db.go:232-241 queue/direct.go:171-181 TXT temporary error, no valid cache: deferred", func(t *testing.T) {
		a := attempt(t, solo(txt(TXTDNSError), UncachedSender("s", mox, time.Hour)), 0)
		if a.Outcome != Deferred || a.Rule != RuleTXTErrorDefer || a.Reported != "sts-policy-fetch-error" {
			t.Errorf("outcome %s rule %d reported %q", a.Outcome, a.Rule, a.Reported)
		}
		if !strings.Contains(a.Explain(), "mail waits") {
			t.Errorf("explanation %q", a.Explain())
		}
		if a := attempt(t, solo(txt(TXTDNSError), UncachedSender("s", mustProfile(t, "rfc"), time.Hour)), 0); a.Outcome != FailOpen {
			t.Errorf("rfc (§3.3): %s, want fail-open", a.Outcome)
		}
	})
	t.Run("mtastsdb/db.go:279-299 TXT failure with a valid cache: cached policy, reported with fallback", func(t *testing.T) {
		for _, kind := range []TXTFailure{TXTDNSError, TXTAbsent} {
			a := attempt(t, solo(txt(kind), CachedSender("s", mox, Day, time.Hour)), 0)
			if a.Outcome != Enforced || a.Rule != RuleCachedTXTGone || a.Reported != "sts-policy-fetch-error" {
				t.Errorf("%s: outcome %s rule %d reported %q", kind, a.Outcome, a.Rule, a.Reported)
			}
			if a := attempt(t, solo(txt(kind), CachedSender("s", mustProfile(t, "go-mtasts"), Day, time.Hour)), 0); a.Outcome != Enforced || a.Reported != "" {
				t.Errorf("go-mtasts (no TLS-RPT), %s: outcome %s reported %q", kind, a.Outcome, a.Reported)
			}
		}
	})
	t.Run("mtastsdb/db.go:221-231 no TXT record: not doing MTA-STS, fail-open", func(t *testing.T) {
		if a := attempt(t, solo(txt(TXTAbsent), UncachedSender("s", mox, time.Hour)), 0); a.Outcome != FailOpen {
			t.Errorf("outcome %s", a.Outcome)
		}
	})
}

// RFC 8461 §3.3: "MTAs SHOULD alert administrators (through the use of
// logs or similar) when such attempts fail, unless the cached policy mode
// is none"; §10.2 asks the same "long before cached policies expire".
func TestRefreshFailuresAlert(t *testing.T) {
	cases := []struct {
		profile string
		mode    policy.Mode
		want    bool
	}{
		{"rfc", policy.ModeEnforce, true},
		{"rfc", policy.ModeNone, false},
		{"mox", policy.ModeEnforce, true},                                // refresh.go:146-147,153-154
		{"postfix-mta-sts-resolver-proactive", policy.ModeEnforce, true}, // proactive_fetcher.py:34-35
		{"go-mtasts", policy.ModeEnforce, false},                         // cache.go:119
		{"no-refresh", policy.ModeEnforce, false},
	}
	for _, c := range cases {
		tl := outage404(Week, FailNotFound)
		// A TXT outage too, so the id-checking jobs fail as well instead
		// of extending an unchanged id.
		tl.TXTOutages = []TXTOutage{{From: 0, To: Forever, Kind: TXTDNSError}}
		tl.Versions[0].Mode = c.mode
		tl.Until = 4 * Day
		for _, quiet := range []bool{false, true} {
			s := CachedSender("s", mustProfile(t, c.profile), time.Hour, 6*time.Hour)
			s.Quiet = quiet
			sr := solo(tl, s)
			if got := sr.RefreshAlerts > 0; got != c.want {
				t.Errorf("%s, mode %s, quiet %t: %d alerts", c.profile, c.mode, quiet, sr.RefreshAlerts)
			}
			if c.want && !quiet {
				alerted := false
				for _, m := range sr.Markers {
					alerted = alerted || m.Kind == MarkRefresh && strings.Contains(m.Detail, "admin is alerted")
				}
				if !alerted {
					t.Errorf("%s: no refresh marker says the admin is alerted: %v", c.profile, sr.Markers)
				}
			}
		}
	}
}
