package simulate

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// A policy renewed at the very moment it expires protects without a gap:
// its spans are one, and protected_until_seconds is not the renewal time.
func TestSpansRenewedAtExpiryMerge(t *testing.T) {
	for _, quiet := range []bool{false, true} {
		tl := world1(7 * Day)
		tl.Until = 20 * Day
		// no-refresh refetches on the first delivery at or after expiry:
		// hourly deliveries from t = 0 and a fetch 1d before t = 0 put
		// one exactly at 6d.
		s := CachedSender("s", mustProfile(t, "no-refresh"), Day, time.Hour)
		s.Quiet = quiet
		r := Run(tl, []Sender{s})
		sr := r.Senders[0]
		if len(sr.Protected) != 1 || sr.Protected[0] != (Interval{From: -Day, To: Forever}) {
			t.Fatalf("quiet %t: protected %v, want one span from -1d on", quiet, sr.Protected)
		}
		if sr.ProtectedUntil != Forever {
			t.Errorf("quiet %t: protected until %s", quiet, FormatDuration(sr.ProtectedUntil))
		}
		for _, m := range sr.Markers {
			if m.Kind == MarkCacheExpiry || m.Kind == MarkProtected {
				t.Errorf("quiet %t: marker %s at %s: a renewal at expiry is no expiry", quiet, m.Kind, FormatDuration(m.At))
			}
		}
		b, err := json.Marshal(r.Report(nil).Senders[0])
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"protected_until_seconds":null`) {
			t.Errorf("quiet %t: %s", quiet, b)
		}
		if strings.Contains(r.Summarise().Sentence, "protected again") {
			t.Errorf("quiet %t: %s", quiet, r.Summarise().Sentence)
		}
	}
}

// A real gap stays a gap: a delivery an hour after expiry renews it.
func TestSpansWithAGapStayApart(t *testing.T) {
	tl := world1(7 * Day)
	tl.Until = 20 * Day
	s := CachedSender("s", mustProfile(t, "no-refresh"), Day-30*time.Minute, time.Hour)
	r := Run(tl, []Sender{s})
	sr := r.Senders[0]
	if len(sr.Protected) < 2 || sr.ProtectedUntil != 6*Day+30*time.Minute {
		t.Fatalf("protected %v until %s", sr.Protected, FormatDuration(sr.ProtectedUntil))
	}
}

// One failed refresh is "1 failed refresh", not "1 failed refreshes".
func TestSentenceCountsAlertsInGoodEnglish(t *testing.T) {
	for n, want := range map[int]string{1: "alerted of 1 failed refresh;", 2: "alerted of 2 failed refreshes;"} {
		r := Result{Senders: []SenderResult{
			{Sender: Sender{Name: "a", Profile: mustProfile(t, "rfc")}, RefreshAlerts: n},
			{Sender: Sender{Name: "b", Profile: mustProfile(t, "rfc")}},
		}}
		if got := r.sentence(); !strings.Contains(got, want) {
			t.Errorf("%d alerts: %q, want %q", n, got, want)
		}
	}
}
