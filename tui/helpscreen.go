package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// helpScreen is what ? opens on every screen: all the keys of the screen
// under it (of the pane that had focus), then the keys that work
// everywhere. esc or ? closes it.
type helpScreen struct {
	st            *Styles
	name          string
	keys          keyMap
	h             help.Model
	width, height int
}

func newHelpScreen(st *Styles, name string, under help.KeyMap, global globalKeys) helpScreen {
	full := append([][]key.Binding(nil), under.FullHelp()...)
	full = append(full, global.all())
	back := newNavKeys().Back
	back.SetHelp("esc/?", "close help")
	h := help.New()
	h.ShowAll = true
	h.Styles = st.Help
	return helpScreen{st: st, name: name, h: h, keys: keyMap{short: []key.Binding{back, global.Quit}, full: full}}
}

func (s helpScreen) Init() tea.Cmd { return nil }

func (s helpScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, newNavKeys().Back) {
		return s, Back
	}
	return s, nil
}

func (s helpScreen) SetSize(width, height int) Screen {
	s.width, s.height = width, height
	return s
}

func (s helpScreen) SetStyles(st *Styles) Screen {
	s.st = st
	s.h.Styles = st.Help
	return s
}

func (s helpScreen) KeyMap() help.KeyMap { return s.keys }

func (s helpScreen) View() string {
	width, height := s.width, s.height
	if width <= 0 {
		width, height = 80, 24
	}
	title := "keys"
	if s.name != "" {
		title = "keys of " + s.name
	}
	out := []string{truncate(s.st.Title.Render("mtasts-doctor")+" "+s.st.Heading.Render(title), width),
		truncate(s.st.Muted.Render("?, q and ctrl+l work on every screen (while a text field has the keyboard, ? and q are typed)"), width), ""}
	out = append(out, strings.Split(helpView(s.h, s.keys, width), "\n")...)
	footer := shortHelp(s.h, s.keys.ShortHelp(), width)
	for len(out) < height-1 {
		out = append(out, "")
	}
	out = append(first(out, max(height-1, 0)), footer)
	return fit(strings.Join(out, "\n"), width, height)
}
