package tui

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

func TestWalkKeys(t *testing.T) {
	done := func() Model { return feed(newTestModel("policy-missing.test", 80, 24), stream(missingReport())...) }
	// The walk ends on its first FAIL (policy fetch, 3rd); g goes to the top.
	top := func() Model { return press(done(), "g") }

	t.Run("j/k and arrows move the selection within the steps", func(t *testing.T) {
		m := press(top(), "j", "j", "down", "k")
		if walkOf(m).sel != 2 {
			t.Errorf("sel = %d, want 2", walkOf(m).sel)
		}
		m = press(m, "k", "k", "k", "up")
		if walkOf(m).sel != 0 {
			t.Errorf("sel = %d after moving past the top, want 0", walkOf(m).sel)
		}
		for range 20 {
			m = press(m, "j")
		}
		if walkOf(m).sel != len(probe.StepOrder())-1 {
			t.Errorf("sel = %d after moving past the bottom", walkOf(m).sel)
		}
	})
	t.Run("tab and enter focus the detail, esc returns to the steps", func(t *testing.T) {
		m := press(top(), "tab")
		if walkOf(m).focus != paneDetail {
			t.Fatal("tab did not focus the detail pane")
		}
		// In the detail, j scrolls instead of selecting.
		m = press(m, "j")
		if walkOf(m).sel != 0 {
			t.Errorf("j in the detail pane changed the step to %d", walkOf(m).sel)
		}
		m = press(m, "esc")
		if walkOf(m).focus != paneSteps || frontName(m) != "walk" {
			t.Errorf("esc in the detail: focus %v screen %v", walkOf(m).focus, frontName(m))
		}
		m = press(m, "enter")
		if walkOf(m).focus != paneDetail {
			t.Error("enter on a step did not open its detail")
		}
	})
	t.Run("esc from the steps goes back home and cancels the walk", func(t *testing.T) {
		m := newTestModel("example.com", 80, 24)
		ctx := runCtx(t, &m)
		nm, cmd := m.Update(keyMsg("esc"))
		m = nm.(Model)
		m = update(m, cmd())
		if frontName(m) != "home" {
			t.Errorf("screen = %v, want home", frontName(m))
		}
		if ctx.Err() == nil {
			t.Error("leaving the walk did not cancel the probe")
		}
	})
	t.Run("q and ctrl+c quit and cancel the probe at once", func(t *testing.T) {
		for _, k := range []string{"q", "ctrl+c"} {
			m := newTestModel("example.com", 80, 24)
			ctx := runCtx(t, &m)
			_, cmd := m.Update(keyMsg(k))
			if cmd == nil {
				t.Fatalf("%s: no command", k)
			}
			if _, ok := cmd().(tea.QuitMsg); !ok {
				t.Errorf("%s did not quit", k)
			}
			if ctx.Err() == nil {
				t.Errorf("%s did not cancel the probe", k)
			}
		}
	})
	t.Run("r reruns; events of the old run are dropped", func(t *testing.T) {
		m := feed(newTestModel("policy-missing.test", 80, 24), stream(missingReport())[:6]...)
		old := walkOf(m).run
		ctx := runCtx(t, &m)
		_, cmd := m.Update(keyMsg("r"))
		m = update(m, cmd())
		if walkOf(m).run == old || ctx.Err() == nil {
			t.Fatalf("rerun: run %d→%d, old ctx err %v", old, walkOf(m).run, ctx.Err())
		}
		stale := walkEventMsg{run: old, ev: probe.Event{Step: probe.Step{ID: probe.StepRecord, Status: probe.StatusFail}}}
		m = update(m, stale)
		if got := walkOf(m).steps[0].Status; got != probe.StatusPending {
			t.Errorf("a stale event reached the new run: step 1 is %s", got)
		}
	})
	t.Run("? opens the help over the walk, ? or esc closes it", func(t *testing.T) {
		for _, closeKey := range []string{"?", "esc"} {
			m := act(done(), "?")
			if frontName(m) != "help" || !strings.Contains(m.View().Content, "open step") {
				t.Fatalf("? did not show the help:\n%s", m.View().Content)
			}
			if m = act(m, closeKey); frontName(m) != "walk" {
				t.Errorf("%s did not close the help: %s in front", closeKey, frontName(m))
			}
		}
	})
	t.Run("s before the report says there is nothing to save", func(t *testing.T) {
		m := press(newTestModel("example.com", 80, 24), "s")
		if !strings.Contains(m.View().Content, "nothing to save") {
			t.Error("no message after s mid-walk")
		}
	})
	t.Run("s saves the JSON report and says where", func(t *testing.T) {
		dir := t.TempDir()
		m := New(t.Context(), Config{Runner: nopRunner, Now: fixedClock, SaveDir: dir})
		m = update(m, tea.WindowSizeMsg{Width: 100, Height: 30})
		m = update(m, startWalkMsg{target: target{ascii: "policy-missing.test"}})
		m = feed(m, stream(missingReport())...)
		_, cmd := m.Update(keyMsg("s"))
		msg := cmd()
		m = update(m, msg)
		saved, ok := msg.(reportSavedMsg)
		if !ok || saved.err != nil {
			t.Fatalf("save: %#v", msg)
		}
		view := strings.ReplaceAll(ansiStripped(m), "\n", "")
		if filepath.Dir(saved.path) != dir || !strings.Contains(view, filepath.Base(saved.path)) {
			t.Errorf("saved to %q; view does not say where", saved.path)
		}
		b, err := os.ReadFile(saved.path)
		if err != nil {
			t.Fatal(err)
		}
		var rep probe.Report
		if err := json.Unmarshal(b, &rep); err != nil || rep.Verdict.WithoutCache != "fail-open" {
			t.Errorf("saved report: %v, verdict %q", err, rep.Verdict.WithoutCache)
		}
	})
}

// runCtx gives the model's walk a context the test can watch, as start
// would.
func runCtx(t *testing.T, m *Model) context.Context {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	*m = setWalk(*m, func(w *walkModel) { w.cancel = cancel })
	return ctx
}

func TestFileSafe(t *testing.T) {
	for in, want := range map[string]string{"example.com": "example.com", "../../etc": "_.._etc", "": "report", "a/b": "a_b"} {
		if got := fileSafe(in); got != want || strings.Contains(got, "/") {
			t.Errorf("fileSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
