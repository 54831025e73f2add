package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

func typeText(m Model, s string) Model {
	for _, r := range s {
		m = update(m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func newHomeModel(t *testing.T, cfg Config) Model {
	cfg.Runner, cfg.Now = nopRunner, fixedClock
	return update(New(t.Context(), cfg), tea.WindowSizeMsg{Width: 80, Height: 24})
}

// The input is validated as you type: what the user pasted by mistake is
// read and a note says how; anything else gets an inline error.
func TestHomeValidatesAsYouType(t *testing.T) {
	tests := []struct {
		name, typed string
		want        []string
		startsWalk  bool
	}{
		{"a domain", "example.com", []string{"✓ will check example.com"}, true},
		{"an email address pasted by mistake", "alice@example.org", []string{"will check example.org", "email address"}, true},
		{"a URL pasted by mistake", "https://example.net/x", []string{"will check example.net", "URL"}, true},
		{"a U-label IDN shown with its A-label (RFC 8461 §3.2)", "bücher.example", []string{"xn--bcher-kva.example (bücher.example)"}, true},
		{"an IP address", "192.0.2.1", []string{"✗", "IP address"}, false},
		{"a single label", "localhost", []string{"✗", "single label"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := typeText(newHomeModel(t, Config{}), tt.typed)
			view := ansiStripped(m)
			for _, w := range tt.want {
				if !strings.Contains(view, w) {
					t.Errorf("home view lacks %q:\n%s", w, view)
				}
			}
			_, cmd := m.Update(keyMsg("enter"))
			var msg tea.Msg
			if cmd != nil {
				msg = cmd()
			}
			if _, ok := msg.(startWalkMsg); ok != tt.startsWalk {
				t.Errorf("enter started a walk: %v, want %v", ok, tt.startsWalk)
			}
		})
	}
}

// In lab mode enter on an empty input walks the selected scenario.
func TestHomeScenarioPicker(t *testing.T) {
	m := newHomeModel(t, Config{Scenarios: []Scenario{{Name: "healthy.test"}, {Name: "policy-missing.test", Story: "the web server answers 404"}}})
	m = press(m, "down")
	if !strings.Contains(ansiStripped(m), "the web server answers 404") {
		t.Error("the selected scenario's story is not shown")
	}
	_, cmd := m.Update(keyMsg("enter"))
	msg, ok := cmd().(startWalkMsg)
	if !ok || msg.target.ascii != "policy-missing.test" {
		t.Fatalf("enter: %#v", msg)
	}
	m = update(m, msg)
	if frontName(m) != "walk" || walkOf(m).target.ascii != "policy-missing.test" {
		t.Errorf("screen %v target %q", frontName(m), walkOf(m).target.ascii)
	}
}

// Recent domains survive a restart, newest first, bounded, and a file
// edited by hand (or by an attacker) shows only valid domains.
func TestRecentRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "mtasts-doctor", "recent")
	var list []string
	for _, d := range []string{"a.example", "b.example", "a.example", "c.example"} {
		list = addRecent(list, d)
	}
	if got := strings.Join(list, " "); got != "c.example a.example b.example" {
		t.Fatalf("addRecent: %q", got)
	}
	if msg := saveRecent(path, list)(); msg.(recentSavedMsg).err != nil {
		t.Fatal(msg)
	}
	got := loadRecent(path)().(recentLoadedMsg).domains
	if strings.Join(got, " ") != "c.example a.example b.example" {
		t.Errorf("loaded %q", got)
	}

	hostile := "evil\x1b]52;c;x\x07.example\nok.example\n../../etc/passwd\n\x1b[2Jwipe.example\n" + strings.Repeat("x.example\n", 100)
	if err := os.WriteFile(path, []byte(hostile), 0o600); err != nil {
		t.Fatal(err)
	}
	got = loadRecent(path)().(recentLoadedMsg).domains
	if strings.Join(got, " ") != "ok.example x.example" {
		t.Errorf("loaded from a hostile file: %q", got)
	}
	for i := range 20 {
		list = addRecent(list, strings.Repeat("a", i+1)+".example")
	}
	if len(list) != maxRecent {
		t.Errorf("recent list grew to %d", len(list))
	}
}

// A walk's recent domains reach home and are written to disk.
func TestWalkAddsToRecent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "recent")
	m := newHomeModel(t, Config{RecentPath: path})
	m = typeText(m, "example.com")
	_, cmd := m.Update(keyMsg("enter"))
	m = update(m, cmd())
	if len(homeOf(m).recent) != 1 || homeOf(m).recent[0] != "example.com" {
		t.Errorf("home recent = %q", homeOf(m).recent)
	}
	if msg := saveRecent(path, m.recent)(); msg.(recentSavedMsg).err != nil {
		t.Fatal(msg)
	}
	b, _ := os.ReadFile(path)
	if strings.TrimSpace(string(b)) != "example.com" {
		t.Errorf("recent file: %q", b)
	}
}

func TestLabScenariosPutHostileLast(t *testing.T) {
	got := LabScenarios([]probetest.Scenario{{Name: "evil", Title: "E", Hostile: true}, {Name: "healthy", Title: "H", Story: "S"}})
	if len(got) != 2 || got[0].Name != "healthy.test" || got[0].Story != "S" || got[1].Name != "evil.test" {
		t.Errorf("LabScenarios = %+v", got)
	}
}

