package tui

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// The walk of real lab domains, probed through the fake Internet on
// loopback (no real network): the golden files show exactly what an admin
// sees for a healthy domain, the central policy-missing case, and a walk
// in progress. What varies from run to run (timings, the resolver's
// ephemeral port, certificate dates) is pinned before the events reach the
// model.
func TestWalkGoldenLab(t *testing.T) {
	all, err := probetest.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	var domains []probetest.Domain
	for _, s := range all {
		if s.Name == "healthy-enforce" || s.Name == "policy-missing" {
			domains = append(domains, probetest.ScenarioDomain(s))
		}
	}
	w := probetest.New(t, probetest.Config{Domains: domains})
	events := func(domain string) []probe.Event {
		var evs []probe.Event
		for ev := range probe.Run(context.Background(), domain, w.Options()) {
			evs = append(evs, pin(ev))
		}
		return evs
	}
	healthy, missing := events("healthy-enforce.test"), events("policy-missing.test")
	for _, st := range []struct {
		name, domain string
		build        func(Model) Model
	}{
		// Steps finish in whatever order the network allows; the golden
		// of a walk in progress replays them in protocol order so it is
		// the same every run.
		{"InProgress", "healthy-enforce.test", func(m Model) Model { return feed(m, inProtocolOrder(healthy)[:7]...) }},
		{"Healthy", "healthy-enforce.test", func(m Model) Model { return feed(m, healthy...) }},
		// The acceptance path of issue 6: the walk fails at the fetch,
		// shows the 404 with its explanation, and the verdict is fail-open.
		{"PolicyMissing", "policy-missing.test", func(m Model) Model { return feed(m, missing...) }}, // lands on the policy fetch FAIL
	} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", st.name, size[0], size[1]), func(t *testing.T) {
				m := st.build(newTestModel(st.domain, size[0], size[1]))
				view := ansi.Strip(m.View().Content)
				assertFits(t, view, size[0], size[1])
				golden.RequireEqual(t, []byte(view))
			})
		}
	}
	// Whatever the layout cuts, the central facts are on screen.
	m := feed(newTestModel("policy-missing.test", 120, 40), missing...) // lands on the FAIL
	view := ansi.Strip(m.View().Content)
	for _, want := range []string{"404", "fail-open", "sts-policy-fetch-error", "curl"} {
		if !strings.Contains(view, want) {
			t.Errorf("policy-missing view lacks %q", want)
		}
	}
}

// dnsPort is the resolver's ephemeral port in a dig command.
var dnsPort = regexp.MustCompile(`-p [0-9]+ `)

// pin replaces what differs between runs with fixed values.
func pin(ev probe.Event) probe.Event {
	fixed := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	pinStep := func(s *probe.Step, i int) {
		s.Started = t0
		if s.Status.Done() {
			s.Duration = time.Duration(i+1) * time.Millisecond
		}
		for j := range s.Evidence.DNS {
			s.Evidence.DNS[j].RTT = 0
			s.Evidence.DNS[j].Server = "127.77.0.53:53"
		}
		s.Commands = slices.Clone(s.Commands)
		for j, c := range s.Commands {
			s.Commands[j] = dnsPort.ReplaceAllString(c, "-p 5353 ")
		}
		for j := range s.Evidence.Certificates {
			s.Evidence.Certificates[j].NotBefore, s.Evidence.Certificates[j].NotAfter = fixed, fixed.AddDate(1, 0, 0)
		}
		for j := range s.Hosts {
			s.Hosts[j].Duration = 0
			for k := range s.Hosts[j].Certificates {
				s.Hosts[j].Certificates[k].NotBefore, s.Hosts[j].Certificates[k].NotAfter = fixed, fixed.AddDate(1, 0, 0)
			}
		}
	}
	index := map[probe.StepID]int{}
	for i, id := range probe.StepOrder() {
		index[id] = i
	}
	pinStep(&ev.Step, index[ev.Step.ID])
	if ev.Report != nil {
		rep := *ev.Report
		rep.Started, rep.Duration = t0, 50*time.Millisecond
		rep.Steps = append([]probe.Step(nil), rep.Steps...)
		for i := range rep.Steps {
			pinStep(&rep.Steps[i], i)
		}
		ev.Report = &rep
	}
	return ev
}

// inProtocolOrder sorts a walk's events as the probe released them before
// it sent each result as soon as it was known: step by step in protocol
// order, each step's running snapshot before its final one.
func inProtocolOrder(evs []probe.Event) []probe.Event {
	rank := map[probe.StepID]int{}
	for i, id := range probe.StepOrder() {
		rank[id] = i
	}
	out := slices.Clone(evs)
	slices.SortStableFunc(out, func(a, b probe.Event) int {
		if a.Report != nil || b.Report != nil {
			return cmp.Compare(boolInt(a.Report != nil), boolInt(b.Report != nil))
		}
		if c := cmp.Compare(rank[a.Step.ID], rank[b.Step.ID]); c != 0 {
			return c
		}
		return cmp.Compare(boolInt(a.Step.Status.Done()), boolInt(b.Step.Status.Done()))
	})
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
