package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/history"
)

// fakeHistory is a HistorySource of fixed walks: three walks of a.test in
// which the policy is edited without a new id, then the id is bumped.
type fakeHistory struct{ walks []history.Walk }

func (f fakeHistory) Walks(_ context.Context, domain string, _ int) ([]history.Walk, error) {
	if domain != "a.test" {
		return nil, nil
	}
	return f.walks, nil
}

func (f fakeHistory) Report(_ context.Context, id int64) (*probe.Report, error) {
	for _, w := range f.walks {
		if w.ID == id {
			return &probe.Report{Domain: w.Domain, Started: w.Time, Verdict: probe.Verdict{WithoutCache: probe.VerdictEnforce},
				Steps: []probe.Step{{ID: probe.StepRecord, Status: probe.StatusOK, Summary: "v=STSv1; id=" + w.RecordID}}}, nil
		}
	}
	return nil, errors.New("no such walk")
}

func threeWalks() fakeHistory {
	at := time.Date(2026, 11, 29, 6, 0, 0, 0, time.UTC)
	v1 := "version: STSv1\nmode: enforce\nmx: mx1.a.test\nmax_age: 604800\n"
	v2 := "version: STSv1\nmode: enforce\nmx: mx1.a.test\nmx: mx2.a.test\nmax_age: 604800\n"
	w := func(id int64, h int, rid, body, sum string) history.Walk {
		return history.Walk{ID: id, Time: at.Add(time.Duration(h) * time.Hour), Domain: "a.test", Verdict: "enforce", RecordID: rid,
			RecordTTL: 300, PolicyOK: true, PolicyText: body, PolicySHA256: sum, Mode: "enforce", MaxAge: 604800,
			MXPatterns: []string{"mx1.a.test"}, MX: []string{"mx1.a.test"},
			Certs: []history.Cert{{Role: history.RoleMX, Host: "mx1.a.test", NotAfter: at.Add(30 * 24 * time.Hour)}}}
	}
	return fakeHistory{walks: []history.Walk{w(1, 0, "1", v1, "aa"), w(2, 1, "1", v2, "bb"), w(3, 2, "2", v2, "bb")}}
}

// drive runs a command chain's messages into the screen (no program).
func drive(s Screen, cmd tea.Cmd) Screen {
	for cmd != nil {
		msg := cmd()
		s, cmd = s.Update(msg)
	}
	return s
}

func TestHistoryScreenTimelineReportAndDiff(t *testing.T) {
	h := newHistory(NewStyles(true, true), threeWalks(), "a.test")
	var s Screen = h.SetSize(80, 24)
	s = drive(s, h.Init())
	v := ansi.Strip(s.View())
	assertFits(t, v, 80, 24)
	for _, want := range []string{"History of a.test", "3 walks", "* 2026-11-29 07:00", "policy_changed_same_id", "id_changed_same_policy",
		"Walk 3, 2026-11-29 08:00 UTC"} {
		if !strings.Contains(v, want) {
			t.Errorf("timeline lacks %q:\n%s", want, v)
		}
	}
	golden.RequireEqual(t, []byte(v))

	// Reopen walk 2's report.
	s, _ = s.Update(keyMsg("up"))
	var cmd tea.Cmd
	s, cmd = s.Update(keyMsg("enter"))
	s = drive(s, cmd)
	if v := ansi.Strip(s.View()); !strings.Contains(v, "Walk 2 of a.test") || !strings.Contains(v, "v=STSv1; id=1") {
		t.Errorf("report view:\n%s", v)
	}
	s, _ = s.Update(keyMsg("esc"))

	// Mark walk 1, compare it with walk 3.
	s, _ = s.Update(keyMsg("g"))
	s, _ = s.Update(keyMsg("d"))
	s, _ = s.Update(keyMsg("G"))
	s, _ = s.Update(keyMsg("d"))
	v = ansi.Strip(s.View())
	assertFits(t, v, 80, 24)
	for _, want := range []string{"walk 1 (2026-11-29 06:00 UTC) → walk 3", "record id:", "- 1", "+ 2", "+ mx: mx2.a.test", "  mx: mx1.a.test", "verdict: enforce (same)"} {
		if !strings.Contains(v, want) {
			t.Errorf("diff lacks %q:\n%s", want, v)
		}
	}
	s, cmd = s.Update(keyMsg("esc"))
	if cmd != nil {
		t.Error("esc from the diff left the screen")
	}
	if _, cmd = s.Update(keyMsg("esc")); cmd == nil || cmd() != (BackMsg{}) {
		t.Error("esc on the timeline does not go back")
	}
}

func TestHistoryScreenEmptyAndNarrow(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {40, 10}, {20, 5}} {
		h := newHistory(NewStyles(false, false), threeWalks(), "a.test")
		var s Screen = h.SetSize(size[0], size[1])
		s = drive(s, h.Init())
		assertFits(t, ansi.Strip(s.View()), size[0], size[1])
		e := newHistory(NewStyles(false, false), threeWalks(), "other.test")
		var es Screen = e.SetSize(size[0], size[1])
		es = drive(es, e.Init())
		if v := ansi.Strip(es.View()); !strings.Contains(strings.Join(strings.Fields(v), " "), "No walk") {
			t.Errorf("%v: empty history says:\n%s", size, v)
		}
	}
}

// H on a walk opens its domain's history; without a source it says why.
func TestWalkOpensHistory(t *testing.T) {
	st := NewStyles(true, true)
	w := newWalk(st, Config{History: threeWalks()}, target{ascii: "a.test"}, 1)
	_, cmd := w.onKey(keyMsg("H"))
	if cmd == nil {
		t.Fatal("H did nothing")
	}
	if push, ok := cmd().(PushMsg); !ok {
		t.Fatalf("H gave %T", cmd())
	} else if _, ok := push.Screen.(historyModel); !ok {
		t.Fatalf("H pushed %T", push.Screen)
	}
	w = newWalk(st, Config{}, target{ascii: "a.test"}, 1)
	w, cmd = w.onKey(keyMsg("H"))
	if cmd != nil || !strings.Contains(w.status, "not recorded") {
		t.Errorf("without history: cmd %v status %q", cmd, w.status)
	}
}

// H on home's list opens the selected domain's history.
func TestHomeListOpensHistory(t *testing.T) {
	h := newHome(NewStyles(true, true), Config{History: threeWalks(), Scenarios: []Scenario{{Name: "a.test", Title: "A"}}})
	var s Screen = h.SetSize(80, 24)
	s, _ = s.Update(keyMsg("tab"))
	_, cmd := s.Update(keyMsg("H"))
	if cmd == nil {
		t.Fatal("H on the list did nothing")
	}
	push, ok := cmd().(PushMsg)
	if !ok {
		t.Fatalf("H gave %T", cmd())
	}
	if hm, ok := push.Screen.(historyModel); !ok || hm.domain != "a.test" {
		t.Fatalf("H pushed %#v", push.Screen)
	}
}
