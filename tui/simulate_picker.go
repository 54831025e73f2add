package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

func (s simModel) onPickKey(msg tea.KeyPressMsg) (simModel, tea.Cmd) {
	k := s.keys
	switch {
	case key.Matches(msg, k.Up):
		s.pickSel = max(s.pickSel-1, 0)
	case key.Matches(msg, k.Down):
		s.pickSel = min(s.pickSel+1, len(s.cat)-1)
	case key.Matches(msg, k.Toggle):
		// Copy on write: older models and commands share the old slice.
		shown := append([]bool(nil), s.in.shown...)
		shown[s.pickSel] = !shown[s.pickSel]
		s.in.shown = shown
		return s, s.recompute()
	case key.Matches(msg, k.Back), key.Matches(msg, k.Senders), msg.String() == "enter":
		s.picking = false
	}
	return s, nil
}

// simPickKeys is the help of the sender picker.
type simPickKeys struct{ k simKeys }

func (p simPickKeys) ShortHelp() []key.Binding {
	return []key.Binding{p.k.navKeys.Move(), p.k.Toggle, p.k.Back, p.k.Quit(), p.k.HelpKey()}
}

func (p simPickKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.k.Up, p.k.Down, p.k.Toggle, p.k.Senders, p.k.Back}}
}

// picker lists every sender with a checkbox and describes the selected
// one's profile.
func (s simModel) picker(g simGeom, room int) []string {
	out := []string{s.st.Focused.Render("Senders shown") + s.st.Muted.Render("  (cached ones last fetched the policy "+simulate.FormatDuration(s.in.lastFetch)+" before t = 0)")}
	for i, c := range s.cat {
		box := "[ ]"
		if s.in.shown[i] {
			box = "[x]"
		}
		kind := "first contact at t = 0"
		if c.cached {
			kind = "cached"
		}
		line := fmt.Sprintf("%s %s %s", box, padRight(c.label(), 42), s.st.Muted.Render(kind))
		if i == s.pickSel {
			line = s.st.Selected.Render(padRight("› "+ansi.Strip(line), g.width))
		} else {
			line = "  " + line
		}
		out = append(out, truncate(line, g.width))
	}
	if s.pickSel < len(s.cat) {
		p := s.cat[s.pickSel].profile
		out = append(out, "")
		out = append(out, s.wrapped(s.st.Text, p.Description, g.width, 0)...)
		out = append(out, s.wrapped(s.st.Muted, "source: "+p.Source, g.width, 2)...)
	}
	return first(out, max(room, 1))
}
