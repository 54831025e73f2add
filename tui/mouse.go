package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// wheelDir is -1 for the wheel turned up, 1 down, 0 for anything else.
func wheelDir(m tea.Mouse) int {
	switch m.Button {
	case tea.MouseWheelUp:
		return -1
	case tea.MouseWheelDown:
		return 1
	}
	return 0
}

// onMouse is the simulator's mouse: a click on the timeline moves the
// cursor to that moment and, on a sender's row, selects the sender; the
// wheel moves between senders.
func (s simModel) onMouse(msg tea.MouseMsg) (simModel, tea.Cmd) {
	m := msg.Mouse()
	if s.res == nil || s.editing != fieldNone || s.picking {
		return s, nil
	}
	switch msg.(type) {
	case tea.MouseWheelMsg:
		s.row = min(max(s.row+wheelDir(m), 0), max(len(s.res.Senders)-1, 0))
	case tea.MouseClickMsg:
		if m.Button != tea.MouseLeft {
			return s, nil
		}
		g := s.geom()
		c := m.X - (g.label + 2)
		if c < 0 || c >= g.strip {
			return s, nil
		}
		// Which row is under the pointer: the frame as drawn, since the
		// rows shown depend on what the height let in.
		lines := strings.Split(ansi.Strip(s.View()), "\n")
		if m.Y < 0 || m.Y >= len(lines) {
			return s, nil
		}
		label := strings.TrimSpace(strings.TrimPrefix(ansi.Cut(lines[m.Y], 0, g.label), "›"))
		onTimeline := false
		for i, sr := range s.res.Senders {
			if label != "" && label == s.senderInfo(sr.Sender.Name).short {
				s.row, onTimeline = i, true
			}
		}
		switch label {
		case "policy file", "attacker", "population", "events":
			onTimeline = true
		}
		if onTimeline {
			s.cursor = g.colTime(c, s.in.until)
			s.clampCursor()
		}
	}
	return s, nil
}

// onMouse is the learn screen's: a click on a topic opens it, the wheel
// moves through the topics over the list and scrolls the text elsewhere.
func (l learnModel) onMouse(msg tea.MouseMsg) (learnModel, tea.Cmd) {
	m := msg.Mouse()
	g := l.geom()
	overList := g.side && m.X < g.listW
	switch msg.(type) {
	case tea.MouseWheelMsg:
		d := wheelDir(m)
		switch {
		case overList:
			l.selectTopic(l.sel + d)
		case d < 0:
			l.vp.ScrollUp(3)
		case d > 0:
			l.vp.ScrollDown(3)
		}
	case tea.MouseClickMsg:
		if m.Button != tea.MouseLeft {
			return l, nil
		}
		if overList {
			l.focus = learnList
			if i := m.Y - 2; i >= 0 && i <= l.codesEntry() {
				l.selectTopic(i)
			}
		} else if m.Y > 0 {
			l.focus = learnContent
		}
	}
	return l, nil
}
