package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func click(m Model, x, y int) Model {
	return update(m, tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
}

func wheel(m Model, x, y int, down bool) Model {
	b := tea.MouseWheelUp
	if down {
		b = tea.MouseWheelDown
	}
	return update(m, tea.MouseWheelMsg{X: x, Y: y, Button: b})
}

// lineOf is the screen line holding s, or -1.
func lineOf(m Model, s string) int {
	for i, l := range strings.Split(ansi.Strip(m.View().Content), "\n") {
		if strings.Contains(l, s) {
			return i
		}
	}
	return -1
}

func TestMouseOnTheWalk(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {50, 14}} {
		m := feed(newTestModel("policy-missing.test", size[0], size[1]), stream(missingReport())...)
		if m.View().MouseMode != tea.MouseModeCellMotion {
			t.Fatal("the mouse is not on")
		}
		// A click on a step selects it.
		var x, y int
		if size[0] == 50 {
			x, y = 7, 1 // the compact strip: a focus marker, then one glyph per step
		} else {
			y = lineOf(m, "TLS-RPT record")
			x = strings.Index(strings.Split(ansi.Strip(m.View().Content), "\n")[y], "TLS-RPT")
		}
		m = click(m, x, y)
		if walkOf(m).sel != 6 {
			t.Errorf("%v: a click on TLS-RPT selected %d", size, walkOf(m).sel)
		}
		// The wheel over the detail scrolls it; over the steps it moves the
		// selection.
		m = press(m, "g", "j", "j")        // the fetch: a detail longer than the pane
		m = click(m, size[0]-5, size[1]-3) // in the detail
		w := walkOf(m)
		before := w.vp.YOffset()
		m = wheel(m, size[0]-5, size[1]-3, true)
		w = walkOf(m)
		if w.focus != paneDetail || (w.vp.TotalLineCount() > w.vp.Height() && w.vp.YOffset() <= before) {
			t.Errorf("%v: the wheel over the detail did not scroll it (focus %v, offset %d→%d)", size, w.focus, before, w.vp.YOffset())
		}
	}
}

// A click on a command marks it for y.
func TestMouseMarksACommand(t *testing.T) {
	m := feed(newTestModel("policy-missing.test", 120, 40), stream(missingReport())...) // on the fetch, two commands
	y := lineOf(m, "$ openssl")
	if y < 0 {
		t.Fatalf("the second command is not on screen:\n%s", ansi.Strip(m.View().Content))
	}
	m = click(m, 60, y)
	if walkOf(m).cmdSel != 1 {
		t.Errorf("a click on the second command marked %d", walkOf(m).cmdSel)
	}
}

func TestMouseOnHomeLearnAndSimulator(t *testing.T) {
	home := newHomeModel(t, Config{Scenarios: []Scenario{{Name: "healthy.test"}, {Name: "policy-missing.test"}, {Name: "backup-mx-broken.test"}}})
	home = click(home, 4, lineOf(home, "backup-mx-broken.test"))
	if y := lineOf(home, "backup-mx-broken.test"); homeOf(home).sel != 2 {
		t.Errorf("a click on the third scenario (line %d) selected %d", y, homeOf(home).sel)
	}
	_, cmd := home.Update(tea.MouseClickMsg{X: 4, Y: lineOf(home, "› backup-mx-broken.test"), Button: tea.MouseLeft})
	if cmd == nil {
		t.Fatal("a second click on the selected scenario did not check it")
	}
	if msg, ok := cmd().(startWalkMsg); !ok || msg.target.ascii != "backup-mx-broken.test" {
		t.Errorf("the second click: %#v", cmd())
	}

	learn := act(newHomeModel(t, Config{}), "esc", "L")
	var y int
	y = -1
	for i, l := range strings.Split(ansi.Strip(learn.View().Content), "\n") {
		if strings.Contains(ansi.Cut(l, 0, learnListWidth), "No cache: fail open") {
			y = i
		}
	}
	learn = click(learn, 3, y)
	if learnOf(learn).sel != 1 {
		t.Errorf("a click on the second topic selected %d", learnOf(learn).sel)
	}

	sim := openSim(t, 80, 24)
	g := simOf(sim).geom()
	y = lineOf(sim, "uncached (rfc)")
	sim = click(sim, g.label+2+g.strip/2, y)
	s := simOf(sim)
	if s.res.Senders[s.row].Sender.Name != "uncached" {
		t.Errorf("a click on the uncached row selected %s", s.res.Senders[s.row].Sender.Name)
	}
	if want := g.colTime(g.strip/2, s.in.until); s.cursor < want-2*s.in.until/time.Duration(g.strip) || s.cursor > want {
		t.Errorf("cursor %v after a click mid-timeline, want about %v", s.cursor, want)
	}
}
