package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// The walk ends on its first FAIL, else the first error, else the first
// warning; a user who already moved keeps their step.
func TestWalkEndLandsOnFirstProblem(t *testing.T) {
	withStatus := func(st map[int]probe.Status) *probe.Report {
		rep := healthyReport()
		for i, s := range st {
			rep.Steps[i].Status = s
		}
		return rep
	}
	for _, c := range []struct {
		name string
		rep  *probe.Report
		want int
	}{
		{"FAIL before warn and error", withStatus(map[int]probe.Status{1: probe.StatusWarn, 3: probe.StatusError, 5: probe.StatusFail}), 5},
		{"error before warn", withStatus(map[int]probe.Status{1: probe.StatusWarn, 6: probe.StatusError}), 6},
		{"warn", withStatus(map[int]probe.Status{6: probe.StatusWarn}), 6},
		{"nothing wrong stays on step 1", healthyReport(), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := feed(newTestModel("example.com", 80, 24), stream(c.rep)...)
			if got := walkOf(m).sel; got != c.want {
				t.Errorf("landed on %d, want %d", got, c.want)
			}
		})
	}
	t.Run("a user who moved keeps the step", func(t *testing.T) {
		evs := stream(missingReport())
		m := press(feed(newTestModel("policy-missing.test", 80, 24), evs[:4]...), "j")
		m = feed(m, evs[4:]...)
		if got := walkOf(m).sel; got != 1 {
			t.Errorf("sel %d, want the user's 1", got)
		}
	})
}

func TestWalkProblemAndEndKeys(t *testing.T) {
	m := feed(newTestModel("policy-missing.test", 80, 24), stream(missingReport())...)
	// policy-missing: fetch FAIL (2), TLS-RPT warn (6), verdict FAIL (8).
	for _, c := range []struct {
		key  string
		want int
	}{{"n", 6}, {"n", 8}, {"n", 2}, {"N", 8}, {"g", 0}, {"G", 8}, {"home", 0}, {"end", 8}} {
		m = press(m, c.key)
		if got := walkOf(m).sel; got != c.want {
			t.Errorf("%s: sel %d, want %d", c.key, got, c.want)
		}
	}
	healthy := press(feed(newTestModel("example.com", 80, 24), stream(healthyReport())...), "n")
	if !strings.Contains(ansi.Strip(healthy.View().Content), "no step has a problem") {
		t.Error("n with no problem says nothing")
	}
}

// At 80x24 the steps are a two-column grid: → and ← move between the
// columns (they did nothing).
func TestWalkColumnsInTheGrid(t *testing.T) {
	m := press(feed(newTestModel("policy-missing.test", 80, 24), stream(missingReport())...), "g")
	rows := walkOf(m).geom().stepRows
	if m = press(m, "right"); walkOf(m).sel != rows {
		t.Errorf("→ from step 1: sel %d, want %d", walkOf(m).sel, rows)
	}
	if m = press(m, "left"); walkOf(m).sel != 0 {
		t.Errorf("← back: sel %d", walkOf(m).sel)
	}
	wide := press(feed(newTestModel("policy-missing.test", 120, 40), stream(missingReport())...), "right")
	if walkOf(wide).focus != paneDetail {
		t.Error("→ with one column of steps did not move to the detail")
	}
}

// y copies the marked command with OSC 52 and says so; c marks the next;
// Y copies the evidence.
func TestWalkCopies(t *testing.T) {
	m := feed(newTestModel("policy-missing.test", 80, 24), stream(missingReport())...) // on the fetch
	cmds := walkOf(m).commands()
	if len(cmds) < 2 {
		t.Fatalf("the fetch step has %d commands", len(cmds))
	}
	for i, keys := range [][]string{{"y"}, {"c", "y"}, {"c", "c", "y"}} {
		want := cmds[i%len(cmds)]
		nm, cmd := press(m, keys[:len(keys)-1]...).Update(keyMsg("y"))
		if cmd == nil {
			t.Fatalf("%v: no command", keys)
		}
		if got, wantMsg := fmt.Sprint(cmd()), fmt.Sprint(tea.SetClipboard(want)()); got != wantMsg {
			t.Errorf("%v: clipboard %s, want %s", keys, got, wantMsg)
		}
		if view := ansi.Strip(nm.(Model).View().Content); !strings.Contains(view, "copied to the clipboard") {
			t.Errorf("%v: no status line:\n%s", keys, view)
		}
	}
	_, cmd := m.Update(keyMsg("Y"))
	if got := fmt.Sprint(cmd()); !strings.Contains(got, "404") {
		t.Errorf("Y copied %s", got)
	}
}

