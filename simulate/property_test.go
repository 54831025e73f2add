package simulate

import (
	"math/rand/v2"
	"testing"
	"time"
)

// RFC 8461 §3.2, §3.3: with no refresh and a last fetch L before the
// outage, protection ends exactly at max_age − L.
func TestPropertyNoRefreshEndsAtMaxAgeMinusLastFetch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		maxAge := time.Duration(1+rng.Int64N(60)) * Day
		last := time.Duration(rng.Int64N(int64(maxAge)))
		every := time.Duration(1+rng.Int64N(12*3600)) * time.Second
		sc := Cached(mustProfile(t, "no-refresh"), maxAge, last, Forever, 2*maxAge, every)
		got := sc.Run().Senders[0].ProtectedUntil
		if got != maxAge-last {
			t.Fatalf("max_age %s, last fetch %s, every %s: protected until %s, want %s",
				FormatDuration(maxAge), FormatDuration(last), FormatDuration(every), FormatDuration(got), FormatDuration(maxAge-last))
		}
	}
}

// RFC 8461 §3.3: a sender refreshing daily since long before the outage is
// never unprotected before max_age − 1 d.
func TestPropertyDailyRefreshNeverBeforeMaxAgeMinusOneDay(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		maxAge := time.Duration(2+rng.Int64N(60)) * Day
		tl := OutageTimeline(DefaultPolicy(maxAge), Forever, 2*maxAge)
		s := UncachedSender("s", mustProfile(t, "rfc"), time.Duration(1+rng.Int64N(48*3600))*time.Second)
		s.Start = -time.Duration(rng.Int64N(int64(3*maxAge))) - maxAge
		got := Run(tl, []Sender{s}).Senders[0].ProtectedUntil
		if got < maxAge-Day {
			t.Fatalf("max_age %s, start %s, every %s: protected until %s, before max_age − 1 d",
				FormatDuration(maxAge), FormatDuration(s.Start), FormatDuration(s.Every), FormatDuration(got))
		}
	}
}

// RFC 8461 §3.3: with no cached policy and no policy file there is
// nothing to enforce; for every profile, during the outage.
func TestPropertyUncachedNeverEnforcedDuringOutage(t *testing.T) {
	for _, p := range Profiles() {
		sc := Uncached(p, 7*Day, 10*Day, 21*Day, 37*time.Minute)
		for _, a := range sc.Run().Senders[0].Attempts {
			if a.At < 10*Day && a.Outcome.Protected() {
				t.Fatalf("%s: %s at %s", p.Name, a.Outcome, FormatDuration(a.At))
			}
		}
	}
}

// senders/postfix-mta-sts-resolver.md §3 and senders/mox.md: an unchanged
// TXT id restarts max_age without a fetch, so these senders never lose
// protection while the record stays; the RFC reading (§3.2) does.
func TestExtendingProfilesNeverNoticeAMissingFile(t *testing.T) {
	for _, name := range []string{"postfix-mta-sts-resolver", "postfix-mta-sts-resolver-proactive", "mox"} {
		r := Cached(mustProfile(t, name), 7*Day, 2*Day, Forever, 120*Day, 6*time.Hour).Run()
		if got := r.Senders[0].ProtectedUntil; got != Forever {
			t.Errorf("%s: protection ended at %s; the TXT id never changed", name, FormatDuration(got))
		}
	}
	r := Cached(mustProfile(t, "rfc"), 7*Day, 2*Day, Forever, 120*Day, 6*time.Hour).Run()
	if got := r.Senders[0].ProtectedUntil; got != 5*Day {
		t.Errorf("rfc: protected until %s, want 5d", FormatDuration(got))
	}
	// Remove the TXT record as well: now they expire like everyone else.
	sc := Cached(mustProfile(t, "postfix-mta-sts-resolver"), 7*Day, 2*Day, Forever, 60*Day, 6*time.Hour)
	sc.Timeline.TXTOutages = []TXTOutage{{From: 0, To: Forever, Kind: TXTAbsent}}
	if got := sc.Run().Senders[0].ProtectedUntil; got != 5*Day {
		t.Errorf("resolver without TXT: protected until %s, want 5d (no extension after the fetch at −2d)", FormatDuration(got))
	}
}
