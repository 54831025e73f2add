package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// maxField bounds any one string taken from a Step before it is drawn.
const maxField = 2000

// clean makes one field from a Step safe to draw, again: the probe already
// sanitises, but the UI does not let its safety rest on another package.
func clean(s string) string { return sanitize.Line(s, maxField) }

// wrap word-wraps plain text to width, indenting continuation lines by
// indent spaces. It never returns a line wider than width.
//
// Lines break only at spaces. A hyphen is not a break: host names
// ("mx1.dane-present.test"), result types ("sts-policy-fetch-error") and
// command flags ("-starttls") must read, and copy, as one word, and a
// continuation indent after a hyphen break would put spaces inside them.
// Only a word wider than a whole line is cut, where it must be.
func wrap(s string, width, indent int) []string {
	if width <= indent+1 {
		return []string{ansi.Truncate(s, max(width, 0), "…")}
	}
	var out []string
	for i, para := range strings.Split(s, "\n") {
		first := indent
		if i == 0 {
			first = 0
		}
		out = append(out, wrapLine(para, width, first, indent)...)
	}
	return out
}

// wrapLine wraps one line of text: its own leading spaces are kept, the
// first line is indented by first and the rest by indent.
func wrapLine(s string, width, first, indent int) []string {
	body := strings.TrimLeft(s, " ")
	lead := min(len(s)-len(body)+first, width-1)
	var out []string
	line := strings.Repeat(" ", lead)
	lineW, words := lead, 0
	pad := strings.Repeat(" ", indent)
	flush := func() {
		out = append(out, strings.TrimRight(line, " "))
		line, lineW, words = pad, indent, 0
	}
	for _, word := range strings.Split(body, " ") {
		ww := ansi.StringWidth(word)
		sep := min(words, 1)
		if lineW+sep+ww <= width {
			line += strings.Repeat(" ", sep) + word
			lineW += sep + ww
			words++
			continue
		}
		if words > 0 {
			flush()
		}
		// A word wider than a line is cut into line-sized pieces.
		for ww > width-lineW {
			cut := width - lineW
			out = append(out, line+ansi.Cut(word, 0, cut))
			word = ansi.Cut(word, cut, ww)
			ww = ansi.StringWidth(word)
			line, lineW = pad, indent
		}
		line += word
		lineW += ww
		words++
	}
	out = append(out, strings.TrimRight(line, " "))
	return out
}

// fit cuts every line of s to width and keeps at most height lines, so no
// line of a frame can wrap or push the screen.
func fit(s string, width, height int) string {
	lines := strings.Split(s, "\n")
	if height > 0 && len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "…")
		}
	}
	return strings.Join(lines, "\n")
}

// cutAtWord cuts plain text to width at the last space that fits, so a
// cut line never ends in half a word.
func cutAtWord(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	cut := ansi.Truncate(s, width, "")
	if i := strings.LastIndex(cut, " "); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ")
}

// scrollHint tells where a pane's text stands when it is longer than the
// pane, in words rather than a percentage, and how to scroll it: the text
// changes with focus, so focus shows without colour too.
func scrollHint(total, height, offset int, focused bool) string {
	if total <= height || height <= 0 {
		return ""
	}
	if focused {
		return fmt.Sprintf("  lines %d–%d of %d", offset+1, min(offset+height, total), total)
	}
	if below := total - offset - height; below > 0 {
		return fmt.Sprintf("  ↓ %d more lines: tab to scroll", below)
	}
	return ""
}

// scrollHintShort is scrollHint for a narrow pane: "  ↓ 25 more",
// "  8–44/44".
func scrollHintShort(total, height, offset int, focused bool) string {
	if total <= height || height <= 0 {
		return ""
	}
	if focused {
		return fmt.Sprintf("  %d–%d/%d", offset+1, min(offset+height, total), total)
	}
	if below := total - offset - height; below > 0 {
		return fmt.Sprintf("  ↓ %d more", below)
	}
	return ""
}

// truncate cuts one line to width with an ellipsis.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// padRight pads a styled line with spaces to width cells.
func padRight(s string, width int) string {
	w := ansi.StringWidth(s)
	if w >= width {
		return truncate(s, width)
	}
	return s + strings.Repeat(" ", width-w)
}

// sideBySide lays two panes out as rows lines, left padded to leftW and
// right cut to rightW, with sep between them; a pane shorter than rows
// leaves blank space.
func sideBySide(left, right []string, rows, leftW, rightW int, sep string) []string {
	out := make([]string, 0, max(rows, 0))
	for i := 0; i < rows; i++ {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out = append(out, padRight(l, leftW)+sep+truncate(r, rightW))
	}
	return out
}

// plural counts things in words: "1 step", "2 steps".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func first[T any](s []T, n int) []T {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// flow puts styled parts on lines no wider than width, joined by sep and
// broken only between parts, in order, on at most maxLines lines. A part
// that no longer fits is left out whole rather than cut, so the parts
// should come most important first; only a part wider than a whole line
// is cut.
func flow(parts []string, sep string, width, maxLines int) []string {
	var lines []string
	line := ""
	for _, p := range parts {
		if line != "" && ansi.StringWidth(line+sep+p) <= width {
			line += sep + p
			continue
		}
		if line != "" {
			if len(lines)+1 >= maxLines {
				continue // no line left for it: leave it out
			}
			lines = append(lines, line)
		}
		line = truncate(p, width)
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// titleLine is head followed by the first subtitle that fits whole on the
// line, or head alone: a title line is never cut mid-word.
func titleLine(head string, width int, subs ...string) string {
	for _, s := range subs {
		if ansi.StringWidth(head+s) <= width {
			return head + s
		}
	}
	return truncate(head, width)
}
