package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// Layout breakpoints: side by side from 100 columns, stacked from 60x18
// (80x24 is the design target), compact below.
const (
	wideMinWidth     = 100
	stackedMinWidth  = 60
	stackedMinHeight = 18
	twoColumnSteps   = 76 // stacked: the step list fits in two columns
	maxVerdictLines  = 3
	// minDetailLines is the least detail worth the stacked layout; with
	// less (60x20: nine step rows leave five) the compact strip reads
	// better.
	minDetailLines = 6
)

type walkMode int

const (
	modeCompact walkMode = iota
	modeStacked
	modeWide
)

// walkGeom is the one place sizes are decided; layout and View both use it.
type walkGeom struct {
	mode          walkMode
	width, height int
	leftWidth     int // wide: the step list and verdict column
	rightWidth    int // wide: the detail column
	stepRows      int
	verdictLines  int
	vpWidth       int
	vpHeight      int
	footerLines   []string
}

func (w walkModel) dims() (int, int) {
	width, height := w.width, w.height
	if width <= 0 {
		width = 80 // no size yet (first frame, or an SSH client without one)
	}
	if height <= 0 {
		height = 24
	}
	return width, height
}

func (w walkModel) geom() walkGeom {
	width, height := w.dims()
	g := walkGeom{width: width, height: height}
	g.footerLines = w.footer(width)
	body := height - 1 - len(g.footerLines) // header
	switch {
	case width >= wideMinWidth && height >= 16:
		g.mode = modeWide
		g.leftWidth = min(max(width/3, 38), 48)
		g.rightWidth = width - g.leftWidth - 3
		g.vpWidth = g.rightWidth
		g.vpHeight = body - 1
		g.stepRows = len(w.steps)
	case width >= stackedMinWidth && height >= stackedMinHeight:
		g.mode = modeStacked
		g.stepRows = len(w.steps)
		if width >= twoColumnSteps {
			g.stepRows = (len(w.steps) + 1) / 2
		}
		g.verdictLines = min(len(w.verdictWrapped(width)), maxVerdictLines)
		g.vpWidth = width
		g.vpHeight = body - g.stepRows - g.verdictLines - 1
	}
	if g.mode == modeStacked && g.vpHeight < minDetailLines {
		g = walkGeom{width: width, height: height, footerLines: g.footerLines}
	}
	switch g.mode {
	case modeWide, modeStacked:
	default:
		g.mode = modeCompact
		g.verdictLines = 1
		g.vpWidth = width
		g.vpHeight = body - 2
	}
	g.vpHeight = max(g.vpHeight, 1)
	g.vpWidth = max(g.vpWidth, 1)
	return g
}

// layout sizes the viewport for the current geometry and re-renders the
// detail to its width.
func (w *walkModel) layout() {
	g := w.geom()
	w.help.SetWidth(g.width)
	w.vp.SetWidth(g.vpWidth)
	w.vp.SetHeight(g.vpHeight)
	w.refresh(false)
}

func (w walkModel) View() string {
	g := w.geom()
	var b []string
	b = append(b, w.header(g.width))
	switch g.mode {
	case modeWide:
		b = append(b, w.wideBody(g)...)
	case modeStacked:
		b = append(b, w.stackedBody(g)...)
	default:
		b = append(b, w.compactBody(g)...)
	}
	// Cut or pad the body so the footer always sits on the last lines.
	bodyEnd := max(g.height-len(g.footerLines), 1)
	if len(b) > bodyEnd {
		b = b[:bodyEnd]
	}
	for len(b) < bodyEnd {
		b = append(b, "")
	}
	b = append(b, g.footerLines...)
	return fit(strings.Join(b, "\n"), g.width, g.height)
}

