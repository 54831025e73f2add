package tui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// The timeline's glyphs: each outcome has its own character, so the
// picture reads without colour (NO_COLOR, a screen reader, a photo of the
// screen). Strip's ASCII glyphs (the CLI's) map one to one onto these.
const (
	glyphEnforced = '█'
	glyphDeferred = '▒'
	glyphTesting  = '╌'
	glyphFailOpen = '·'
	glyphExposed  = '✗'
	glyphBounced  = '↩'
	glyphFileOK   = '─'
	glyphFileGone = '×'
	glyphAttacker = '!'
	glyphRefresh  = '↻'
	glyphFailed   = '↯'
	glyphFetch    = '↓'
	glyphExpiry   = '⊘'
	glyphProtect  = '+'
)

// cell is one column of a row: a glyph and its style.
type cell struct {
	r  rune
	st *lipgloss.Style // a field of Styles: runs are found by pointer
}

func (s simModel) outcomeCell(b byte) cell {
	st := s.st
	switch b {
	case '#':
		return cell{glyphEnforced, &st.OK}
	case 'D':
		return cell{glyphDeferred, &st.Warn}
	case 't':
		return cell{glyphTesting, &st.Running}
	case '.':
		return cell{glyphFailOpen, &st.Fail}
	case '!':
		return cell{glyphExposed, &st.Fail}
	case 'B':
		return cell{glyphBounced, &st.Fail}
	}
	return cell{' ', &st.Text}
}

// simGeom is the one place the simulator's sizes are decided.
type simGeom struct {
	width, height int
	label         int // row label column
	strip         int // timeline columns
}

func (s simModel) dims() (int, int) {
	width, height := s.width, s.height
	if width <= 0 {
		width = 80 // no size yet, or an SSH client without one
	}
	if height <= 0 {
		height = 24
	}
	return width, height
}

func (s simModel) geom() simGeom {
	width, height := s.dims()
	g := simGeom{width: width, height: height, label: 16}
	if width >= 110 {
		g.label = 18
	}
	g.strip = max(width-g.label-3, 10)
	return g
}

func (s simModel) stripWidth() int { return s.geom().strip }

// col is the timeline column of t.
func (g simGeom) col(t, until time.Duration) int {
	if until <= 0 {
		return 0
	}
	return min(max(int(float64(t)/float64(until)*float64(g.strip)), 0), g.strip-1)
}

// colTime is the middle of column c.
func (g simGeom) colTime(c int, until time.Duration) time.Duration {
	return time.Duration((float64(c) + 0.5) / float64(g.strip) * float64(until))
}

// picture is the axis, the world's rows, one row per sender, the
// population, the selected sender's events, the cursor and the legend.
func (s simModel) picture(g simGeom, rowCap int) []string {
	if s.res == nil {
		return []string{s.st.Running.Render("simulating…")}
	}
	until := s.in.until
	lbl := func(text string, st lipgloss.Style) string {
		return st.Render(padRight(truncate(text, g.label), g.label)) + "  "
	}
	cur := g.col(s.cursor, until)
	out := []string{lbl("", s.st.Text) + s.st.Muted.Render(s.axis(g))}

	file := make([]cell, g.strip)
	for c := range file {
		t := g.colTime(c, until)
		file[c] = cell{glyphFileOK, &s.st.Muted}
		for _, o := range s.res.Timeline.FileOutages {
			if t >= o.From && t < o.To {
				file[c] = cell{glyphFileGone, &s.st.Warn}
			}
		}
	}
	out = append(out, lbl("policy file", s.st.Muted)+s.cells(file, cur))
	if s.in.attack {
		atk := make([]cell, g.strip)
		for c := range atk {
			atk[c] = cell{' ', &s.st.Text}
			t := g.colTime(c, until)
			for _, a := range s.res.Timeline.Attacks {
				if t >= a.From && t < a.To {
					atk[c] = cell{glyphAttacker, &s.st.Fail}
				}
			}
		}
		out = append(out, lbl("attacker", s.st.Muted)+s.cells(atk, cur))
	}

	first, last := rowWindow(len(s.res.Senders), s.row, rowCap)
	for i := first; i < last; i++ {
		sr := s.res.Senders[i]
		strip := sr.Strip(0, until, g.strip)
		cells := make([]cell, g.strip)
		for c := range cells {
			cells[c] = s.outcomeCell(strip[c])
		}
		short := s.senderInfo(sr.Sender.Name).short
		name, st := "  "+short, s.st.Text
		if i == s.row {
			name, st = "› "+short, s.st.Focused
		}
		out = append(out, lbl(name, st)+s.cells(cells, cur))
	}
	if s.pop != nil {
		out = append(out, lbl("  population", s.st.Muted)+s.cells(s.spark(g), cur))
	}
	if s.row < len(s.res.Senders) {
		out = append(out, lbl("  events", s.st.Muted)+s.cells(s.events(g, s.res.Senders[s.row]), -1))
	}
	out = append(out, lbl("", s.st.Text)+s.caret(g, cur))
	return append(out, s.legend(g.width)...)
}

