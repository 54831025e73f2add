package tui

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
	"github.com/mtasts-doctor/mtasts-doctor/simulate/live"
)

// fakeLab records what the screen asks of it.
type fakeLab struct {
	applied []string
	undone  int
	now     time.Duration
	senders []live.SenderView
}

func (f *fakeLab) AdvanceTo(_ context.Context, t time.Duration) error { f.now = t; return nil }
func (f *fakeLab) Apply(id string) error                              { f.applied = append(f.applied, id); return nil }
func (f *fakeLab) Undo() (bool, error)                                { f.undone++; return true, nil }
func (f *fakeLab) View() live.View {
	return live.View{Now: f.now, State: probetest.DefaultSandbox(), Senders: f.senders}
}

// runSandbox feeds s the result of cmd (and of what it returns), as the
// program would, without the ticks that would loop for ever.
func runSandboxCmd(s Screen, cmd tea.Cmd) Screen {
	for i := 0; cmd != nil && i < 10; i++ {
		msg := cmd()
		if _, tick := msg.(sandboxTickMsg); tick {
			return s
		}
		s, cmd = s.Update(msg)
	}
	return s
}

func startedSandbox(t *testing.T, lab SandboxLab, lesson bool) Screen {
	t.Helper()
	start := func(context.Context) (SandboxLab, func(), error) { return lab, func() {}, nil }
	var s Screen = newSandbox(context.Background(), NewStyles(true, true), start, 1, lesson).SetSize(80, 24)
	return runSandboxCmd(s, s.Init())
}

// TestSandboxKeyPerChange: every change has its own key, shown on screen
// with what it does, and pressing it applies that change.
func TestSandboxKeyPerChange(t *testing.T) {
	lab := &fakeLab{}
	s := startedSandbox(t, lab, false)
	view := ansi.Strip(s.View())
	for _, c := range probetest.SandboxChanges() {
		k := sandboxChangeKeys[c.ID]
		if k == "" {
			t.Fatalf("change %s has no key", c.ID)
		}
		if want := k + " " + c.Name(probetest.DefaultSandbox()); !strings.Contains(view, want) {
			t.Errorf("screen does not show %q:\n%s", want, view)
		}
		before := len(lab.applied)
		var cmd tea.Cmd
		s, cmd = s.Update(keyMsg(k))
		s = runSandboxCmd(s, cmd)
		if len(lab.applied) != before+1 || lab.applied[before] != c.ID {
			t.Errorf("key %s applied %v, want %s", k, lab.applied[before:], c.ID)
		}
	}
	var cmd tea.Cmd
	s, cmd = s.Update(keyMsg("U"))
	runSandboxCmd(s, cmd)
	if lab.undone != 1 {
		t.Errorf("U undid %d times", lab.undone)
	}
}

// TestSandboxClock: t stops and starts the virtual clock; < and > change
// its speed; a tick moves it by speed × tick.
func TestSandboxClock(t *testing.T) {
	lab := &fakeLab{}
	s := startedSandbox(t, lab, false)
	s, cmd := s.Update(sandboxTickMsg{id: 1})
	s = runSandboxCmd(s, cmd)
	if want := time.Duration(float64(time.Hour) * sandboxTick.Seconds()); lab.now != want {
		t.Fatalf("one tick at 1h/s moved the clock to %s, want %s", lab.now, want)
	}
	s, _ = s.Update(keyMsg(">"))
	s, cmd = s.Update(sandboxTickMsg{id: 1})
	s = runSandboxCmd(s, cmd)
	if want := time.Duration(float64(time.Hour)*sandboxTick.Seconds()) + time.Duration(float64(6*time.Hour)*sandboxTick.Seconds()); lab.now != want {
		t.Errorf("after > a tick moved the clock to %s, want %s", lab.now, want)
	}
	stopped := lab.now
	s, _ = s.Update(keyMsg("t"))
	s, cmd = s.Update(sandboxTickMsg{id: 1})
	runSandboxCmd(s, cmd)
	if lab.now != stopped {
		t.Errorf("the stopped clock moved to %s", lab.now)
	}
	if !strings.Contains(ansi.Strip(s.View()), "stopped") {
		t.Error("the screen does not say the clock is stopped")
	}
	// Another sandbox's tick is not this one's.
	s, _ = s.Update(keyMsg("t"))
	s, cmd = s.Update(sandboxTickMsg{id: 2})
	if cmd != nil {
		t.Error("a foreign tick was acted on")
	}
}

