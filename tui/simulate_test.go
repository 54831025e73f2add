package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// settle runs the simulator's commands as the program would and feeds
// their results back; other messages (a cursor blink) are dropped so a
// test never waits on a timer.
func settle(m Model, cmd tea.Cmd) Model {
	if cmd == nil {
		return m
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			m = settle(m, c)
		}
	case simResultMsg, simPopMsg, openSimMsg, openLearnMsg, BackMsg, PushMsg:
		nm, next := m.Update(msg)
		m = settle(nm.(Model), next)
	}
	return m
}

// act presses keys and settles what each starts.
func act(m Model, keys ...string) Model {
	for _, k := range keys {
		nm, cmd := m.Update(keyMsg(k))
		m = settle(nm.(Model), cmd)
	}
	return m
}

// openSim opens the simulator from the policy-missing walk, as a user
// does with m on the verdict.
func openSim(t testing.TB, w, h int) Model {
	t.Helper()
	m := feed(newTestModel("policy-missing.test", w, h), stream(missingReport())...)
	m = act(m, "m")
	if frontName(m) != "simulate" || simOf(m).res == nil || simOf(m).pop == nil {
		t.Fatalf("m on the verdict: screen %v, result %v, population %v", frontName(m), simOf(m).res != nil, simOf(m).pop != nil)
	}
	return m
}

func TestSimulatorOpensPrefilledFromTheWalk(t *testing.T) {
	m := openSim(t, 80, 24)
	if got := simOf(m).in.policy.Domain; got != "policy-missing.test" {
		t.Errorf("domain = %q, want the walked domain", got)
	}
	view := ansi.Strip(m.View().Content)
	for _, want := range []string{"policy-missing.test", "cached (rfc)", "uncached (rfc)", "policy file", "day 0 00:00"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	m = act(m, "esc")
	if frontName(m) != "walk" {
		t.Errorf("esc from the simulator went to screen %v, want the walk", frontName(m))
	}
}

// The walk has no report yet: m says so instead of simulating nothing.
func TestSimulateKeyWaitsForTheReport(t *testing.T) {
	m := act(newTestModel("policy-missing.test", 80, 24), "m")
	if frontName(m) != "walk" || !strings.Contains(walkOf(m).status, "not finished") {
		t.Errorf("screen %v status %q", frontName(m), walkOf(m).status)
	}
}

// RFC 8461 §3.2, §3.3: a cached policy lasts fetch time + max_age and a
// failed refetch does not clear it; the cached sender last fetched 2 d
// before the file went missing for 10 d.
func TestMaxAgePresetsMoveWhereProtectionEnds(t *testing.T) {
	tests := []struct {
		key  string
		want func(time.Duration) bool
		desc string
	}{
		{"1", func(d time.Duration) bool { return d == 0 }, "1 d: the cache fetched 2 d ago has expired before t = 0"},
		{"2", func(d time.Duration) bool { return d == 5*simulate.Day }, "1 w: ends at max_age − last fetch = 5 d, inside the 10 d outage"},
		{"3", func(d time.Duration) bool { return d == simulate.Forever }, "15 d: outlasts the 10 d outage, refreshed when the file is back"},
		{"4", func(d time.Duration) bool { return d == simulate.Forever }, "1 y: outlasts the outage"},
	}
	base := openSim(t, 80, 24)
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			m := act(base, tt.key)
			if simOf(m).in.maxAge != maxAgePresets[tt.key[0]-'1'] {
				t.Fatalf("max_age = %v", simOf(m).in.maxAge)
			}
			sr, ok := simOf(m).res.Sender("cached")
			if !ok {
				t.Fatal("no cached sender")
			}
			if !tt.want(sr.ProtectedUntil) {
				t.Errorf("cached sender protected until %s", simulate.FormatDuration(sr.ProtectedUntil))
			}
		})
	}
	// And the picture changes with it: the cached row at 1 w and 15 d differs.
	w, f := act(base, "2"), act(base, "3")
	if rowOf(w, "cached (rfc)") == rowOf(f, "cached (rfc)") {
		t.Error("the cached row looks the same at max_age 1 w and 15 d")
	}
}

