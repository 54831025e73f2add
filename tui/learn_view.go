package tui

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// Learn breakpoints: the topic list beside the text from 60 columns;
// below that the text alone, the topic named in the heading.
const (
	learnListWidth  = 26
	learnSideBySide = 60
)

type learnGeom struct {
	width, height int
	side          bool
	listW, textW  int
	bodyH         int
	footer        []string
	codeRows      int // on the codes entry: rows of the code list
}

func (l learnModel) dims() (int, int) {
	width, height := l.width, l.height
	if width <= 0 {
		width = 80
	}
	if height <= 0 {
		height = 24
	}
	return width, height
}

func (l learnModel) geom() learnGeom {
	width, height := l.dims()
	g := learnGeom{width: width, height: height, footer: []string{shortHelp(l.help, l.KeyMap().ShortHelp(), width)}}
	g.bodyH = max(height-1-len(g.footer), 1)
	g.textW = width
	if width >= learnSideBySide {
		g.side = true
		g.listW = learnListWidth
		g.textW = width - g.listW - 3
	}
	if l.onCodes() {
		// Heading, search line, the list, a rule; the rest explains.
		g.codeRows = max(min(len(l.matches()), (g.bodyH-3)/2), 1)
	}
	return g
}

// vpHeight is what is left for the viewport under the right pane's
// heading (and, on the codes entry, the search and the list).
func (g learnGeom) vpHeight() int {
	h := g.bodyH - 1
	if g.codeRows > 0 {
		h -= 2 + g.codeRows
	}
	return max(h, 1)
}

func (l *learnModel) layout() {
	g := l.geom()
	l.help.SetWidth(g.width)
	l.vp.SetWidth(max(g.textW, 1))
	l.vp.SetHeight(g.vpHeight())
	l.filter.SetWidth(max(g.textW-4, 5))
	l.refresh(false)
}

// refresh renders the selected topic or code into the viewport.
func (l *learnModel) refresh(top bool) {
	width := max(l.vp.Width(), 20)
	var lines []string
	if l.onCodes() {
		m := l.matches()
		if l.codeSel < len(m) {
			lines = l.codeText(m[l.codeSel], width)
		} else {
			lines = []string{l.st.Muted.Render("No code matches the search.")}
		}
	} else if l.sel < len(l.topics) {
		lines = l.topicText(l.topics[l.sel], width)
	}
	l.vp.SetContentLines(lines)
	if top {
		l.vp.GotoTop()
	}
}

var listItem = regexp.MustCompile(`^(- |\d+\. )`)

// topicText renders a topic: paragraphs wrapped, list items with a
// hanging indent, indented lines verbatim (they are commands or records).
func (l learnModel) topicText(t assets.Topic, width int) []string {
	var out []string
	for _, para := range strings.Split(t.Body, "\n\n") {
		var text []string
		flush := func() {
			if len(text) > 0 {
				out = append(out, wrapStyled(l.st.Text.Render, strings.Join(text, " "), width, 0)...)
				text = nil
			}
		}
		for _, line := range strings.Split(para, "\n") {
			switch {
			case strings.HasPrefix(line, "    "):
				flush()
				out = append(out, l.st.Command.Render(truncate(line, width)))
			case listItem.MatchString(line):
				flush()
				marker := listItem.FindString(line)
				out = append(out, wrapStyled(l.st.Text.Render, line, width, len(marker))...)
			default:
				text = append(text, strings.TrimSpace(line))
			}
		}
		flush()
		out = append(out, "")
	}
	return out
}

// codeText explains one diagnostic: what it means, how to fix it, and the
// RFC section, as a link where the terminal supports OSC 8.
func (l learnModel) codeText(c diag.Code, width int) []string {
	e, ok := assets.Explain(c)
	if !ok {
		return []string{l.st.Muted.Render(string(c) + ": no explanation")}
	}
	out := wrapStyled(l.st.Heading.Render, e.Title, width, 0)
	out = append(out, l.st.Muted.Render(truncate(string(c), width)), "")
	out = append(out, wrapStyled(l.st.Text.Render, "Why it matters: "+e.Why, width, 0)...)
	out = append(out, "")
	out = append(out, wrapStyled(l.st.Text.Render, "Fix: "+e.Fix, width, 0)...)
	if e.RFC != "" {
		out = append(out, "")
		section := l.st.Key.Render(e.RFC)
		if u := rfcURL(e.RFC); u != "" {
			section = l.st.Key.Hyperlink(u).Render(e.RFC)
			out = append(out, truncate("Rests on "+section, width))
			// Wrapped, not cut: the address is for copying.
			for _, part := range strings.Split(ansi.Hardwrap(u, width, false), "\n") {
				out = append(out, l.st.Muted.Render(part))
			}
		} else {
			out = append(out, truncate("Rests on "+section, width))
		}
		if t, ok := l.topicFor(e.RFC); ok {
			out = append(out, wrapStyled(l.st.Muted.Render, "Background: the topic “"+t.Title+"”.", width, 0)...)
		}
	}
	return out
}

