package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// The issue asks for every walk state at 80x24 (stacked) and 120x40 (side
// by side); the views are golden files of the ANSI-stripped content.
func TestWalkGolden(t *testing.T) {
	healthy := stream(healthyReport())
	missing := stream(missingReport())
	states := []struct {
		name   string
		domain string
		build  func(Model) Model
	}{
		// Three steps done, the fourth running: spinner frame 0, elapsed by
		// the fake clock.
		{"InProgress", "example.com", func(m Model) Model { return feed(m, healthy[:7]...) }},
		{"Healthy", "example.com", func(m Model) Model { return feed(m, healthy...) }},
		// RFC 8461 §3.3: 404 means no policy; with no cache, fail-open.
		{"PolicyMissing", "policy-missing.test", func(m Model) Model { return feed(m, missing...) }}, // lands on the policy fetch FAIL
	}
	for _, st := range states {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", st.name, size[0], size[1]), func(t *testing.T) {
				m := st.build(newTestModel(st.domain, size[0], size[1]))
				view := ansi.Strip(m.View().Content)
				assertFits(t, view, size[0], size[1])
				golden.RequireEqual(t, []byte(view))
			})
		}
	}
}

func TestHomeGolden(t *testing.T) {
	m := New(t.Context(), Config{Runner: nopRunner, Now: fixedClock, Scenarios: []Scenario{
		{Name: "healthy.test", Title: "Everything right", Story: "A domain that publishes MTA-STS in enforce mode and TLS-RPT, with a valid certificate on every MX."},
		{Name: "policy-missing.test", Title: "The policy file is gone", Story: "The TXT record announces a policy, but the web server answers 404. A sender with no cached policy delivers fail-open."},
	}})
	m = update(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = update(m, recentLoadedMsg{})
	m = press(m, "down")
	view := ansi.Strip(m.View().Content)
	assertFits(t, view, 80, 24)
	golden.RequireEqual(t, []byte(view))
}

// assertFits checks no line is wider than the terminal and the frame is
// not taller: a wider line would wrap and break the layout.
func assertFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("view has %d lines, terminal has %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got > w {
			t.Errorf("line %d is %d cells wide, terminal is %d: %q", i+1, got, w, l)
		}
	}
}

// Every line fits at every width, including ones below the compact
// breakpoint and a terminal that reported no size (width 0).
func TestWalkLinesFitEveryWidth(t *testing.T) {
	for _, size := range [][2]int{{0, 0}, {20, 8}, {40, 12}, {59, 30}, {60, 18}, {79, 24}, {99, 30}, {100, 16}, {200, 50}} {
		for _, keys := range [][]string{nil, {"?"}, {"tab", "down", "down"}} {
			m := newTestModel("policy-missing.test", size[0], size[1])
			m = press(feed(m, stream(missingReport())...), keys...)
			w, h := size[0], size[1]
			if w == 0 {
				w, h = 80, 24
			}
			assertFits(t, ansi.Strip(m.View().Content), w, h)
			assertFits(t, m.View().Content, w, h)
		}
	}
}
