package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// onMouse is the reports screen's: the wheel moves through the result
// types, a click on one selects it.
func (m reportsModel) onMouse(msg tea.MouseMsg) (reportsModel, tea.Cmd) {
	mo := msg.Mouse()
	rows := m.results()
	switch msg.(type) {
	case tea.MouseWheelMsg:
		m.sel = min(max(m.sel+wheelDir(mo), 0), max(len(rows)-1, 0))
	case tea.MouseClickMsg:
		if mo.Button != tea.MouseLeft {
			return m, nil
		}
		lines := strings.Split(ansi.Strip(m.View()), "\n")
		if mo.Y < 0 || mo.Y >= len(lines) {
			return m, nil
		}
		// The result rows follow the "Result types" heading in order,
		// from the first one the window shows.
		for i, l := range lines {
			if strings.HasPrefix(l, "Result types") {
				start, end := rowWindow(len(rows), m.sel, m.listRoom(max(m.height, 5), 2, len(strings.Split(wrappedShortHelp(m.help, m.keys.ShortHelp(), max(m.width, 20), 2), "\n"))))
				if r := start + mo.Y - i - 1; r >= start && r < end {
					m.sel = r
				}
				break
			}
		}
	}
	return m, nil
}

// onMouse is the sandbox's: a click on a change in the "Break it" list
// makes it, as its key would.
func (m sandboxModel) onMouse(msg tea.MouseMsg) (Screen, tea.Cmd) {
	click, ok := msg.(tea.MouseClickMsg)
	if !ok || click.Mouse().Button != tea.MouseLeft || m.lab == nil {
		return m, nil
	}
	mo := click.Mouse()
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	if mo.Y < 0 || mo.Y >= len(lines) {
		return m, nil
	}
	// A change is "K name" in the list, or its key alone in the short
	// form ("Break it: P T … (? names them)") a small terminal gets.
	keys := map[string]string{"U undo": "U", "U": "U"}
	for _, c := range m.changes {
		keys[c.key+" "+c.name(m.view.State)], keys[c.key] = c.key, c.key
	}
	heading, sep := -1, " · "
	for i, l := range lines {
		if l == "Break it" || strings.HasPrefix(l, "Break it:") {
			heading = i
			if l != "Break it" {
				sep = " "
			}
		}
	}
	if heading < 0 || mo.Y < heading {
		return m, nil
	}
	// Find the item under the pointer; the status and footer below the
	// list are no changes ("Changed: …" is not the key C).
	x := 0
	for _, item := range strings.Split(lines[mo.Y], sep) {
		w := ansi.StringWidth(item)
		if k, ok := keys[item]; ok && mo.X >= x && mo.X < x+w {
			return m.key(tea.KeyPressMsg{Code: []rune(k)[0], Text: k})
		}
		x += w + ansi.StringWidth(sep)
	}
	return m, nil
}
