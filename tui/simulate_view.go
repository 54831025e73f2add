package tui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
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

// block is part of the screen; when the screen is short, blocks with the
// highest drop are left out first, 0 never.
type block struct {
	lines []string
	drop  int
}

func (s simModel) View() string {
	g := s.geom()
	footer := strings.Split(s.footer(g.width), "\n")
	room := g.height - len(footer)
	build := func(rowCap int) []block {
		head, sub := s.header(g.width)
		blocks := []block{{lines: []string{head}}, {lines: sub, drop: 4}}
		blocks = append(blocks, block{lines: s.wrapped(s.st.Muted, s.note, g.width, 2), drop: 5})
		if s.picking {
			blocks = append(blocks, block{lines: s.picker(g, room-4)})
			return blocks
		}
		blocks = append(blocks, block{lines: []string{""}, drop: 4})
		blocks = append(blocks, block{lines: s.picture(g, rowCap)})
		blocks = append(blocks, block{lines: []string{""}, drop: 4})
		blocks = append(blocks, block{lines: s.readoutLines(g, 3)})
		blocks = append(blocks, block{lines: s.otherReadouts(g), drop: 3})
		blocks = append(blocks, block{lines: s.popLine(g), drop: 2})
		blocks = append(blocks, block{lines: []string{""}, drop: 4})
		blocks = append(blocks, block{lines: s.wrapped(s.st.Text, simulate.SurvivableSentence(s.in.maxAge, simulate.Day), g.width, 2), drop: 1})
		if s.res != nil {
			blocks = append(blocks, block{lines: s.wrapped(s.st.Muted, clean(s.res.Summarise().Sentence), g.width, 2), drop: 3})
		}
		return blocks
	}
	rows := len(s.rowNames())
	blocks := build(rows)
	total := func() int {
		n := 0
		for _, b := range blocks {
			n += len(b.lines)
		}
		return n + len(s.statusLines(g.width))
	}
	for level := 5; level > 0 && total() > room; level-- {
		var kept []block
		for _, b := range blocks {
			if b.drop < level {
				kept = append(kept, b)
			}
		}
		blocks = kept
	}
	if over := total() - room; over > 0 && rows > 1 {
		// Still too tall: show fewer sender rows, the selected one kept.
		blocks = s.trimRows(build(max(rows-over, 1)))
	}
	var out []string
	for _, b := range blocks {
		out = append(out, b.lines...)
	}
	status := s.statusLines(g.width)
	if keep := max(room-len(status), 1); len(out) > keep {
		// Cut mid-block: say so, rather than end a sentence unfinished.
		out = out[:keep]
		last := ansi.Strip(out[keep-1])
		out[keep-1] = s.st.Muted.Render(cutAtWord(last, max(g.width-2, 0)) + " …")
	}
	for len(out) < room-len(status) {
		out = append(out, "")
	}
	out = append(out, status...)
	out = append(out, footer...)
	return fit(strings.Join(out, "\n"), g.width, g.height)
}

// trimRows drops the optional blocks, for the case where even the sender
// rows had to be cut.
func (s simModel) trimRows(blocks []block) []block {
	var kept []block
	for _, b := range blocks {
		if b.drop == 0 {
			kept = append(kept, b)
		}
	}
	return kept
}

func (s simModel) wrapped(st lipgloss.Style, text string, width, indent int) []string {
	return wrapStyled(st.Render, text, width, indent)
}

// simSubtitle says what the picture is of; simSubtitleShort is for a
// title line with less room (it reads on from the domain).
const (
	simSubtitle      = "what senders do when the policy file goes missing"
	simSubtitleShort = "if the policy file goes missing"
)

// header is the title line, with the subtitle beside it when it fits
// whole; otherwise the subtitle is returned apart, for a line of its own
// where there is room.
func (s simModel) header(width int) (string, []string) {
	domain := s.in.policy.Domain
	head := s.st.Title.Render("mtasts-doctor") + " " + s.st.Heading.Render("simulate") + s.st.Muted.Render(" · ") + s.st.Heading.Render(domain)
	if s.res != nil && s.resGen < s.gen {
		head += s.st.Running.Render("  … updating")
	}
	for _, sub := range []string{simSubtitle, simSubtitleShort} {
		if line := head + s.st.Muted.Render("  "+sub); ansi.StringWidth(line) <= width {
			return line, nil
		}
	}
	return truncate(head, width), s.wrapped(s.st.Muted, simSubtitle, width, 2)
}