// TestSandboxLessonSteps: enter runs each step's changes, and the lesson's
// changes and durations are ones the sandbox knows.
func TestSandboxLessonSteps(t *testing.T) {
	l, err := assets.SandboxLesson()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, c := range probetest.SandboxChanges() {
		known[c.ID] = true
	}
	var want []string
	for i, st := range l.Steps {
		for _, c := range []string{st.Change, st.Then} {
			if c != "" && !known[c] {
				t.Errorf("step %d: no sandbox change %q", i+1, c)
			}
			if c != "" {
				want = append(want, c)
			}
		}
		if d, err := simulate.ParseDuration(st.Run); st.Run != "" && (err != nil || d <= 0) {
			t.Errorf("step %d: run %q", i+1, st.Run)
		}
	}
	lab := &fakeLab{}
	s := startedSandbox(t, lab, true)
	for range l.Steps {
		var cmd tea.Cmd
		s, cmd = s.Update(keyMsg("enter"))
		s = runSandboxCmd(s, cmd)
		// let the step's time run out
		sb := s.(sandboxModel)
		lab.now = sb.runUntil
		s, _ = s.Update(sandboxDoneMsg{id: 1, view: lab.View(), advanced: false})
	}
	if strings.Join(lab.applied, ",") != strings.Join(want, ",") {
		t.Errorf("lesson applied %v, want %v", lab.applied, want)
	}
	if v := ansi.Strip(s.View()); !strings.Contains(v, "Lesson step") {
		t.Errorf("no lesson step on screen:\n%s", v)
	}
}

// TestSandboxAgainstRealServers: the screen on a real sandbox shows the
// uncached sender failing open once the policy file is taken away, while
// the cached ones keep enforcing.
func TestSandboxAgainstRealServers(t *testing.T) {
	w := probetest.New(t, probetest.Config{})
	specs, err := live.DefaultSenders()
	if err != nil {
		t.Fatal(err)
	}
	lab, err := live.New(w, live.WorldNet(w), specs)
	if err != nil {
		t.Fatal(err)
	}
	s := startedSandbox(t, lab, false)
	var cmd tea.Cmd
	for range 8 { // 2 virtual hours at 1h/s: every sender caches the policy
		s, cmd = s.Update(sandboxTickMsg{id: 1})
		s = runSandboxCmd(s, cmd)
	}
	s, cmd = s.Update(keyMsg("P"))
	s = runSandboxCmd(s, cmd)
	for range 8 {
		s, cmd = s.Update(sandboxTickMsg{id: 1})
		s = runSandboxCmd(s, cmd)
	}
	view := ansi.Strip(s.View())
	for _, want := range []string{"policy file missing (404)", "rfc, no cache            ✗ fail-open", "rfc, cached              ✓ enforced", "mox                      ✓ enforced", "sts-policy-fetch"} {
		if !strings.Contains(view, want) {
			t.Errorf("missing %q:\n%s", want, view)
		}
	}
	for _, line := range strings.Split(s.View(), "\n") {
		if ansi.StringWidth(line) > 80 {
			t.Errorf("line wider than 80: %q", line)
		}
	}
}

