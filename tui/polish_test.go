package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/senders"
)

// The detail pane's heading already names the step ("Step 3/9: Policy
// fetch (HTTPS)"), and the compact strip does the same: the detail itself
// must not say it a second time.
func TestDetailNamesTheStepOnce(t *testing.T) {
	const title = "Policy fetch (HTTPS)"
	for _, c := range []struct {
		w, h int
		want int // the step list's row, plus the one heading
	}{{120, 40, 2}, {80, 24, 2}, {50, 16, 1}} {
		t.Run(fmt.Sprintf("%dx%d", c.w, c.h), func(t *testing.T) {
			m := feed(newTestModel("policy-missing.test", c.w, c.h), stream(missingReport())...) // lands on the fetch
			view := ansi.Strip(m.View().Content)
			if n := strings.Count(view, title); n != c.want {
				t.Errorf("%q appears %d times, want %d:\n%s", title, n, c.want, view)
			}
		})
	}
}

// In the compact walk the verdict has one line, and a first-time admin
// reads only its start: the verdict word (RFC 8461 §5 modes, or fail-open
// per §3.3) must lead, so cutting the line never cuts it away.
func TestCompactVerdictLeadsWithTheWord(t *testing.T) {
	kinds := []senders.Outcome{probe.VerdictEnforce, probe.VerdictTesting, probe.VerdictNone, probe.VerdictFailOpen}
	for _, kind := range kinds {
		for _, size := range [][2]int{{30, 10}, {40, 12}, {50, 16}, {59, 30}, {79, 16}} {
			t.Run(fmt.Sprintf("%s/%dx%d", kind, size[0], size[1]), func(t *testing.T) {
				rep := reportOf("policy-missing.test", missingSteps(), probe.Verdict{WithoutCache: kind,
					Reason: "the TXT record announces MTA-STS but the policy file cannot be fetched (404)"})
				m := feed(newTestModel("policy-missing.test", size[0], size[1]), stream(rep)...)
				if g := walkOf(m).geom(); g.mode != modeCompact {
					t.Fatalf("mode %v, want compact", g.mode)
				}
				lines := strings.Split(ansi.Strip(m.View().Content), "\n")
				var verdict string
				for _, l := range lines {
					if strings.HasPrefix(l, "Verdict") {
						verdict = l
					}
				}
				if !strings.HasPrefix(verdict, "Verdict: "+string(kind)) {
					t.Errorf("verdict line %q does not lead with %q", verdict, kind)
				}
			})
		}
	}
}

// A search for "cert" must first list the codes named for certificates,
// then those whose title says it, and only then the ones that merely
// mention it in their explanation.
func TestLearnSearchRanksNameThenTitleThenText(t *testing.T) {
	l := newLearn(NewStyles(true, true))
	l.filter.SetValue("cert")
	got := l.matches()
	if len(got) == 0 {
		t.Fatal("no code matches cert")
	}
	rank := func(c diag.Code) int {
		e, _ := assets.Explain(c)
		switch {
		case strings.Contains(strings.ToLower(string(c)), "cert"):
			return 0
		case strings.Contains(strings.ToLower(e.Title), "cert"):
			return 1
		}
		return 2
	}
	seen := map[int]bool{}
	for i, c := range got {
		r := rank(c)
		seen[r] = true
		if i > 0 && r < rank(got[i-1]) {
			t.Errorf("%s (rank %d) listed after %s (rank %d)", c, r, got[i-1], rank(got[i-1]))
		}
	}
	if !seen[0] || !seen[2] {
		t.Errorf("the catalogue no longer has both kinds of match for cert: %v", got)
	}
}

// isQuit reports whether cmd, run, quits the program.
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