// rowNames are the senders of the picture on screen: the current result's.
func (s simModel) rowNames() []string {
	if s.res == nil {
		return nil
	}
	out := make([]string, len(s.res.Senders))
	for i, r := range s.res.Senders {
		out[i] = r.Sender.Name
	}
	return out
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
		name := "  " + s.senderInfo(sr.Sender.Name).short
		st := s.st.Text
		if i == s.row {
			name, st = "› "+s.senderInfo(sr.Sender.Name).short, s.st.Focused
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
		s.st.Warn.Render(string(glyphFileGone)) + " file missing",
		s.st.Fail.Render(string(glyphAttacker)) + " attacker",
		s.st.Muted.Render(string(glyphRefresh)) + " refresh",
		s.st.Warn.Render(string(glyphFailed)) + " fetch failed",
		s.st.OK.Render(string(glyphFetch)) + " fetch",
		s.st.Fail.Render(string(glyphExpiry)) + " expiry",
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

// readoutLines say what the selected sender does at the cursor.
func (s simModel) readoutLines(g simGeom, maxLines int) []string {
	if s.res == nil || s.row >= len(s.res.Senders) {
		return nil
	}
	name := s.res.Senders[s.row].Sender.Name
	text, _ := readout(*s.res, name, s.cursor)
	head := clock(s.cursor) + " — " + s.senderInfo(name).label() + ": "
	lines := wrap(head+text, g.width, 2)
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = truncate(lines[maxLines-1]+" …", g.width)
	}
	for i, l := range lines {
		if i == 0 && strings.HasPrefix(l, head) {
			lines[i] = s.st.Heading.Render(head) + l[len(head):]
			continue
		}
		lines[i] = s.st.Text.Render(l)
	}
	return lines
}

// otherReadouts are the other senders' read-outs at the same moment,
// for screens tall enough to compare them.
func (s simModel) otherReadouts(g simGeom) []string {
	if s.res == nil || g.height < 30 {
		return nil
	}
	var out []string
	for i, sr := range s.res.Senders {
		if i == s.row {
			continue
		}
		text, _ := readout(*s.res, sr.Sender.Name, s.cursor)
		out = append(out, first(s.wrapped(s.st.Muted, s.senderInfo(sr.Sender.Name).label()+": "+text, g.width, 2), 2)...)
	}
	return out
}

// simTime names a moment of the simulation: "t = 0", "t = 3d".
func simTime(d time.Duration) string {
	if d == 0 {
		return "t = 0"
	}
	return "t = " + simulate.FormatDuration(d)
}

// popLine says the population's share at the cursor.
func (s simModel) popLine(g simGeom) []string {
	if s.pop == nil {
		return nil
	}
	share := s.pop.at(s.cursor)
	if share < 0 {
		return nil
	}
	text := fmt.Sprintf("population: %.0f%% of deliveries protected then", 100*share)
	if s.popPending {
		text += " — updating"
	}
	// Who the population is, where it fits whole.
	who := fmt.Sprintf("(%d senders, mixed profiles, %.0f%% first contact after t = 0)", popSenders, 100*popNewShare)
	return flow([]string{s.st.Muted.Render(text), s.st.Muted.Render(who)}, " ", g.width, 1)
}

// statusLines show the inputs, or the field being edited.
func (s simModel) statusLines(width int) []string {
	if s.editing != fieldNone {
		// The keys before the units: what is left out is left out whole.
		m := s.st.Muted.Render
		out := flow([]string{s.st.Key.Render(s.editing.name()) + " " + s.input.View(),
			m("enter apply"), m("esc cancel"), m("units s m h d w y"), m("type to replace")}, m(" · "), width, 1)
		if s.editErr != "" {
			out = append(out, truncate(s.st.Fail.Render("✗ "+s.editErr), width))
		}
		return out
	}
	// Most important first, on two lines when one is not enough.
	outage := "outage " + simulate.FormatDuration(s.in.outageLen) + " from " + simTime(s.in.outageStart)
	if s.in.outageLen == simulate.Forever {
		outage = "outage from " + simTime(s.in.outageStart) + ", for good"
	}
	atk := "off"
	if s.in.attack {
		atk = "ON"
	}
	parts := []string{
		s.st.Key.Render("max_age ") + maxAgeText(s.in.maxAge),
		outage,
		"attacker " + atk,
		"last fetch " + simulate.FormatDuration(s.in.lastFetch) + " before t = 0",
	}
	return flow(parts, s.st.Muted.Render(" · "), width, 2)
}

func (s simModel) footer(width int) string {
	if s.picking {
		return helpView(s.help, simPickKeys{s.keys}, width)
	}
	if !s.help.ShowAll {
		// Two lines: the simulator has more keys worth seeing than one
		// line at 80 holds, and blocks to drop for the room.
		return wrappedShortHelp(s.help, s.keys.ShortHelp(), width, 2)
	}
	return helpView(s.help, s.keys, width)
}

// simPickKeys is the help of the sender picker.
type simPickKeys struct{ k simKeys }

func (p simPickKeys) ShortHelp() []key.Binding {
	return []key.Binding{p.k.Up, p.k.Toggle, p.k.Back}
}

func (p simPickKeys) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

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