// TestSandboxClickMakesAChange: a click on a change's name does what its
// key does.
func TestSandboxClickMakesAChange(t *testing.T) {
	lab := &fakeLab{}
	s := startedSandbox(t, lab, false)
	lines := strings.Split(ansi.Strip(s.View()), "\n")
	for y, l := range lines {
		if x := strings.Index(l, "S attacker strips STARTTLS"); x >= 0 {
			var cmd tea.Cmd
			s, cmd = s.Update(tea.MouseClickMsg{Button: tea.MouseLeft, X: ansi.StringWidth(l[:x]) + 3, Y: y})
			runSandboxCmd(s, cmd)
		}
	}
	if len(lab.applied) != 1 || lab.applied[0] != "strip-tls" {
		t.Errorf("the click applied %v, want strip-tls", lab.applied)
	}
}

// TestSandboxFitsSmallTerminals: at any size the screen keeps its title,
// clock and senders (what it is for) and the key of every change; at
// 50x14 it showed the list of changes and cut the top, and at 50 columns
// the last change (D) fell off the list while U stayed.
func TestSandboxFitsSmallTerminals(t *testing.T) {
	var senders []live.SenderView
	for _, n := range []string{"rfc, cached", "rfc, no cache", "mox", "postfix-mta-sts-resolver"} {
		senders = append(senders, live.SenderView{Name: n})
	}
	for _, size := range [][2]int{{50, 14}, {50, 20}, {80, 24}, {120, 40}, {60, 16}} {
		w, h := size[0], size[1]
		s := startedSandbox(t, &fakeLab{senders: senders}, false).SetSize(w, h)
		for _, status := range []bool{false, true} {
			if status {
				var cmd tea.Cmd
				s, cmd = s.Update(keyMsg("P"))
				s = runSandboxCmd(s, cmd)
			}
			view := ansi.Strip(s.View())
			lines := strings.Split(view, "\n")
			if len(lines) != h {
				t.Errorf("%dx%d: %d lines", w, h, len(lines))
			}
			if !strings.Contains(lines[0], "sandbox") || !strings.Contains(lines[0], "virtual") {
				t.Errorf("%dx%d: first line %q, want the title and clock", w, h, lines[0])
			}
			for _, n := range senders {
				if !strings.Contains(view, n.Name) {
					t.Errorf("%dx%d: sender %q not on screen:\n%s", w, h, n.Name, view)
				}
			}
			at := strings.Index(view, "Break it")
			if at < 0 {
				t.Fatalf("%dx%d status %t: no list of changes:\n%s", w, h, status, view)
			}
			shown := strings.Fields(view[at:])
			for _, k := range append(slices.Collect(maps.Values(sandboxChangeKeys)), "U") {
				if !slices.Contains(shown, k) {
					t.Errorf("%dx%d status %t: key %s not shown:\n%s", w, h, status, k, view)
				}
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > w {
					t.Errorf("%dx%d: line wider than %d: %q", w, h, w, l)
				}
			}
		}
	}
}

// TestSandboxClickOnlyOnChanges: a click on the status line under the list
// ("Changed: …") makes no change, and on a small terminal a click on a key
// of the short list makes that change.
func TestSandboxClickOnlyOnChanges(t *testing.T) {
	click := func(s Screen, find string) Screen {
		t.Helper()
		for y, l := range strings.Split(ansi.Strip(s.View()), "\n") {
			if x := strings.Index(l, find); x >= 0 {
				s, cmd := s.Update(tea.MouseClickMsg{Button: tea.MouseLeft, X: ansi.StringWidth(l[:x]), Y: y})
				return runSandboxCmd(s, cmd)
			}
		}
		t.Fatalf("no %q on screen:\n%s", find, ansi.Strip(s.View()))
		return s
	}
	lab := &fakeLab{}
	s := click(startedSandbox(t, lab, false), "S attacker strips STARTTLS")
	s = click(s, "Changed:")
	if len(lab.applied) != 1 {
		t.Errorf("applied %v, want strip-tls alone", lab.applied)
	}
	lab = &fakeLab{}
	s = startedSandbox(t, lab, false).SetSize(50, 12)
	click(s, "D U")
	if len(lab.applied) != 1 || lab.applied[0] != "remove-txt" {
		t.Errorf("a click on D in the short list applied %v, want remove-txt", lab.applied)
	}
}