func rowOf(m Model, label string) string {
	for _, l := range strings.Split(ansi.Strip(m.View().Content), "\n") {
		if strings.Contains(l, label) {
			return l
		}
	}
	return ""
}

// The read-out is what `mtasts-doctor simulate --json` says for the same
// inputs: the CLI builds simulate.Cached plus an UncachedSender, and its
// "explanation" and "rfc" fields are Attempt.Explain and Attempt.RFC.
func TestReadoutMatchesSimulateJSON(t *testing.T) {
	m := act(newHomeModel(t, Config{}), "esc", "m")
	if frontName(m) != "simulate" {
		t.Fatal("m from home's list did not open the simulator")
	}
	// --max-age 7d --last-fetch 2d --outage-length 10d --until 21d --every 1h
	sc := simulate.Cached(mustProfile(t, "rfc"), simulate.Week, 2*simulate.Day, 10*simulate.Day, 21*simulate.Day, time.Hour)
	sc.Senders = append(sc.Senders, simulate.UncachedSender("uncached", mustProfile(t, "rfc"), time.Hour))
	rep := sc.Run().Report(nil)
	byKey := map[string]simulate.ReportAttempt{}
	for _, a := range rep.Attempts {
		byKey[fmt.Sprint(a.Sender, a.AtSeconds)] = a
	}
	checked := 0
	for _, moves := range [][]string{nil, {".", "."}, {".", ".", ".", ".", ".", ".", "l", "l"}, {".", ".", ".", ".", ".", ".", ".", ".", ".", ".", "h"}} {
		mm := act(m, moves...)
		for _, sender := range []string{"cached", "uncached"} {
			at := simOf(mm).cursor
			want, ok := byKey[fmt.Sprint(sender, int64(at/time.Second))]
			if !ok {
				t.Fatalf("--json has no attempt by %s at %s", sender, clock(at))
			}
			got, _ := readout(*simOf(mm).res, sender, at)
			if exp := want.Explanation + ", " + want.RFC; !strings.HasPrefix(got, exp) {
				t.Errorf("%s at %s:\n tui:  %s\n json: %s", sender, clock(at), got, exp)
			}
			checked++
		}
	}
	// The cursor moved past the cache's end: the sentences differ over time.
	if checked != 8 {
		t.Fatalf("checked %d read-outs", checked)
	}
	a, _ := readout(*simOf(m).res, "cached", 0)
	b, _ := readout(*simOf(m).res, "cached", 8*simulate.Day)
	if a == b {
		t.Errorf("the cached sender reads the same before and after its cache expired: %q", a)
	}
}

func mustProfile(t *testing.T, name string) simulate.Profile {
	t.Helper()
	p, err := simulate.ProfileByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSimulateGolden(t *testing.T) {
	for _, preset := range []struct{ name, key string }{{"MaxAge1d", "1"}, {"MaxAge1y", "4"}} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", preset.name, size[0], size[1]), func(t *testing.T) {
				m := act(openSim(t, size[0], size[1]), preset.key, ".", ".", ".", ".", ".", ".", ".", ".")
				view := ansi.Strip(m.View().Content)
				assertFits(t, view, size[0], size[1])
				golden.RequireEqual(t, []byte(view))
			})
		}
	}
}

