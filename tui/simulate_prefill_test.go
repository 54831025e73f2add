package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

func TestPolicyFromReport(t *testing.T) {
	rep := probe.Report{
		Domain: "example.net",
		Record: &policy.Record{ID: "abc123"},
		Policy: &policy.Policy{Mode: policy.ModeTesting, MaxAge: 86400, MX: []string{"*.example.net"}},
	}
	p, ok := policyFromReport(rep)
	if !ok || p.Domain != "example.net" || p.ID != "abc123" || p.Mode != policy.ModeTesting ||
		p.MaxAge != 24*time.Hour || !slices.Equal(p.MX, []string{"*.example.net"}) {
		t.Fatalf("got %+v, %t", p, ok)
	}
	rep.Policy.MX[0] = "changed"
	if p.MX[0] != "*.example.net" {
		t.Error("the prefilled mx list shares the report's backing array")
	}

	// No valid policy: the domain and id are kept, ok is false.
	p, ok = policyFromReport(probe.Report{Domain: "none.example", Record: &policy.Record{ID: "7"}})
	if ok || p.Domain != "none.example" || p.ID != "7" || p.Mode != policy.ModeEnforce {
		t.Fatalf("no policy: got %+v, %t", p, ok)
	}
}

// A bounce (go-mtasts under an enforce policy that does not list the MX)
// has its own glyph, and the legend names it only when one is on screen.
func TestSimBouncedGlyphAndLegend(t *testing.T) {
	s := newSim(NewStyles(true, true), nil)
	if c := s.outcomeCell('B'); c.r != glyphBounced {
		t.Fatalf("'B' draws %q", c.r)
	}
	has := func() bool { return strings.Contains(strings.Join(s.legend(200), " "), "bounced") }
	tl := simulate.OutageTimeline(simulate.DefaultPolicy(simulate.Week), simulate.Day, 2*simulate.Day)
	gm, err := simulate.ProfileByName("go-mtasts")
	if err != nil {
		t.Fatal(err)
	}
	res := simulate.Run(tl, []simulate.Sender{simulate.CachedSender("c", gm, simulate.Day, time.Hour)})
	s.res = &res
	if has() {
		t.Error("legend names bounced with no bounce on screen")
	}
	tl.MX = []string{"mx9.elsewhere.example"}
	res = simulate.Run(tl, []simulate.Sender{simulate.CachedSender("c", gm, simulate.Day, time.Hour)})
	s.res = &res
	if res.Senders[0].Count(simulate.Bounced) == 0 || !has() {
		t.Errorf("bounced %d, legend %q", res.Senders[0].Count(simulate.Bounced), s.legend(200))
	}
}

// The survivable-outage line is the selected sender's profile's: a mox
// sender keeps the policy while the TXT id stays, an rfc one for max_age
// less a day.
func TestSimSurvivableFollowsTheSelectedSender(t *testing.T) {
	s := newSim(NewStyles(true, true), nil)
	if got := s.survivable(); !strings.HasPrefix(got, "Best case for rfc ") {
		t.Errorf("before any run: %q", got)
	}
	mox, err := simulate.ProfileByName("mox")
	if err != nil {
		t.Fatal(err)
	}
	tl := simulate.OutageTimeline(simulate.DefaultPolicy(simulate.Week), simulate.Day, 2*simulate.Day)
	res := simulate.Run(tl, []simulate.Sender{simulate.CachedSender("m", mox, simulate.Day, time.Hour)})
	s.res, s.row = &res, 0
	if got := s.survivable(); !strings.HasPrefix(got, "Best case for mox ") || !strings.Contains(got, "while the TXT id stays") {
		t.Errorf("mox selected: %q", got)
	}
}

// At every size the simulator says what it assumed: where max_age comes
// from (the policy-missing walk read no policy, so it is assumed) and when
// the cached senders last fetched; the 80x24 screen used to drop both and
// show "max_age 1w" as if it were the domain's.
func TestSimStatesItsAssumptionsAtEverySize(t *testing.T) {
	for _, size := range [][2]int{{50, 14}, {80, 24}, {120, 40}, {200, 50}} {
		m := openSim(t, size[0], size[1])
		view := strings.Join(strings.Fields(ansi.Strip(m.View().Content)), " ")
		for _, want := range []string{"max_age 1w", ", assumed: no policy was read", "cached senders last fetched 2d before t = 0"} {
			if !strings.Contains(view, want) {
				t.Errorf("%dx%d: %q missing:\n%s", size[0], size[1], want, ansi.Strip(m.View().Content))
			}
		}
	}
	rep := healthyReport()
	rep.Policy = &policy.Policy{Mode: policy.ModeEnforce, MaxAge: 604800, MX: []string{"mail.example.com"}}
	healthy := feed(newTestModel("example.com", 80, 24), stream(rep)...)
	healthy = act(healthy, "m")
	if view := strings.Join(strings.Fields(ansi.Strip(healthy.View().Content)), " "); !strings.Contains(view, "max_age 1w (604800 s), from example.com's policy") {
		t.Errorf("a read policy's max_age is not said to be the domain's:\n%s", ansi.Strip(healthy.View().Content))
	}
}

// The population row is defined at every size (only 120x40 said what it
// was).
func TestSimDefinesThePopulationAtEverySize(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		view := ansi.Strip(openSim(t, size[0], size[1]).View().Content)
		if !strings.Contains(view, "population: 1000 mixed") {
			t.Errorf("%v: the population is not defined:\n%s", size, view)
		}
		// The summary names the senders it is about.
		if !strings.Contains(strings.Join(strings.Fields(view), " "), "cached (rfc) is protected until 5d") {
			t.Errorf("%v: the summary naming the cached sender is gone:\n%s", size, view)
		}
	}
}