// esc on home is "clear", as in every input an admin knows: it empties a
// typed domain, then gives the input back its focus, and never quits
// (one esc too many after leaving a walk must not end the session).
// ctrl+c quits from anywhere; q is a letter a domain may hold.
func TestHomeEscClearsAndNeverQuits(t *testing.T) {
	m := newHomeModel(t, Config{Scenarios: []Scenario{{Name: "healthy.test"}, {Name: "policy-missing.test"}}})
	m = typeText(m, "q.example")
	if got := homeOf(m).input.Value(); got != "q.example" {
		t.Fatalf("typed q.example, input holds %q", got)
	}
	if view := ansiStripped(m); !strings.Contains(view, "esc clear") || !strings.Contains(view, "ctrl+c quit") {
		t.Errorf("with text typed the help does not offer esc clear and ctrl+c quit:\n%s", view)
	}
	nm, cmd := m.Update(keyMsg("esc"))
	m = nm.(Model)
	if isQuit(cmd) {
		t.Fatal("esc with text typed quit the program")
	}
	if homeOf(m).input.Value() != "" || homeOf(m).err != nil || homeOf(m).parsed.ascii != "" {
		t.Errorf("esc left input %q, parsed %q, err %v", homeOf(m).input.Value(), homeOf(m).parsed.ascii, homeOf(m).err)
	}
	if view := ansiStripped(m); strings.Contains(view, "esc quit") || strings.Contains(view, "esc clear") {
		t.Errorf("with nothing to clear the help still offers esc:\n%s", view)
	}
	m = press(m, "tab")
	if !homeOf(m).listFocus {
		t.Fatal("tab did not focus the list")
	}
	nm, cmd = m.Update(keyMsg("esc"))
	m = nm.(Model)
	if isQuit(cmd) || homeOf(m).listFocus || !homeOf(m).input.Focused() {
		t.Errorf("esc on the list: quit %v, list focus %v, input focus %v", isQuit(cmd), homeOf(m).listFocus, homeOf(m).input.Focused())
	}
	nm, cmd = m.Update(keyMsg("esc"))
	m = nm.(Model)
	if isQuit(cmd) || frontName(m) != "home" {
		t.Errorf("esc on an empty home: quit %v, screen %v", isQuit(cmd), frontName(m))
	}
	if _, cmd := m.Update(keyMsg("ctrl+c")); !isQuit(cmd) {
		t.Error("ctrl+c on home did not quit")
	}
}

// At 80 columns the simulator's header and status line are read whole:
// the domain and what the screen shows first, every input of the
// simulation, nothing cut with "…" (only the short help may be, since ?
// shows all of it).
func TestSimulatorHeaderAndStatusFit80(t *testing.T) {
	for _, preset := range []string{"2", "4"} { // max_age 1w, 1y: the longest
		for _, attack := range []bool{false, true} {
			m := act(openSim(t, 80, 24), preset)
			if attack {
				m = act(m, "a")
			}
			view := ansi.Strip(m.View().Content)
			lines := strings.Split(view, "\n")
			body := strings.Join(lines[:len(lines)-1], "\n") // the last line is the short help
			for _, want := range []string{
				"simulate · policy-missing.test if the policy file goes missing",
				"max_age ", "outage 10d", "attacker ", "last fetched 2d before", ", set by you",
			} {
				if !strings.Contains(strings.Join(strings.Fields(body), " "), want) {
					t.Errorf("preset %s attack %v: %q missing:\n%s", preset, attack, want, view)
				}
			}
			for i, l := range lines[:len(lines)-1] {
				if strings.HasSuffix(strings.TrimRight(l, " "), "…") {
					t.Errorf("preset %s attack %v: line %d cut: %q", preset, attack, i+1, l)
				}
			}
		}
	}
}

// The learn screen's title line keeps its words whole at any width: what
// does not fit is left out, not cut mid-word.
func TestLearnHeaderNeverCut(t *testing.T) {
	for _, w := range []int{40, 60, 70, 80, 120} {
		m := update(New(t.Context(), Config{Runner: nopRunner, Now: fixedClock}), tea.WindowSizeMsg{Width: w, Height: 24})
		m = update(m, openLearnMsg{})
		head := strings.Split(ansi.Strip(m.View().Content), "\n")[0]
		if strings.Contains(head, "…") || !strings.HasPrefix(head, "mtasts-doctor learn") {
			t.Errorf("at %d columns the learn header reads %q", w, head)
		}
	}
}

// A first-time admin learns the keys from the footer: at 80 columns each
// screen's short help must still show how to get the full help, how to go
// back and how to quit, whatever else it has to leave out.
func TestShortHelpKeepsHelpBackAndQuitAt80(t *testing.T) {
	walk := feed(newTestModel("policy-missing.test", 80, 24), stream(missingReport())...)
	screens := map[string]Model{
		"walk":     walk,
		"simulate": act(openSim(t, 80, 24)),
		"learn":    update(walk, openLearnMsg{}),
	}
	for name, m := range screens {
		view := ansi.Strip(m.View().Content)
		lines := strings.Split(view, "\n")
		footer := strings.Join(lines[len(lines)-2:], "\n")
		for _, want := range []string{"? help", "esc back", "q quit"} {
			if !strings.Contains(footer, want) {
				t.Errorf("%s: %q not in the footer:\n%s", name, want, footer)
			}
		}
	}
}

