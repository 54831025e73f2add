package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
	"github.com/charmbracelet/x/ansi"
)

// The full help (?) must list every key the screen takes, at every width
// a terminal may have, without a line wider than the terminal: a help
// that drops "esc back" or "q quit" at 80 columns lies by omission.
func TestFullHelpListsEveryKeyAndFits(t *testing.T) {
	for name, km := range allKeyMaps() {
		km = newHelpScreen(NewStyles(true, false), name, km, newGlobalKeys()).KeyMap()
		for _, width := range []int{40, 60, 80, 120} {
			h := help.New()
			h.ShowAll = true
			view := ansi.Strip(helpView(h, km, width))
			for _, l := range strings.Split(view, "\n") {
				if w := ansi.StringWidth(l); w > width {
					t.Errorf("%s at %d: line %q is %d wide", name, width, l, w)
				}
			}
			for _, e := range enabledHelp(km) {
				if !strings.Contains(view, e.Key+" ") || !strings.Contains(view, e.Desc) {
					t.Errorf("%s at %d: %q %q missing from the full help:\n%s", name, width, e.Key, e.Desc, view)
				}
			}
		}
	}
}

// allKeyMaps are the key maps of every screen in every state that has
// keys of its own.
func allKeyMaps() map[string]help.KeyMap {
	sim := newSimKeys()
	return map[string]help.KeyMap{
		"walk steps":    newWalkKeys().forFocus(paneSteps, true),
		"walk detail":   newWalkKeys().forFocus(paneDetail, true),
		"home input":    newHomeKeys().forState(false, false, false, true),
		"home typed":    newHomeKeys().forState(true, false, false, true),
		"home list":     newHomeKeys().forState(false, true, false, true),
		"home filter":   newHomeKeys().forState(false, true, true, true),
		"simulate":      sim,
		"sender picker": simPickKeys{sim},
		"learn":         newLearnKeys(),
		"sandbox":       newSandboxKeys(sandboxChanges()),
		"reports":       newReports(NewStyles(true, true), &ReportsData{}).keys,
		"history list":  newHistoryKeys().forMode(historyList),
		"history diff":  newHistoryKeys().forMode(historyDiff),
	}
}
