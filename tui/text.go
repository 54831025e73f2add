package tui

import (
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
func wrap(s string, width, indent int) []string {
	if width <= indent+1 {
		return []string{ansi.Truncate(s, max(width, 0), "…")}
	}
	first := ansi.Wrap(s, width, "")
	lines := strings.Split(first, "\n")
	if len(lines) == 1 || indent == 0 {
		return lines
	}
	// Re-wrap everything after the first line to the narrower width. Take
	// the rest from the original text where possible: joining the wrapped
	// lines with spaces would split words that were broken at a hyphen
	// ("mta-" + "sts.example").
	head := strings.TrimRight(lines[0], " ")
	rest, ok := strings.CutPrefix(s, head)
	if ok {
		rest = strings.TrimLeft(rest, " ")
	} else {
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " ")
		}
		rest = strings.Join(lines[1:], " ")
	}
	out := []string{lines[0]}
	pad := strings.Repeat(" ", indent)
	for _, l := range strings.Split(ansi.Wrap(rest, width-indent, ""), "\n") {
		out = append(out, pad+l)
	}
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

func first[T any](s []T, n int) []T {
	if len(s) > n {
		return s[:n]
	}
	return s
}