func (w walkModel) header(width int) string {
	head := w.st.Title.Render("mtasts-doctor") + " " + w.st.Heading.Render(w.target.label())
	done, failed, warned, errored := 0, 0, 0, 0
	for _, s := range w.steps {
		if s.Status.Done() {
			done++
		}
		switch s.Status {
		case probe.StatusFail:
			failed++
		case probe.StatusWarn:
			warned++
		case probe.StatusError:
			errored++
		}
	}
	// Every kind of trouble is counted: a resolver that cannot be reached
	// makes most steps "error" and only the verdict "FAIL", and the
	// header must not hide the cause behind the consequence.
	var counts []string
	if failed > 0 {
		counts = append(counts, w.st.Fail.Render("✗ "+plural(failed, "step")+" FAIL"))
	}
	if errored > 0 {
		counts = append(counts, w.st.Error.Render("? "+plural(errored, "step")+" could not be checked"))
	}
	if warned > 0 {
		counts = append(counts, w.st.Warn.Render("! "+plural(warned, "warning")))
	}
	var state string
	switch {
	case w.running:
		state = w.st.Running.Render(w.spin.View()) + fmt.Sprintf(" walking… %d/%d steps", done, len(w.steps))
	case len(counts) > 0:
		state = strings.Join(counts, w.st.Muted.Render(" · "))
	case w.report != nil:
		state = w.st.OK.Render("✓ no step failed")
	default:
		state = w.st.Error.Render("? the walk did not finish")
	}
	if w.report != nil && w.report.Duration > 0 {
		state += w.st.Muted.Render(" in " + elapsed(w.report.Duration))
	}
	return truncate(head+"  "+state, width)
}

func (w walkModel) footer(width int) []string {
	var out []string
	if w.status != "" {
		// Wrapped, not cut: a saved report's path must be readable whole.
		for _, l := range first(wrap(w.status, width, 0), 3) {
			out = append(out, w.st.Text.Render(l))
		}
	}
	out = append(out, shortHelp(w.help, w.KeyMap().ShortHelp(), width))
	return out
}

// stepTitle is a step's short name from assets, or its ID.
func stepTitle(id probe.StepID) string {
	if info, ok := assets.StepInfo(string(id)); ok {
		return info.Title
	}
	return clean(string(id))
}

// stepRow draws one line of the step list, exactly width cells wide.
func (w walkModel) stepRow(i, width int) string {
	s := w.steps[i]
	glyph, word, sty := w.st.statusMark(s.Status)
	if s.Status == probe.StatusRunning {
		glyph = w.spin.View()
	}
	marker := "  "
	if i == w.sel {
		marker = "› "
	}
	el := elapsed(stepElapsed(s, w.clock))
	left := marker + sty.Render(glyph+" "+fmt.Sprintf("%-7s", word)) + " "
	titleWidth := width - lipgloss.Width(left) - len(el) - 1
	row := left + padRight(truncate(stepTitle(s.ID), titleWidth), max(titleWidth, 0)) + " " + w.st.Muted.Render(el)
	row = padRight(row, width)
	if i == w.sel && w.focus == paneSteps {
		row = w.st.selectRow(row, width)
	}
	return row
}

func (w walkModel) paneHeading(title string, focused bool, width int) string {
	if focused {
		return truncate(w.st.Focused.Render(title), width)
	}
	return truncate(w.st.Heading.Render(title), width)
}

func (w walkModel) detailHeading(width int) string {
	title := "Step " + fmt.Sprint(w.sel+1) + "/" + fmt.Sprint(len(w.steps)) + ": " + stepTitle(w.steps[w.sel].ID)
	if w.json != nil {
		title = "JSON report (copied with s)"
	}
	total, h, off, focused := w.vp.TotalLineCount(), w.vp.Height(), w.vp.YOffset(), w.focus == paneDetail
	// The hint in as many words as fit, never cut mid-word.
	title = titleLine(title, width, scrollHint(total, h, off, focused), scrollHintShort(total, h, off, focused), "")
	return w.paneHeading(title, focused, width)
}

func (w walkModel) verdictWrapped(width int) []string {
	var out []string
	for i, para := range verdictText(w.report, w.running) {
		// Later sentences sit under the first, as one block.
		if i == 0 {
			para = "Verdict: " + para
		} else {
			para = "  " + para
		}
		out = append(out, wrap(para, width, 2)...)
	}
	return out
}