// rowWindow is the range of rows shown when only rowCap fit, keeping the
// selected one in view.
func rowWindow(n, sel, rowCap int) (int, int) {
	if rowCap >= n || rowCap <= 0 {
		return 0, n
	}
	first := min(max(sel-rowCap/2, 0), n-rowCap)
	return first, first + rowCap
}

// cells renders a row, the cursor column reversed.
func (s simModel) cells(cs []cell, cursor int) string {
	var b strings.Builder
	for i := 0; i < len(cs); {
		if i == cursor {
			b.WriteString(cs[i].st.Reverse(true).Render(string(cs[i].r)))
			i++
			continue
		}
		j := i
		for j < len(cs) && j != cursor && cs[j].st == cs[i].st {
			j++
		}
		var run strings.Builder
		for _, c := range cs[i:j] {
			run.WriteRune(c.r)
		}
		b.WriteString(cs[i].st.Render(run.String()))
		i = j
	}
	return b.String()
}

// axis labels t = 0, the outage's start and end, and the end.
func (s simModel) axis(g simGeom) string {
	line := []rune(strings.Repeat(" ", g.strip))
	used := make([]bool, g.strip)
	put := func(t time.Duration, text string, right bool) {
		c := g.col(t, s.in.until)
		if right {
			c = g.strip - len([]rune(text))
		}
		if c < 0 || c+len([]rune(text)) > g.strip {
			c = g.strip - len([]rune(text))
		}
		for i := max(c-1, 0); i < min(c+len([]rune(text))+1, g.strip); i++ {
			if used[i] {
				return
			}
		}
		for i, r := range []rune(text) {
			line[c+i], used[c+i] = r, true
		}
	}
	put(s.in.until, simulate.FormatDuration(s.in.until), true)
	put(0, "0", false)
	for _, o := range s.res.Timeline.FileOutages {
		if o.From > 0 {
			put(o.From, simulate.FormatDuration(o.From), false)
		}
		if o.To != simulate.Forever && o.To < s.in.until {
			put(o.To, simulate.FormatDuration(o.To), false)
		}
	}
	return strings.TrimRight(string(line), " ")
}

// spark is the population's protected share per column, eight levels.
func (s simModel) spark(g simGeom) []cell {
	levels := []rune("▁▂▃▄▅▆▇█")
	out := make([]cell, g.strip)
	for c := range out {
		from := time.Duration(float64(c) / float64(g.strip) * float64(s.in.until))
		to := time.Duration(float64(c+1) / float64(g.strip) * float64(s.in.until))
		sum, n := 0.0, 0
		for i, f := range s.pop.from {
			if f+s.pop.width > from && f < to && s.pop.shares[i] >= 0 {
				sum += s.pop.shares[i]
				n++
			}
		}
		if n == 0 {
			out[c] = cell{' ', &s.st.Text}
			continue
		}
		share := sum / float64(n)
		st := &s.st.Fail
		switch {
		case share >= 0.95:
			st = &s.st.OK
		case share >= 0.5:
			st = &s.st.Warn
		}
		out[c] = cell{levels[min(int(math.Round(share*7)), 7)], st}
	}
	return out
}