// A command is never wrapped: too long for the pane, it goes on with
// " \" so the pasted lines are one command, and breaks only outside
// quotes.
func TestContinuedCommands(t *testing.T) {
	cmd := `openssl s_client -starttls smtp -connect mx1.a-rather-long-name.example:25 -servername mx1.a-rather-long-name.example -verify_return_error </dev/null`
	for _, width := range []int{40, 60, 80} {
		lines := continued(cmd, width)
		for i, l := range lines {
			if ansi.StringWidth(l) > width {
				t.Errorf("%d: line %q is wider", width, l)
			}
			if i < len(lines)-1 && !strings.HasSuffix(l, " \\") {
				t.Errorf("%d: line %q does not continue", width, l)
			}
		}
		joined := strings.Join(lines, "\n")
		joined = strings.ReplaceAll(joined, " \\\n    ", " ")
		if joined != cmd {
			t.Errorf("%d: the lines read back as %q", width, joined)
		}
	}
	q := `dig +short TXT "a quoted string with spaces that must stay whole" @127.0.0.1`
	for _, l := range continued(q, 60) {
		if strings.Count(l, `"`)%2 != 0 {
			t.Errorf("a break inside quotes: %q", l)
		}
	}
	// A word wider than the pane is cut visibly; y copies it whole.
	if l := continued(cmd, 30); !strings.Contains(strings.Join(l, "\n"), "…") {
		t.Errorf("a word wider than the pane was not marked as cut: %q", l)
	}
}

// Results arrive as they are known, out of protocol order; the list keeps
// protocol order and shows each result at once.
func TestWalkShowsEachResultAsItArrives(t *testing.T) {
	steps := healthySteps()
	running := func(s probe.Step) probe.Event {
		s.Status, s.Summary = probe.StatusRunning, ""
		return probe.Event{Step: s}
	}
	m := feed(newTestModel("example.com", 120, 40), running(steps[2]), running(steps[6]), probe.Event{Step: steps[6]})
	lines := strings.Split(ansi.Strip(m.View().Content), "\n")
	var fetchRow, rptRow int
	for i, l := range lines {
		if strings.Contains(l, "Policy fetch") {
			fetchRow = i
			if !strings.Contains(l, "running") {
				t.Errorf("fetch row: %q", l)
			}
		}
		if strings.Contains(l, "TLS-RPT record") {
			rptRow = i
			if !strings.Contains(l, "ok") {
				t.Errorf("TLS-RPT finished but its row reads %q", l)
			}
		}
	}
	if fetchRow == 0 || rptRow <= fetchRow {
		t.Errorf("rows out of protocol order: fetch %d, TLS-RPT %d", fetchRow, rptRow)
	}
}

// Which pane has the keys shows without colour at every size, 50x14
// included (it was invisible there).
func TestWalkFocusVisibleWithoutColour(t *testing.T) {
	for _, size := range [][2]int{{50, 14}, {60, 18}, {80, 24}, {120, 40}} {
		m := feed(newTestModel("policy-missing.test", size[0], size[1]), stream(missingReport())...)
		steps := ansi.Strip(m.View().Content)
		detail := ansi.Strip(press(m, "tab").View().Content)
		if steps == detail {
			t.Errorf("%v: tab changed nothing that shows without colour", size)
		}
		if footer := func(v string) string { l := strings.Split(v, "\n"); return l[len(l)-1] }; footer(steps) == footer(detail) {
			t.Errorf("%v: the footer does not follow focus: %q", size, footer(steps))
		}
	}
}

// A walk opened from the command line (mtasts-doctor DOMAIN) lands on its
// problem like one started from home; a rerun keeps the user's own choice.
func TestWalkFromTheCommandLineLands(t *testing.T) {
	m := New(t.Context(), Config{Runner: nopRunner, Now: fixedClock, Domain: "policy-missing.test"})
	m = update(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = update(m, startWalkMsg{target: walkOf(m).target}) // what Init asks for
	m = feed(m, stream(missingReport())...)
	if walkOf(m).sel != 2 {
		t.Errorf("landed on %d, want the fetch (2)", walkOf(m).sel)
	}
	m = press(m, "g")
	m = update(m, startWalkMsg{target: walkOf(m).target}) // r
	m = feed(m, stream(missingReport())...)
	if walkOf(m).sel != 0 {
		t.Errorf("after a rerun: %d, want the user's 0", walkOf(m).sel)
	}
}