// The picker shows a window of a long list: it must say where in the list
// the selection is and how many scenarios lie beyond the window, or 7 of
// 45 look like all of them.
func TestHomeListSaysThereIsMore(t *testing.T) {
	var sc []Scenario
	for i := range 45 {
		sc = append(sc, Scenario{Name: fmt.Sprintf("s%02d.test", i), Title: "scenario"})
	}
	m := newHomeModel(t, Config{Scenarios: sc})
	view := ansiStripped(m)
	for _, want := range []string{"1/45", "more", "press enter to check s00.test"} {
		if !strings.Contains(view, want) {
			t.Errorf("home does not say %q:\n%s", want, view)
		}
	}
	for range 44 {
		m = press(m, "down")
	}
	view = ansiStripped(m)
	if !strings.Contains(view, "45/45") || !strings.Contains(view, "s44.test") || !strings.Contains(view, "↑") {
		t.Errorf("at the end of the list:\n%s", view)
	}
}

// labHome is home in lab mode with the real catalogue's fifty scenarios.
func labHome(t *testing.T, w, h int) Model {
	t.Helper()
	all, err := probetest.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	m := newHomeModel(t, Config{Scenarios: LabScenarios(all)})
	return update(m, tea.WindowSizeMsg{Width: w, Height: h})
}

// / filters the lab list as you type; enter checks what the filter left
// selected, and the line under the input names it.
func TestHomeFilterFindsAScenario(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := act(labHome(t, size[0], size[1]), "esc", "/")
		m = typeText(m, "back")
		view := ansi.Strip(m.View().Content)
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			// The golden uses a fixed list: the catalogue grows.
			fixed := newHomeModel(t, Config{Scenarios: []Scenario{
				{Name: "healthy-enforce.test", Title: "Healthy, enforce mode", Story: "Everything is right."},
				{Name: "backup-mx-broken.test", Title: "Backup MX with an untrusted certificate", Story: "The backup MX presents a self-signed certificate."},
				{Name: "policy-missing.test", Title: "The policy file is gone", Story: "The web server answers 404."},
				{Name: "mx-private-address.test", Title: "A backup MX on a private address", Story: "The backup MX resolves to 10.0.0.25."},
			}})
			fixed = typeText(act(update(fixed, tea.WindowSizeMsg{Width: size[0], Height: size[1]}), "esc", "/"), "back")
			view := ansi.Strip(fixed.View().Content)
			assertFits(t, view, size[0], size[1])
			golden.RequireEqual(t, []byte(view))
		})
		if !strings.Contains(view, "› backup-mx-broken.test") || !strings.Contains(view, "✓ enter checks backup-mx-broken.test") {
			t.Errorf("%v: /back did not select backup-mx-broken:\n%s", size, view)
		}
		if strings.Contains(view, "healthy-enforce.test") {
			t.Errorf("%v: the filter let healthy-enforce through", size)
		}
		_, cmd := m.Update(keyMsg("enter"))
		if msg, ok := cmd().(startWalkMsg); !ok || msg.target.ascii != "backup-mx-broken.test" {
			t.Errorf("%v: enter after the filter: %#v", size, cmd())
		}
		// esc drops the filter and keeps the item selected.
		m = act(m, "esc")
		if it, _ := homeOf(m).selected(); it.name != "backup-mx-broken.test" || homeOf(m).filtering {
			t.Errorf("%v: after esc: %q, filtering %v", size, it.name, homeOf(m).filtering)
		}
	}
}

// PgUp/PgDn move a page, Home/End (and g/G) to the ends; the hint line
// always names what enter checks.
func TestHomeListPagesAndEnds(t *testing.T) {
	m := act(labHome(t, 80, 24), "esc")
	n := len(homeOf(m).items())
	page := homeOf(m).listRoom() - 1
	for _, c := range []struct {
		key  string
		want int
	}{{"pgdown", page}, {"pgdown", 2 * page}, {"pgup", page}, {"end", n - 1}, {"home", 0}, {"G", n - 1}, {"g", 0}} {
		m = act(m, c.key)
		if got := homeOf(m).sel; got != c.want {
			t.Errorf("%s: sel %d, want %d", c.key, got, c.want)
		}
		it, _ := homeOf(m).selected()
		if !strings.Contains(ansi.Strip(m.View().Content), "enter checks "+it.name) {
			t.Errorf("%s: the hint does not name %s", c.key, it.name)
		}
	}
}

// With the list focused, text typed before does not make the hint lie:
// it names the list's item, which is what enter checks.
func TestHomeHintAgreesWithEnter(t *testing.T) {
	m := typeText(labHome(t, 80, 24), "policy-missing.testl")
	m = act(m, "tab", "down")
	it, _ := homeOf(m).selected()
	view := ansi.Strip(m.View().Content)
	if strings.Contains(view, "will check policy-missing.testl") || !strings.Contains(view, "enter checks "+it.name) {
		t.Errorf("the hint does not follow the list:\n%s", view)
	}
	_, cmd := m.Update(keyMsg("enter"))
	if msg := cmd().(startWalkMsg); msg.target.ascii != it.name {
		t.Errorf("enter checked %s, the hint said %s", msg.target.ascii, it.name)
	}
}
