package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// problemRank orders statuses by how much they need the admin: the walk
// lands on the first FAIL, else the first step that could not be checked,
// else the first warning. 0 is not a problem.
func problemRank(st probe.Status) int {
	switch st {
	case probe.StatusFail:
		return 3
	case probe.StatusError:
		return 2
	case probe.StatusWarn:
		return 1
	}
	return 0
}

// firstProblem is the step the walk's end selects, or -1 when none has a
// problem.
func (w walkModel) firstProblem() int {
	best, at := 0, -1
	for i, s := range w.steps {
		if r := problemRank(s.Status); r > best {
			best, at = r, i
		}
	}
	return at
}

// landOnProblem moves the selection to the first problem when the walk
// ends, unless the user already chose a step.
func (w *walkModel) landOnProblem() {
	if w.moved {
		return
	}
	if i := w.firstProblem(); i >= 0 {
		w.selectStep(i)
	}
}

// jumpProblem selects the next (dir 1) or previous (dir -1) step with a
// problem, wrapping around; the status line says when there is none.
func (w *walkModel) jumpProblem(dir int) {
	n := len(w.steps)
	for k := 1; k <= n; k++ {
		i := ((w.sel+dir*k)%n + n) % n
		if problemRank(w.steps[i].Status) > 0 {
			w.status = ""
			w.userSelect(i)
			return
		}
	}
	w.status = "no step has a problem"
}

// commands are the selected step's "see it yourself" commands.
func (w walkModel) commands() []string {
	if len(w.steps) == 0 {
		return nil
	}
	return stepCommands(w.steps[w.sel])
}

// nextCommand selects the step's next command (wrapping) and scrolls the
// detail to it.
func (w *walkModel) nextCommand() {
	cmds := w.commands()
	if len(cmds) == 0 {
		w.status = "this step has no command to run"
		return
	}
	w.cmdSel = (w.cmdSel + 1) % len(cmds)
	w.status = fmt.Sprintf("command %d of %d selected: y copies it", w.cmdSel+1, len(cmds))
	w.refresh(false)
	w.showCommand()
}

// showCommand scrolls the detail so the selected command is on screen.
func (w *walkModel) showCommand() {
	if w.cmdSel >= len(w.cmdStarts) {
		return
	}
	line := w.cmdStarts[w.cmdSel]
	if line < w.vp.YOffset() || line >= w.vp.YOffset()+w.vp.Height() {
		w.vp.SetYOffset(max(line-1, 0))
	}
}

// copyCommand puts the selected command on the clipboard with OSC 52,
// which the terminal (also at the far end of SSH) applies; the status
// line says what was sent.
func (w walkModel) copyCommand() (walkModel, tea.Cmd) {
	cmds := w.commands()
	if len(cmds) == 0 {
		w.status = "this step has no command to copy"
		return w, nil
	}
	c := cmds[min(w.cmdSel, len(cmds)-1)]
	w.status = "copied to the clipboard (OSC 52): " + c
	return w, tea.SetClipboard(c)
}

// copyEvidence puts the selected step's evidence on the clipboard.
func (w walkModel) copyEvidence() (walkModel, tea.Cmd) {
	if len(w.steps) == 0 {
		return w, nil
	}
	ev := evidenceLines(w.steps[w.sel])
	if len(ev) == 0 {
		w.status = "this step has no evidence to copy"
		return w, nil
	}
	w.status = fmt.Sprintf("copied the evidence of %q to the clipboard (OSC 52): %s", stepTitle(w.steps[w.sel].ID), plural(len(ev), "line"))
	return w, tea.SetClipboard(strings.Join(ev, "\n") + "\n")
}