var rfcRef = regexp.MustCompile(`RFC (\d{4})(?: §([0-9]+(?:\.[0-9]+)*))?`)

// rfcURL is the RFC Editor's address of the first section cited, e.g.
// "RFC 8461 §3.3" → https://www.rfc-editor.org/rfc/rfc8461.html#section-3.3.
func rfcURL(ref string) string {
	m := rfcRef.FindStringSubmatch(ref)
	if m == nil {
		return ""
	}
	u := "https://www.rfc-editor.org/rfc/rfc" + m[1] + ".html"
	if m[2] != "" {
		u += "#section-" + m[2]
	}
	return u
}

// topicFor is the first topic that cites the same RFC and section.
func (l learnModel) topicFor(ref string) (assets.Topic, bool) {
	m := rfcRef.FindStringSubmatch(ref)
	if m == nil || m[2] == "" {
		return assets.Topic{}, false
	}
	for _, t := range l.topics {
		if strings.Contains(t.Body, "§"+m[2]+" ") || strings.Contains(t.Body, "§"+m[2]+")") || strings.Contains(t.Body, "§"+m[2]+",") || strings.Contains(t.Body, "§"+m[2]+":") || strings.Contains(t.Body, "§"+m[2]+".") {
			return t, true
		}
	}
	return assets.Topic{}, false
}

func (l learnModel) View() string {
	g := l.geom()
	head := l.st.Title.Render("mtasts-doctor") + " " + l.st.Heading.Render("learn")
	out := []string{titleLine(head, g.width,
		l.st.Muted.Render(" · MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) step by step"),
		l.st.Muted.Render(" · MTA-STS and TLS-RPT step by step"))}
	right := l.rightPane(g)
	if g.side {
		out = append(out, sideBySide(l.listPane(g), right, g.bodyH, g.listW, g.textW, l.st.Muted.Render(" │ "))...)
	} else {
		out = append(out, first(right, g.bodyH)...)
	}
	for len(out) < g.height-len(g.footer) {
		out = append(out, "")
	}
	out = append(first(out, g.height-len(g.footer)), g.footer...)
	return fit(strings.Join(out, "\n"), g.width, g.height)
}

func (l learnModel) entryTitle(i int) string {
	if i < len(l.topics) {
		return l.topics[i].Title
	}
	return fmt.Sprintf("Diagnostic codes (%d)", len(l.codes))
}

func (l learnModel) listPane(g learnGeom) []string {
	title := "Topics"
	out := []string{l.heading(title, l.focus == learnList, g.listW)}
	for i := 0; i <= l.codesEntry(); i++ {
		marker := "  "
		if i == l.sel {
			marker = "› "
		}
		row := padRight(marker+truncate(l.entryTitle(i), g.listW-2), g.listW)
		if i == l.sel && l.focus == learnList {
			row = l.st.Selected.Render(row)
		}
		out = append(out, row)
	}
	return out
}

func (l learnModel) heading(s string, focused bool, width int) string {
	if focused {
		return truncate(l.st.Focused.Render(s), width)
	}
	return truncate(l.st.Heading.Render(s), width)
}

func (l learnModel) rightPane(g learnGeom) []string {
	focused := l.focus == learnContent
	title := l.entryTitle(l.sel)
	if !g.side {
		title = fmt.Sprintf("%d/%d %s", l.sel+1, l.codesEntry()+1, title)
	}
	if l.onCodes() {
		title = fmt.Sprintf("%d of %d codes", len(l.matches()), len(l.codes))
	}
	if !l.onCodes() { // on the codes, ↑/↓ pick a code rather than scroll
		total, h, off := l.vp.TotalLineCount(), l.vp.Height(), l.vp.YOffset()
		title = titleLine(title, g.textW, scrollHint(total, h, off, focused), scrollHintShort(total, h, off, focused), "")
	}
	out := []string{l.heading(title, focused, g.textW)}
	if l.onCodes() {
		out = append(out, truncate(l.filter.View(), g.textW))
		m := l.matches()
		first, last := rowWindow(len(m), l.codeSel, g.codeRows)
		for i := first; i < last; i++ {
			e, _ := assets.Explain(m[i])
			row := "  " + string(m[i]) + l.st.Muted.Render("  "+e.RFC)
			if i == l.codeSel {
				row = "› " + string(m[i]) + "  " + e.RFC
				if focused {
					row = l.st.selectRow(row, g.textW)
				}
			}
			out = append(out, truncate(row, g.textW))
		}
		if len(m) == 0 {
			out = append(out, l.st.Muted.Render("  no match"))
		}
		for len(out) < 2+g.codeRows {
			out = append(out, "")
		}
		out = append(out, l.st.Muted.Render(strings.Repeat("─", max(g.textW, 1))))
	}
	return append(out, strings.Split(l.vp.View(), "\n")...)
}
