package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/reports"
)

func reportsData(t *testing.T) *ReportsData {
	t.Helper()
	r := reports.NewReader(reports.DefaultLimits())
	for _, p := range []string{"../probe/reports/testdata/google.json", "../probe/reports/testdata/deviations.json"} {
		if err := r.ReadPath(context.Background(), p, nil); err != nil {
			t.Fatal(err)
		}
	}
	agg := reports.Summarize(r.Set(), reports.Filter{})
	return &ReportsData{Set: r.Set(), Agg: agg}
}

func TestReportsScreenShowsChartTopAndDetails(t *testing.T) {
	var s Screen = newReports(NewStyles(true, true), reportsData(t)).SetSize(100, 30)
	v := ansi.Strip(s.View())
	for _, want := range []string{
		"example.com", "1221 successful", "325 failed",
		"2026-11-20 █", "█ sts-policy-fetch-error", "▓ certificate-expired",
		"Top failing MX: mx1.example.com (192.0.2.10)", "Top reporters:  Google Inc. 320",
		"› sts-policy-fetch-error", "[policy-fetch]",
		"2026-11-20 Google Inc.: 312 from 209.85.220.41 → mx1.example.com (192.0.2.10)",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q:\n%s", want, v)
		}
	}
	// The additional-information URI is shown as text.
	s, _ = s.Update(keyMsg("down"))
	if v := ansi.Strip(s.View()); !strings.Contains(v, "more: https://reports.example/details/42") {
		t.Errorf("no additional-information on the certificate-expired row:\n%s", v)
	}
	for _, line := range strings.Split(s.View(), "\n") {
		if ansi.StringWidth(line) > 100 {
			t.Errorf("line wider than 100: %q", line)
		}
	}
}

// TestReportsEnterWalksToTheStep: enter on a result type walks its domain
// with the explaining step selected, not the first problem.
func TestReportsEnterWalksToTheStep(t *testing.T) {
	m := New(context.Background(), Config{Runner: nopRunner, Reports: reportsData(t)})
	m = update(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	if frontName(m) != "reports" {
		t.Fatalf("front %s, want reports", frontName(m))
	}
	m = press(m, "down") // certificate-expired on mx2 → mx-tls
	nm, cmd := m.Update(keyMsg("enter"))
	m = nm.(Model)
	msg := cmd()
	sw, ok := msg.(startWalkMsg)
	if !ok || sw.target.ascii != "example.com" || sw.step != probe.StepMXTLS {
		t.Fatalf("enter gave %#v", msg)
	}
	m = update(m, msg)
	w := walkOf(m)
	if frontName(m) != "walk" || probe.StepOrder()[w.sel] != probe.StepMXTLS || !w.moved {
		t.Errorf("front %s, selected %s", frontName(m), probe.StepOrder()[w.sel])
	}
	nm, cmd = m.Update(keyMsg("esc"))
	m = update(nm.(Model), cmd())
	if frontName(m) != "reports" {
		t.Errorf("esc from the walk went to %s, want reports", frontName(m))
	}
}

// TestReportGlyphsFoldToDistinctASCII: on a Linux console the chart's
// result types must still be told apart.
func TestReportGlyphsFoldToDistinctASCII(t *testing.T) {
	seen := map[rune]string{}
	for _, g := range reportGlyphs {
		r := []rune(g)[0]
		a, ok := asciiGlyphs[r]
		if !ok {
			t.Errorf("%s has no ASCII twin", g)
			continue
		}
		if prev, dup := seen[a]; dup {
			t.Errorf("%s and %s both fold to %q", prev, g, a)
		}
		seen[a] = g
	}
}

func TestReportsMouse(t *testing.T) {
	var s Screen = newReports(NewStyles(true, true), reportsData(t)).SetSize(100, 30)
	s, _ = s.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if got := s.(reportsModel).sel; got != 1 {
		t.Errorf("wheel down selected %d, want 1", got)
	}
	lines := strings.Split(ansi.Strip(s.View()), "\n")
	y := -1
	for i, l := range lines {
		if strings.Contains(l, "tls-downgrade-detected on") {
			y = i
		}
	}
	s, _ = s.Update(tea.MouseClickMsg{Button: tea.MouseLeft, X: 5, Y: y})
	if rows := s.(reportsModel).results(); rows[s.(reportsModel).sel].link.ResultType != "tls-downgrade-detected" {
		t.Errorf("a click on the tls-downgrade-detected row selected %s", rows[s.(reportsModel).sel].link.ResultType)
	}
}

// TestReportsSmallTerminalKeepsTheResultTypes: ↑/↓ and enter act on the
// result types, so at 50x14 they and the selection stay on screen and the
// chart gives way (it filled the screen and hid them).
func TestReportsSmallTerminalKeepsTheResultTypes(t *testing.T) {
	for _, size := range [][2]int{{50, 14}, {60, 16}, {80, 24}, {100, 30}} {
		w, h := size[0], size[1]
		var s Screen = newReports(NewStyles(true, true), reportsData(t)).SetSize(w, h)
		s, _ = s.Update(keyMsg("down"))
		v := ansi.Strip(s.View())
		if !strings.Contains(v, "Result types") || !strings.Contains(v, "› certificate-expired") {
			t.Errorf("%dx%d: the picked result type is not on screen:\n%s", w, h, v)
		}
		if lines := strings.Split(v, "\n"); len(lines) != h {
			t.Errorf("%dx%d: %d lines", w, h, len(lines))
		}
		if h >= 24 && !strings.Contains(v, "2026-11-20 █") {
			t.Errorf("%dx%d: no chart:\n%s", w, h, v)
		}
	}
}

// TestReportsListScrolls: more result rows than the screen has lines —
// the selection stays in view and the heading says which rows show.
func TestReportsListScrolls(t *testing.T) {
	var agg reports.Aggregate
	agg.Domains = []reports.DomainTotal{{Domain: "example.com", Failed: 30}}
	for i := range 30 {
		agg.Rows = append(agg.Rows, reports.Row{Domain: "example.com", Day: "2026-11-20", ResultType: "certificate-expired",
			ReceivingMX: fmt.Sprintf("mx%02d.example.com", i), Failed: int64(100 - i)})
	}
	var s Screen = newReports(NewStyles(true, true), &ReportsData{Agg: agg}).SetSize(80, 24)
	s, _ = s.Update(keyMsg("G"))
	v := ansi.Strip(s.View())
	if !strings.Contains(v, "› certificate-expired on mx29.example.com") || !strings.Contains(v, "of 30") {
		t.Errorf("the last row is not in view after G:\n%s", v)
	}
	if n := len(strings.Split(s.View(), "\n")); n > 24 {
		t.Errorf("%d lines on a 24-line screen", n)
	}
}
