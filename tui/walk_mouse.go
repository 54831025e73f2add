package tui

import (
	tea "charm.land/bubbletea/v2"
)

// walkHit is what lies under a point of the walk screen.
type walkHit struct {
	step   int // a step row (or the compact strip's glyph), else -1
	detail bool
	line   int // with detail: the viewport's line under the point, from its top
}

// hit maps a point to the walk's layout, from the same geometry View uses.
func (w walkModel) hit(x, y int) walkHit {
	g := w.geom()
	h := walkHit{step: -1}
	switch g.mode {
	case modeWide:
		if x < g.leftWidth {
			if i := y - 2; i >= 0 && i < len(w.steps) {
				h.step = i
			}
			return h
		}
		if x >= g.leftWidth+3 && y >= 2 && y < 2+g.vpHeight {
			h.detail, h.line = true, y-2
		}
	case modeStacked:
		if r := y - 1; r >= 0 && r < g.stepRows {
			i := r
			if g.stepRows < len(w.steps) && x > (g.width-1)/2 {
				i += g.stepRows
			}
			if i < len(w.steps) {
				h.step = i
			}
			return h
		}
		top := 2 + g.stepRows + g.verdictLines
		if y >= top && y < top+g.vpHeight {
			h.detail, h.line = true, y-top
		}
	default:
		if y == 1 && x >= 1 && x-1 < len(w.steps) {
			h.step = x - 1 // after the focus marker
			return h
		}
		if y >= 3 && y < 3+g.vpHeight {
			h.detail, h.line = true, y-3
		}
	}
	return h
}

// onMouse: the wheel scrolls the pane under the pointer (the step list
// moves its selection, the detail scrolls); a click selects a step, or
// focuses the detail and marks the command clicked.
func (w walkModel) onMouse(msg tea.MouseMsg) (walkModel, tea.Cmd) {
	m := msg.Mouse()
	h := w.hit(m.X, m.Y)
	switch msg.(type) {
	case tea.MouseWheelMsg:
		dir := 0
		switch m.Button {
		case tea.MouseWheelUp:
			dir = -1
		case tea.MouseWheelDown:
			dir = 1
		}
		switch {
		case h.step >= 0 || (!h.detail && w.focus == paneSteps):
			w.userSelect(w.sel + dir)
		default:
			if dir < 0 {
				w.vp.ScrollUp(3)
			} else if dir > 0 {
				w.vp.ScrollDown(3)
			}
		}
	case tea.MouseClickMsg:
		if m.Button != tea.MouseLeft {
			return w, nil
		}
		switch {
		case h.step >= 0:
			w.focus = paneSteps
			w.userSelect(h.step)
		case h.detail:
			w.focus = paneDetail
			line := w.vp.YOffset() + h.line
			for i := len(w.cmdStarts) - 1; i >= 0; i-- {
				if line >= w.cmdStarts[i] && line < w.cmdEnd(i) {
					w.cmdSel = i
					w.status = "command marked: y copies it"
					w.refresh(false)
					break
				}
			}
		}
	}
	return w, nil
}

// cmdEnd is the line after command i's last (continued) line, laid out
// as refresh lays it out.
func (w walkModel) cmdEnd(i int) int {
	cmds := w.commands()
	if i >= len(cmds) || i >= len(w.cmdStarts) {
		return 0
	}
	return w.cmdStarts[i] + len(continued("$ "+cmds[i], max(w.vp.Width(), 20)-2))
}