func TestSimulateKeys(t *testing.T) {
	base := openSim(t, 80, 24)
	t.Run("a toggles the attacker: the uncached sender is exposed (RFC 8461 §10.2)", func(t *testing.T) {
		m := act(base, "a")
		sr, _ := simOf(m).res.Sender("uncached")
		if !simOf(m).in.attack || sr.Count(simulate.Exposed) == 0 {
			t.Errorf("attack %v, exposed deliveries %d", simOf(m).in.attack, sr.Count(simulate.Exposed))
		}
		if m = act(m, "a"); simOf(m).in.attack {
			t.Error("a did not turn the attacker off")
		}
	})
	t.Run("what is typed replaces the value, it is not appended to it", func(t *testing.T) {
		m := act(base, "e")
		m = typeText(m, "2w")
		m = act(m, "enter")
		if simOf(m).in.maxAge != 2*7*simulate.Day {
			t.Errorf("typing 2w over max_age 1w gave %v", simOf(m).in.maxAge)
		}
		// Enter with nothing typed keeps the value.
		if m = act(m, "e", "enter"); simOf(m).in.maxAge != 2*7*simulate.Day || simOf(m).editing != fieldNone {
			t.Errorf("an empty edit changed max_age to %v (editing %v)", simOf(m).in.maxAge, simOf(m).editing)
		}
	})
	t.Run("typed max_age with units, bounded by RFC 8461 §3.2", func(t *testing.T) {
		m := act(base, "e", "ctrl+u")
		m = typeText(m, "3d")
		m = act(m, "enter")
		if simOf(m).in.maxAge != 3*simulate.Day || simOf(m).editing != fieldNone {
			t.Errorf("max_age %v editing %v", simOf(m).in.maxAge, simOf(m).editing)
		}
		m = act(m, "e", "ctrl+u")
		m = typeText(m, "2y")
		m = act(m, "enter")
		if simOf(m).editErr == "" || simOf(m).in.maxAge != 3*simulate.Day {
			t.Errorf("2y accepted: max_age %v err %q", simOf(m).in.maxAge, simOf(m).editErr)
		}
		// q types into the field; it does not quit.
		nm, cmd := m.Update(keyMsg("q"))
		if cmd != nil && fmt.Sprint(cmd()) == fmt.Sprint(tea.Quit()) {
			t.Error("q quit while editing")
		}
		m = act(nm.(Model), "esc")
		if simOf(m).editing != fieldNone || frontName(m) != "simulate" {
			t.Error("esc did not cancel the edit")
		}
	})
	t.Run("outage length and start", func(t *testing.T) {
		m := act(base, "+", "+", "]")
		o := simOf(m).res.Timeline.FileOutages[0]
		if o.From != simulate.Day || o.To != simulate.Day+12*simulate.Day {
			t.Errorf("outage %s–%s", simulate.FormatDuration(o.From), simulate.FormatDuration(o.To))
		}
		m = act(m, "o", "ctrl+u")
		m = typeText(m, "forever")
		m = act(m, "enter")
		if simOf(m).res.Timeline.FileOutages[0].To != simulate.Forever {
			t.Error("forever not applied")
		}
	})
	t.Run("the cursor moves in steps and stays in the timeline", func(t *testing.T) {
		m := act(base, "l")
		small, big := simOf(m).steps()
		if simOf(m).cursor != small {
			t.Errorf("cursor %v after →, want %v", simOf(m).cursor, small)
		}
		m = act(m, ".")
		if simOf(m).cursor != small+big {
			t.Errorf("cursor %v after L, want %v", simOf(m).cursor, small+big)
		}
		for range 100 {
			m = act(m, ".")
		}
		if simOf(m).cursor >= simOf(m).in.until {
			t.Errorf("cursor %v past the end %v", simOf(m).cursor, simOf(m).in.until)
		}
		for range 100 {
			m = act(m, ",")
		}
		if simOf(m).cursor != 0 {
			t.Errorf("cursor %v, want 0", simOf(m).cursor)
		}
	})
	t.Run("senders picker adds a real sender: mox restarts max_age (variant of §3.2)", func(t *testing.T) {
		m := act(base, "p")
		for simOf(m).cat[simOf(m).pickSel].name != "mox" {
			m = act(m, "j")
		}
		m = act(m, "space", "esc")
		sr, ok := simOf(m).res.Sender("mox")
		if !ok || simOf(m).picking {
			t.Fatalf("mox shown %v, picking %v", ok, simOf(m).picking)
		}
		// The TXT record stays, so mox never notices the missing file.
		if sr.ProtectedUntil != simulate.Forever {
			t.Errorf("mox protected until %s", simulate.FormatDuration(sr.ProtectedUntil))
		}
	})
}

// A result computed for older inputs must not replace a newer one.
func TestSimulateDropsStaleResults(t *testing.T) {
	m := openSim(t, 80, 24)
	old := simOf(m).res
	nm, cmd1 := m.Update(keyMsg("1"))
	m = nm.(Model)
	nm, cmd2 := m.Update(keyMsg("4"))
	m = settle(nm.(Model), cmd2)
	want := simOf(m).res
	m = settle(m, cmd1) // the 1 d result arrives last
	if simOf(m).res != want || simOf(m).res == old {
		t.Error("a stale result replaced the current one")
	}
	if sr, _ := simOf(m).res.Sender("cached"); sr.ProtectedUntil != simulate.Forever {
		t.Errorf("shows max_age %v's result", simOf(m).in.maxAge)
	}
}