// verdictBlock is the verdict cut to n lines, the last marked when cut.
func (w walkModel) verdictBlock(width, n int) []string {
	lines := w.verdictWrapped(width)
	if len(lines) > n {
		// Say where the rest is: the verdict step's detail has it whole.
		more := " …"
		if i := w.stepIndex(probe.StepVerdict); i >= 0 && w.report != nil {
			// The pointer only when it leaves the verdict word whole.
			if p := fmt.Sprintf(" … (all: step %d)", i+1); width-ansi.StringWidth(p) >= len("Verdict: ")+len(w.report.Verdict.WithoutCache) {
				more = p
			}
		}
		lines = lines[:n]
		lines[n-1] = cutAtWord(lines[n-1], max(width-ansi.StringWidth(more), 0)) + more
	}
	sty := w.st.Text
	if w.report != nil {
		switch w.report.Verdict.WithoutCache {
		case "fail-open":
			sty = w.st.Fail
		case "enforce":
			sty = w.st.OK
		case "testing", "none":
			sty = w.st.Warn
		}
	}
	for i, l := range lines {
		if i == 0 {
			if rest, ok := strings.CutPrefix(l, "Verdict: "); ok {
				lines[i] = w.st.Heading.Render("Verdict: ") + sty.Render(rest)
				continue
			}
		}
		lines[i] = sty.Render(l)
	}
	return lines
}

// stepIndex is where a step sits in the list, or -1.
func (w walkModel) stepIndex(id probe.StepID) int {
	for i, s := range w.steps {
		if s.ID == id {
			return i
		}
	}
	return -1
}

func (w walkModel) wideBody(g walkGeom) []string {
	bodyH := g.height - 1 - len(g.footerLines)
	left := []string{w.paneHeading("Steps a sender performs", w.focus == paneSteps, g.leftWidth)}
	for i := range w.steps {
		left = append(left, w.stepRow(i, g.leftWidth))
	}
	left = append(left, "")
	if room := bodyH - len(left); room > 0 {
		left = append(left, w.verdictBlock(g.leftWidth, room)...)
	}
	right := []string{w.detailHeading(g.rightWidth)}
	right = append(right, strings.Split(w.vp.View(), "\n")...)
	return sideBySide(left, right, bodyH, g.leftWidth, g.rightWidth, w.st.Muted.Render(" │ "))
}

func (w walkModel) stackedBody(g walkGeom) []string {
	var out []string
	if g.stepRows < len(w.steps) {
		colW := (g.width - 1) / 2
		for r := 0; r < g.stepRows; r++ {
			line := w.stepRow(r, colW)
			if j := r + g.stepRows; j < len(w.steps) {
				line += " " + w.stepRow(j, colW)
			}
			out = append(out, line)
		}
	} else {
		for i := range w.steps {
			out = append(out, w.stepRow(i, g.width))
		}
	}
	out = append(out, w.verdictBlock(g.width, g.verdictLines)...)
	out = append(out, w.detailHeading(g.width))
	out = append(out, strings.Split(w.vp.View(), "\n")...)
	return out
}

func (w walkModel) compactBody(g walkGeom) []string {
	var strip strings.Builder
	for i, s := range w.steps {
		glyph, _, sty := w.st.statusMark(s.Status)
		if s.Status == probe.StatusRunning {
			glyph = w.spin.View()
		}
		if i == w.sel {
			strip.WriteString(w.st.Selected.Render(glyph))
		} else {
			strip.WriteString(sty.Render(glyph))
		}
	}
	s := w.steps[w.sel]
	_, word, sty := w.st.statusMark(s.Status)
	// Focus shows without colour: a marker before the strip while it has
	// the keys, and the detail's place ("3–9/30") once the detail has them.
	mark := "▸"
	if w.focus == paneDetail {
		mark = " "
	}
	head := mark + strip.String() + " " + fmt.Sprintf("%d/%d ", w.sel+1, len(w.steps)) + stepTitle(s.ID) + " " + sty.Render(word)
	hint := scrollHintShort(w.vp.TotalLineCount(), w.vp.Height(), w.vp.YOffset(), w.focus == paneDetail)
	line := titleLine(head, g.width, hint)
	if w.focus == paneDetail && hint != "" && ansi.StringWidth(head+hint) > g.width {
		// Narrow: the place in the detail matters more than the title.
		line = truncate(mark+strip.String()+hint, g.width)
	}
	out := []string{truncate(line, g.width)}
	out = append(out, w.verdictBlock(g.width, 1)...)
	out = append(out, strings.Split(w.vp.View(), "\n")...)
	return out
}
