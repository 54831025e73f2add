package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// A printable key (or a ctrl key) means one thing on every screen: the
// issue found l meaning learn on the walk and "cursor 12 h later" in the
// simulator, s save there and senders here. Arrows, enter, esc and tab
// act on what has focus and are left out.
func TestKeysMeanOneThing(t *testing.T) {
	structural := map[string]bool{"up": true, "down": true, "left": true, "right": true, "enter": true, "esc": true,
		"tab": true, "shift+tab": true, "pgup": true, "pgdown": true, "home": true, "end": true, "shift+left": true, "shift+right": true}
	seen := map[string]string{} // key → "desc (screen)"
	for name, km := range allKeyMaps() {
		groups := append(km.FullHelp(), newGlobalKeys().all())
		for _, g := range groups {
			for _, b := range g {
				for _, k := range b.Keys() {
					if structural[k] {
						continue
					}
					desc := b.Help().Desc
					if prev, ok := seen[k]; ok && !strings.HasPrefix(prev, desc+" (") {
						t.Errorf("key %q is %q on %s but %s", k, desc, name, prev)
					}
					seen[k] = desc + " (" + name + ")"
				}
			}
		}
	}
	for _, k := range []string{"q", "?", "/", "y", "n", "g", "G"} {
		if _, ok := seen[k]; !ok {
			t.Errorf("no screen binds %q", k)
		}
	}
	if d := seen["ctrl+l"]; !strings.HasPrefix(d, "redraw") {
		t.Errorf("ctrl+l is %q, want redraw", d)
	}
}

// ? opens the help on every screen, home included once the input is
// left; while the input has the keyboard ? and q are typed.
func TestHelpOnEveryScreen(t *testing.T) {
	home := newHomeModel(t, Config{Scenarios: []Scenario{{Name: "healthy.test"}}})
	typed := act(home, "?", "q")
	if frontName(typed) != "home" || homeOf(typed).input.Value() != "?q" {
		t.Fatalf("? and q in the input: front %s, input %q", frontName(typed), homeOf(typed).input.Value())
	}
	if !strings.Contains(ansi.Strip(home.View().Content), "esc leave input") {
		t.Errorf("home does not say how to leave the input:\n%s", ansi.Strip(home.View().Content))
	}
	walk := feed(newTestModel("policy-missing.test", 80, 24), stream(missingReport())...)
	screens := map[string]Model{
		"home":     act(home, "esc"),
		"walk":     walk,
		"simulate": act(openSim(t, 80, 24)),
		"learn":    act(walk, "L"),
	}
	for name, m := range screens {
		h := act(m, "?")
		if frontName(h) != "help" {
			t.Errorf("%s: ? opened %s", name, frontName(h))
			continue
		}
		view := ansi.Strip(h.View().Content)
		for _, want := range []string{`\?\s+help`, `q\s+quit`, `ctrl\+l\s+redraw`, `esc\s+\w`} {
			if !regexp.MustCompile(want).MatchString(view) {
				t.Errorf("%s: the help lacks %q:\n%s", name, want, view)
			}
		}
		assertFits(t, view, 80, 24)
		if back := act(h, "esc"); frontName(back) != name && !(name == "simulate" && frontName(back) == "simulate") {
			t.Errorf("%s: esc from the help went to %s", name, frontName(back))
		}
	}
}

// One back message for every screen, and the stack never repeats a kind:
// walk → learn → (back) walk → simulate → learn is two screens over home
// and the walk, not five.
func TestStackHasOneBack(t *testing.T) {
	m := feed(newTestModel("policy-missing.test", 80, 24), stream(missingReport())...)
	m = act(m, "L", "esc", "esc") // learn: text → topics → back
	if frontName(m) != "walk" {
		t.Fatalf("back from learn went to %s", frontName(m))
	}
	m = act(m, "m")
	m = update(m, openLearnMsg{})
	m = update(m, openLearnMsg{})
	if len(m.stack) != 4 {
		t.Errorf("stack of %d screens, want home, walk, simulate, learn", len(m.stack))
	}
	for _, want := range []string{"simulate", "walk", "home", "home"} {
		m = update(m, BackMsg{})
		if frontName(m) != want {
			t.Errorf("after back: %s, want %s", frontName(m), want)
		}
	}
}

// A walk behind another screen keeps running: its spinner ticks and its
// events reach it (the spinner froze after a visit to learn).
func TestWalkRunsBehindOtherScreens(t *testing.T) {
	evs := stream(missingReport())
	m := feed(newTestModel("policy-missing.test", 80, 24), evs[:3]...)
	m = update(m, openLearnMsg{})
	w := walkOf(m)
	tick := w.spin.Tick().(spinner.TickMsg)
	nm, cmd := m.Update(tick)
	m = nm.(Model)
	if cmd == nil {
		t.Error("the walk behind learn did not ask for its next tick")
	}
	if walkOf(m).spin.View() == w.spin.View() {
		t.Error("the spinner did not move behind learn")
	}
	m = feed(m, evs[3:]...)
	if frontName(m) != "learn" || walkOf(m).report == nil {
		t.Errorf("events behind learn: front %s, report %v", frontName(m), walkOf(m).report != nil)
	}
	if m = update(m, BackMsg{}); walkOf(m).steps[2].Status != probe.StatusFail || walkOf(m).sel != 2 {
		t.Errorf("back on the walk: fetch %s, sel %d", walkOf(m).steps[2].Status, walkOf(m).sel)
	}
}

// ctrl+l redraws (it opened learn on home).
func TestCtrlLRedraws(t *testing.T) {
	m := newHomeModel(t, Config{})
	_, cmd := m.Update(keyMsg("ctrl+l"))
	if cmd == nil {
		t.Fatal("ctrl+l did nothing")
	}
	if got, want := fmt.Sprintf("%T", cmd()), fmt.Sprintf("%T", tea.ClearScreen()); got != want {
		t.Errorf("ctrl+l returned %s, want %s", got, want)
	}
	if frontName(update(m, keyMsg("ctrl+l"))) != "home" {
		t.Error("ctrl+l left home")
	}
}

// A key's help text is short enough for a footer.
func TestKeyHelpIsShort(t *testing.T) {
	for name, km := range allKeyMaps() {
		for _, b := range km.ShortHelp() {
			if n := utf8.RuneCountInString(b.Help().Key + b.Help().Desc); n > 40 {
				t.Errorf("%s: %q is %d long", name, b.Help().Desc, n)
			}
		}
	}
}

// Hand-made fixtures use only codes the catalogue knows: a made-up code
// (fetch.http.status) was baked into goldens and hid that learn could
// not open it.
func TestFixturesUseCatalogueCodes(t *testing.T) {
	for _, rep := range []*probe.Report{healthyReport(), missingReport()} {
		for _, s := range rep.Steps {
			for _, d := range s.Diagnostics {
				if _, ok := assets.Explain(d.Code); !ok {
					t.Errorf("%s: step %s uses %q, which is not in the catalogue", rep.Domain, s.ID, d.Code)
				}
			}
		}
	}
}
