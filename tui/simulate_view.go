package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

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
		blocks = append(blocks, block{lines: s.wrapped(s.st.Text, s.survivable(), g.width, 2), drop: 1})
		if s.res != nil {
			blocks = append(blocks, block{lines: s.wrapped(s.st.Muted, clean(s.res.Summarise().Sentence), g.width, 2), drop: 3})
		}
		return blocks
	}
	rows := s.rowCount()
	blocks := build(rows)
	status := s.statusLines(g.width)
	total := func() int {
		n := 0
		for _, b := range blocks {
			n += len(b.lines)
		}
		return n + len(status)
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
		blocks = trimRows(build(max(rows-over, 1)))
	}
	var out []string
	for _, b := range blocks {
		out = append(out, b.lines...)
	}
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
func trimRows(blocks []block) []block {
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

// rowCount is how many sender rows the picture on screen has: the
// current result's senders.
func (s simModel) rowCount() int {
	if s.res == nil {
		return 0
	}
	return len(s.res.Senders)
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
	// The assumptions first: every figure above rests on them, so they
	// stay at every size (the prefill note is the first thing dropped).
	parts := []string{
		s.maxAgePart(width),
		"cached senders last fetched " + simulate.FormatDuration(s.in.lastFetch) + " before t = 0",
		outage,
		"attacker " + atk,
	}
	return flow(parts, s.st.Muted.Render(" · "), width, 3)
}

func (s simModel) footer(width int) string {
	// Two lines: the simulator has more keys worth seeing than one line
	// at 80 holds, and blocks to drop for the room.
	return wrappedShortHelp(s.help, s.KeyMap().ShortHelp(), width, 2)
}

// survivable is the selected sender's profile's survivable-outage
// sentence: the figure differs per sender (a daily refresher, one that
// refetches only at expiry, one that never lets an unchanged id go).
func (s simModel) survivable() string {
	p, _ := simulate.ProfileByName("rfc")
	every := s.in.every
	if s.res != nil && s.row < len(s.res.Senders) {
		snd := s.res.Senders[s.row].Sender
		p, every = snd.Profile, snd.Every
	}
	// The profile's figure is its best case, a sender that fetched just
	// before t = 0; the rows above show senders that fetched earlier, so
	// say which sender and which assumption the figure is about.
	sent := clean(p.SurvivableSentence(s.in.maxAge, every))
	sent = strings.TrimPrefix(sent, p.Name+": ")
	return "Best case for " + p.Name + " (a sender that fetched just before t = 0): " + sent
}

// maxAgePart is max_age and where it came from, in seconds too where
// there is room.
func (s simModel) maxAgePart(width int) string {
	v := simulate.FormatDuration(s.in.maxAge)
	if width >= 80 {
		v = maxAgeText(s.in.maxAge)
	}
	return s.st.Key.Render("max_age ") + v + s.st.Muted.Render(", "+s.maxAgeFrom)
}