func TestSimulateLinesFitEveryWidth(t *testing.T) {
	for _, size := range [][2]int{{0, 0}, {20, 8}, {40, 12}, {60, 18}, {80, 24}, {100, 30}, {200, 50}} {
		for _, keys := range [][]string{nil, {"?"}, {"a", "p"}, {"e"}} {
			m := newTestModel("policy-missing.test", size[0], size[1])
			m = feed(m, stream(missingReport())...)
			m = act(m, append([]string{"m"}, keys...)...)
			w, h := size[0], size[1]
			if w == 0 {
				w, h = 80, 24
			}
			assertFits(t, ansi.Strip(m.View().Content), w, h)
			assertFits(t, m.View().Content, w, h)
		}
	}
}

// Every sender at once still fits 80x24.
func TestSimulateAllSendersFit(t *testing.T) {
	m := act(openSim(t, 80, 24), "p")
	for i := range simOf(m).cat {
		if !simOf(m).in.shown[i] {
			m = act(m, "space")
		}
		m = act(m, "j")
	}
	m = act(m, "esc")
	if len(simOf(m).res.Senders) != len(simCatalogue()) {
		t.Fatalf("%d senders shown", len(simOf(m).res.Senders))
	}
	assertFits(t, ansi.Strip(m.View().Content), 80, 24)
}

// simMsgs runs what one key press starts and returns the messages, in the
// order the commands were made, without feeding them back.
func simMsgs(t *testing.T, m Model, k string) (Model, []tea.Msg) {
	t.Helper()
	nm, cmd := m.Update(keyMsg(k))
	var out []tea.Msg
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c == nil {
			return
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				run(c)
			}
		default:
			out = append(out, msg)
		}
	}
	run(cmd)
	return nm.(Model), out
}

// Two max_age changes in a row start two population runs. When the older
// one lands first, the chart it draws is already out of date: the
// population line must keep saying so until the newer one lands.
func TestPopulationStaysUpdatingUntilTheNewestRunLands(t *testing.T) {
	m := openSim(t, 100, 40)
	m, first := simMsgs(t, m, "1")
	m, second := simMsgs(t, m, "4")
	pops := func(msgs []tea.Msg) (out []tea.Msg) {
		for _, msg := range msgs {
			if _, ok := msg.(simPopMsg); ok {
				out = append(out, msg)
			}
		}
		return out
	}
	older, newer := pops(first), pops(second)
	if len(older) != 1 || len(newer) != 1 {
		t.Fatalf("population runs: %d then %d, want one each", len(older), len(newer))
	}
	m = update(m, older[0])
	if view := ansi.Strip(m.View().Content); !strings.Contains(view, "protected then — updating") {
		t.Errorf("older population landed first: the line should say it is updating:\n%s", view)
	}
	m = update(m, newer[0])
	if view := ansi.Strip(m.View().Content); strings.Contains(view, "— updating") {
		t.Errorf("newest population landed: still says updating:\n%s", view)
	}
}

// Leaving the simulator while a run is out and opening it again: the late
// result belongs to the closed simulator's inputs and must not be drawn
// over the new one's (STYLE: tag async results with their origin).
func TestLateResultOfAClosedSimulatorIsDropped(t *testing.T) {
	m := openSim(t, 100, 40)
	m, late := simMsgs(t, m, "1") // max_age 1d, still running
	m = act(m, "esc", "m")        // back to the walk, open a fresh simulator
	if frontName(m) != "simulate" || simOf(m).in.maxAge != simulate.Week {
		t.Fatalf("reopened simulator: screen %v, max_age %v", frontName(m), simOf(m).in.maxAge)
	}
	want := ansi.Strip(m.View().Content)
	for _, msg := range late {
		m = update(m, msg)
	}
	if got := ansi.Strip(m.View().Content); got != want {
		t.Errorf("a closed simulator's result changed the open one's picture:\nbefore:\n%s\nafter:\n%s", want, got)
	}
}