// Below 80 columns the wrapped footers (home, simulator) leave keys out
// before the last one, which says how to see the rest or how to leave.
func TestWrappedFooterKeepsItsLastKey(t *testing.T) {
	sim := act(openSim(t, 50, 16))
	home := update(newHomeModel(t, Config{Scenarios: []Scenario{{Name: "healthy.test"}}}), tea.WindowSizeMsg{Width: 36, Height: 16})
	home = typeText(home, "example.com")
	for name, c := range map[string]struct {
		m    Model
		want string
	}{"simulate": {sim, "? help"}, "home": {home, "ctrl+c quit"}} {
		lines := strings.Split(ansi.Strip(c.m.View().Content), "\n")
		if last := lines[len(lines)-1]; !strings.HasSuffix(strings.TrimRight(last, " "), c.want) {
			t.Errorf("%s: the footer ends %q, want %q", name, last, c.want)
		}
	}
}

// Home's title, hint and list heading keep their words whole on a narrow
// terminal: the scenario enter would check is named in full.
func TestHomeLinesWholeWhenNarrow(t *testing.T) {
	for _, w := range []int{40, 50, 80} {
		m := update(newHomeModel(t, Config{Scenarios: []Scenario{{Name: "healthy-enforce.test"}, {Name: "policy-missing.test"}}}), tea.WindowSizeMsg{Width: w, Height: 16})
		view := ansi.Strip(m.View().Content)
		for _, want := range []string{"press enter to check healthy-enforce.test", "Lab scenarios 1/2"} {
			if !strings.Contains(strings.Join(strings.Fields(view), " "), want) {
				t.Errorf("at %d columns %q is not there whole:\n%s", w, want, view)
			}
		}
		for i, l := range strings.Split(view, "\n")[:7] {
			if strings.Contains(l, "…") {
				t.Errorf("at %d columns line %d is cut: %q", w, i+1, l)
			}
		}
	}
}

// RFC 8461 §4.2, §5: an enforcing sender refuses an MX that fails
// validation; the detail shows that host first, not under the passing
// primary's transcript, and leaves the report's order alone.
func TestFailingMXEvidenceFirst(t *testing.T) {
	s := probe.Step{ID: probe.StepMXTLS, Status: probe.StatusFail, Hosts: []probe.HostResult{
		{MX: "mx1.example", Address: "192.0.2.1:25", Status: probe.StatusOK, Transcript: []string{"S: 220 mx1 ESMTP"}},
		{MX: "mx2.example", Address: "192.0.2.2:25", Status: probe.StatusFail, Error: "certificate signed by unknown authority"},
	}}
	lines := strings.Join(evidenceLines(s), "\n")
	if i, j := strings.Index(lines, "MX mx2.example"), strings.Index(lines, "MX mx1.example"); i < 0 || j < 0 || i > j {
		t.Errorf("the failing MX is not first:\n%s", lines)
	}
	if s.Hosts[0].MX != "mx1.example" {
		t.Error("sorting the evidence reordered the step's own hosts")
	}
}

// The field being edited opens empty with the current value as its
// placeholder; the placeholder must read whole ("10d", not "1").
func TestSimEditShowsTheCurrentValueWhole(t *testing.T) {
	m := act(openSim(t, 80, 24), "o")
	if simOf(m).editing == fieldNone {
		t.Fatal("o did not open the outage length")
	}
	if view := ansi.Strip(m.View().Content); !strings.Contains(view, "› 10d") {
		t.Errorf("the outage length's placeholder is not 10d:\n%s", view)
	}
}

// A short terminal cuts the simulator's text blocks; a cut one ends with
// "…", so a half sentence does not read as the whole read-out.
func TestSimCutBlockIsMarked(t *testing.T) {
	m := act(openSim(t, 50, 16))
	lines := strings.Split(ansi.Strip(m.View().Content), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "max_age ") { // the status line: the line above ends the body
			if above := strings.TrimRight(lines[i-1], " "); strings.HasPrefix(lines[i-1], "  ") && !strings.HasSuffix(above, "…") && !strings.HasSuffix(above, ".") && !strings.HasSuffix(above, ")") {
				t.Errorf("the body ends mid-sentence without a mark: %q", above)
			}
			return
		}
	}
	t.Fatal("no status line")
}

// A pane heading on a narrow terminal shortens its scroll hint rather
// than cut it ("tab to scr…").
func TestScrollHintShortensNotCut(t *testing.T) {
	learn := update(update(New(t.Context(), Config{Runner: nopRunner, Now: fixedClock}), tea.WindowSizeMsg{Width: 50, Height: 16}), openLearnMsg{})
	walk := feed(newTestModel("policy-missing.test", 60, 18), stream(missingReport())...)
	// The walk lands on its FAIL, the policy fetch.
	for name, m := range map[string]Model{"learn": learn, "walk": walk} {
		for _, l := range strings.Split(ansi.Strip(m.View().Content), "\n") {
			if strings.Contains(l, "↓") && strings.Contains(l, "more") && strings.Contains(l, "…") {
				t.Errorf("%s: scroll hint cut: %q", name, l)
			}
		}
	}
}