// events draws a sender's cache expiries, refreshes and fetches.
func (s simModel) events(g simGeom, sr simulate.SenderResult) []cell {
	out := make([]cell, g.strip)
	rank := make([]int, g.strip)
	for c := range out {
		out[c] = cell{' ', &s.st.Text}
	}
	for _, m := range sr.Markers {
		if m.At < 0 || m.At >= s.in.until {
			continue
		}
		var ce cell
		var r int
		switch m.Kind {
		case simulate.MarkCacheExpiry, simulate.MarkProtectionEnd:
			ce, r = cell{glyphExpiry, &s.st.Fail}, 5
		case simulate.MarkRefresh, simulate.MarkFetch:
			switch {
			case strings.Contains(m.Detail, "failed"):
				ce, r = cell{glyphFailed, &s.st.Warn}, 4
			case m.Kind == simulate.MarkFetch:
				ce, r = cell{glyphFetch, &s.st.OK}, 3
			default:
				ce, r = cell{glyphRefresh, &s.st.Muted}, 2
			}
		case simulate.MarkProtected:
			ce, r = cell{glyphProtect, &s.st.OK}, 1
		default:
			continue
		}
		c := g.col(m.At, s.in.until)
		if r > rank[c] {
			out[c], rank[c] = ce, r
		}
	}
	return out
}

// caret marks the cursor's column and says when it is.
func (s simModel) caret(g simGeom, cur int) string {
	text := clock(s.cursor)
	if cur+2+len(text) <= g.strip {
		return strings.Repeat(" ", cur) + s.st.Key.Render("▲") + " " + s.st.Heading.Render(text)
	}
	pad := max(cur-len(text)-1, 0)
	return strings.Repeat(" ", pad) + s.st.Heading.Render(text) + " " + s.st.Key.Render("▲")
}

func (s simModel) legend(width int) []string {
	items := []string{
		s.st.OK.Render(string(glyphEnforced)) + " enforced",
		s.st.Warn.Render(string(glyphDeferred)) + " deferred",
		s.st.Running.Render(string(glyphTesting)) + " testing",
		s.st.Fail.Render(string(glyphFailOpen)) + " fail-open",
		s.st.Fail.Render(string(glyphExposed)) + " exposed",
	}
	if s.anyBounced() {
		// Only go-mtasts bounces: the key is shown when it is on screen.
		items = append(items, s.st.Fail.Render(string(glyphBounced))+" bounced")
	}
	items = append(items,
		s.st.Warn.Render(string(glyphFileGone))+" file missing",
		s.st.Fail.Render(string(glyphAttacker))+" attacker",
		s.st.Muted.Render(string(glyphRefresh))+" refresh",
		s.st.Warn.Render(string(glyphFailed))+" fetch failed",
		s.st.OK.Render(string(glyphFetch))+" fetch",
		s.st.Fail.Render(string(glyphExpiry))+" expiry",
	)
	if s.pop != nil {
		// What the population row is, on every size: the line under the
		// read-out that says so is dropped first on a small screen.
		items = append(items, s.st.Muted.Render(fmt.Sprintf("population: %d mixed", popSenders)))
	}
	var lines []string
	line := ""
	for _, it := range items {
		if line != "" && ansi.StringWidth(line)+2+ansi.StringWidth(it) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += "  "
		}
		line += it
	}
	return append(lines, line)
}

// anyBounced reports whether some sender's mail bounced in the result shown.
func (s simModel) anyBounced() bool {
	if s.res == nil {
		return false
	}
	for _, sr := range s.res.Senders {
		if sr.Count(simulate.Bounced) > 0 {
			return true
		}
	}
	return false
}
