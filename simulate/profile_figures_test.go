package simulate

import (
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// The survivable-outage figure is per profile, and it is what a population
// of that profile does: every sender keeps the policy through an outage of
// that length, and the unluckiest loses it soon after. The population draws
// each sender's last renewal from the profile's own cycle, so the figure and
// the population agree (a daily refresher is never drawn a week-old copy).
func TestSurvivableOutagePerProfileMatchesAPopulation(t *testing.T) {
	const n = 300
	for _, maxAge := range []time.Duration{Week, 60 * Day} {
		for _, p := range Profiles() {
			s := p.SurvivableOutage(maxAge, time.Hour)
			l := p.Lifetime(maxAge)
			tl := OutageTimeline(DefaultPolicy(maxAge), Forever, l+3*Day)
			sc := Population(tl, PopulationSpec{N: n, Seed: 3, Every: time.Hour, Profiles: []Profile{p}})
			r := sc.Run()
			first := Forever
			for _, sr := range r.Senders {
				first = min(first, sr.ProtectedUntil)
			}
			switch {
			case s == Forever:
				if first != Forever {
					t.Errorf("%s, max_age %s: figure says indefinitely, a sender lost it at %s", p.Name, FormatDuration(maxAge), FormatDuration(first))
				}
			case first < s:
				t.Errorf("%s, max_age %s: figure %s, but a sender lost the policy at %s", p.Name, FormatDuration(maxAge), FormatDuration(s), FormatDuration(first))
			case first > s+p.RenewalCycle(maxAge, time.Hour)/20+time.Hour:
				// 300 senders spread over the cycle: the unluckiest is close.
				t.Errorf("%s, max_age %s: figure %s is too low: the first sender lost it at %s", p.Name, FormatDuration(maxAge), FormatDuration(s), FormatDuration(first))
			}
		}
	}
}

func TestSurvivableFigures(t *testing.T) {
	cases := []struct {
		profile string
		maxAge  time.Duration
		want    time.Duration
		says    string
	}{
		{"rfc", Week, 6 * Day, "daily refresh, your policy survives a policy-file outage of up to 6d"},
		{"rfc", Day, 0, "can cost some of these senders your policy at once"},
		{"no-refresh", Week, 0, "renew it only at expiry"},
		{"mox", Week, Forever, "outlasts any policy-file outage while the TXT id stays"},
		{"postfix-mta-sts-resolver", Week, Forever, "an unchanged id restarts max_age"},
		// server.go:223@ffe1e2d: 30 days at most, refetched only at expiry.
		{"postfix-tlspol", year, 0, "it keeps a policy 30d at most"},
		// cache.go:113-119@1438da2: the 12 h job refetches within 6 h of
		// expiry; the hourly delivery refetches at expiry first.
		{"go-mtasts", Week, 0, "can cost some"},
	}
	for _, c := range cases {
		p := mustProfile(t, c.profile)
		if got := p.SurvivableOutage(c.maxAge, time.Hour); got != c.want {
			t.Errorf("%s, %s: %s, want %s", c.profile, FormatDuration(c.maxAge), FormatDuration(got), FormatDuration(c.want))
		}
		if got := p.SurvivableSentence(c.maxAge, time.Hour); !strings.Contains(got, c.says) || !strings.HasPrefix(got, c.profile+":") {
			t.Errorf("%s: %q lacks %q", c.profile, got, c.says)
		}
	}
}

// RFC 8461 §8.1 done wrong (the new TXT id an hour before the new file,
// whose mx the MX moves to): each profile recovers when WrongOrder says,
// not "when max_age runs out" for all.
func TestWrongOrderPerProfile(t *testing.T) {
	const maxAge = 3 * Day
	world := func() Timeline {
		tl := world1(maxAge)
		tl.Versions = append(tl.Versions, Version{ID: "2", Mode: policy.ModeEnforce, MaxAge: maxAge, MX: []string{"mx2.example.net"}, At: time.Hour, TXTAt: 0})
		tl.MX = []string{"mx1.example.com", "mx2.example.net"}
		tl.MXChanges = []MXChange{{At: 2 * time.Hour, Hosts: []string{"mx2.example.net"}}}
		tl.Until = 20 * Day
		return tl
	}
	for _, p := range Profiles() {
		if p.LazyFirstFetch {
			continue // as rfc
		}
		want, text := p.WrongOrder(maxAge, time.Hour)
		// A sender that renewed its copy just before the change.
		sr := solo(world(), CachedSender("s", p, time.Minute, time.Hour))
		back := Forever
		for _, seg := range sr.Segments {
			if seg.From >= 2*time.Hour && seg.Outcome == Enforced {
				back = seg.From
				break
			}
		}
		switch {
		case want == Forever && back != Forever:
			t.Errorf("%s: %q, but it recovered at %s", p.Name, text, FormatDuration(back))
		case want != Forever && (back == Forever || back > want+time.Hour):
			t.Errorf("%s: %q, but it recovered at %s", p.Name, text, FormatDuration(back))
		}
	}
	if _, text := mustProfile(t, "rfc").WrongOrder(maxAge, time.Hour); !strings.Contains(text, "next refresh") {
		t.Errorf("rfc: %q", text)
	}
	if _, text := mustProfile(t, "mox").WrongOrder(maxAge, time.Hour); !strings.Contains(text, "indefinitely") {
		t.Errorf("mox: %q", text)
	}
}

// The JSON summary carries the figures per profile, the survivable figure
// being the smallest (null for indefinitely).
func TestReportProfilesFigures(t *testing.T) {
	tl := OutageTimeline(DefaultPolicy(Week), 10*Day, 21*Day)
	rep := Run(tl, []Sender{
		CachedSender("a", mustProfile(t, "mox"), Day, time.Hour),
		CachedSender("b", mustProfile(t, "rfc"), Day, time.Hour),
	}).Report(nil)
	sum := rep.Summary
	if len(sum.Profiles) != 2 || sum.Profiles[0].Profile != "mox" || sum.Profiles[0].SurvivableSeconds != nil {
		t.Fatalf("profiles %+v", sum.Profiles)
	}
	if sum.SurvivableSeconds == nil || *sum.SurvivableSeconds != 6*86400 || !strings.HasPrefix(sum.Survivable, "rfc:") {
		t.Errorf("survivable %v %q", sum.SurvivableSeconds, sum.Survivable)
	}
	if sum.Profiles[1].RefreshAlerts == 0 || rep.Senders[1].RefreshAlerts == 0 {
		t.Errorf("rfc refreshes failed for ten days and alerted nobody: %+v", sum.Profiles[1])
	}
	if len(sum.UpdateOrder) != 5 || !strings.Contains(sum.UpdateOrder[3], "mox fetches the old file under the new id and keeps it indefinitely") {
		t.Errorf("update order %q", sum.UpdateOrder)
	}
}
