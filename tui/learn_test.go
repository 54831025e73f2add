package tui

import (
	tea "charm.land/bubbletea/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
)

func openLearn(t *testing.T, w, h int) Model {
	t.Helper()
	m := act(newHomeModel(t, Config{}), "esc", "L")
	m = update(m, tea.WindowSizeMsg{Width: w, Height: h})
	if frontName(m) != "learn" {
		t.Fatalf("L from home's list opened screen %v", frontName(m))
	}
	return m
}

func TestLearnGolden(t *testing.T) {
	m := act(openLearn(t, 80, 24), "j", "j")
	view := ansi.Strip(m.View().Content)
	assertFits(t, view, 80, 24)
	golden.RequireEqual(t, []byte(view))
}

func TestLearnKeys(t *testing.T) {
	t.Run("↓ walks the topics, the last entry is the code list", func(t *testing.T) {
		m := openLearn(t, 80, 24)
		for range len(assets.LearnTopics()) + 3 {
			m = act(m, "j")
		}
		if !learnOf(m).onCodes() {
			t.Fatalf("sel %d is not the codes entry", learnOf(m).sel)
		}
		if !strings.Contains(ansi.Strip(m.View().Content), string(assets.Codes()[0])) {
			t.Error("the code list does not show the first code")
		}
	})
	t.Run("/ searches codes; q types instead of quitting", func(t *testing.T) {
		m := act(openLearn(t, 80, 24), "/")
		m = typeText(m, "404 q")
		if !learnOf(m).filtering || frontName(m) != "learn" {
			t.Fatal("typing q left the search")
		}
		m = act(openLearn(t, 80, 24), "/")
		m = typeText(m, "fetch.http")
		matches := learnOf(m).matches()
		if len(matches) == 0 {
			t.Fatal("no code matches fetch.http")
		}
		for _, c := range matches {
			e, _ := assets.Explain(c)
			if !strings.Contains(strings.ToLower(string(c)+e.Title+e.RFC+e.Why), "fetch.http") {
				t.Errorf("%s matched without containing the search", c)
			}
		}
	})
	t.Run("esc returns to the topics, then to where learn was opened", func(t *testing.T) {
		m := act(openLearn(t, 80, 24), "tab", "esc")
		if learnOf(m).focus != learnList || frontName(m) != "learn" {
			t.Fatal("esc in the text did not return to the topics")
		}
		if m = act(m, "esc"); frontName(m) != "home" {
			t.Errorf("esc from the topics went to %v", frontName(m))
		}
	})
	// From a walk step with a diagnostic, L opens that code's explanation.
	t.Run("L from the walk opens the selected step's code", func(t *testing.T) {
		rep := missingReport()
		// The fixture carries fetch.status, the catalogue's code for a non-200 answer.
		m := feed(newTestModel("policy-missing.test", 80, 24), stream(rep)...)
		m = act(m, "L") // the walk ended on its FAIL, the policy fetch
		if frontName(m) != "learn" || !learnOf(m).onCodes() {
			t.Fatalf("screen %v codes %v", frontName(m), learnOf(m).onCodes())
		}
		if got := learnOf(m).matches()[learnOf(m).codeSel]; got != "fetch.status" {
			t.Errorf("opened %s, want fetch.status", got)
		}
		view := ansi.Strip(m.View().Content)
		if !strings.Contains(view, "RFC 8461 §3.3") {
			t.Errorf("the explanation does not cite its section:\n%s", view)
		}
	})
}

// RFC sections become links to the RFC Editor's copy.
func TestRFCURL(t *testing.T) {
	for ref, want := range map[string]string{
		"RFC 8461 §3.3":       "https://www.rfc-editor.org/rfc/rfc8461.html#section-3.3",
		"RFC 8460 §4.3.1":     "https://www.rfc-editor.org/rfc/rfc8460.html#section-4.3.1",
		"RFC 8461 §3.2, §3.3": "https://www.rfc-editor.org/rfc/rfc8461.html#section-3.2",
		"RFC 7672":            "https://www.rfc-editor.org/rfc/rfc7672.html",
		"no reference at all": "",
	} {
		if got := rfcURL(ref); got != want {
			t.Errorf("rfcURL(%q) = %q, want %q", ref, got, want)
		}
	}
}

func TestLearnLinesFitEveryWidth(t *testing.T) {
	for _, size := range [][2]int{{20, 8}, {40, 12}, {59, 20}, {60, 18}, {80, 24}, {200, 50}} {
		for _, keys := range [][]string{nil, {"?"}, {"/"}, {"tab", "j"}} {
			m := act(openLearn(t, size[0], size[1]), keys...)
			assertFits(t, ansi.Strip(m.View().Content), size[0], size[1])
			assertFits(t, m.View().Content, size[0], size[1])
		}
	}
}

// Learn takes the terminal's size whatever screen was in front when it
// changed (its topic pane stuck at 10 rows after a visit to the simulator).
func TestLearnSizedAfterTheSimulator(t *testing.T) {
	m := openSim(t, 80, 14)
	m = update(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = update(act(m, "esc"), openLearnMsg{}) // from the walk, on the topics
	if frontName(m) != "learn" {
		t.Fatalf("front %s", frontName(m))
	}
	g := learnOf(m).geom()
	if g.width != 120 || g.height != 40 || learnOf(m).vp.Height() < 30 {
		t.Errorf("learn is %dx%d with a %d-row text pane after the resize", g.width, g.height, learnOf(m).vp.Height())
	}
	assertFits(t, ansi.Strip(m.View().Content), 120, 40)
}
