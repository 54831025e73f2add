package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// helpColumnGap is the space between two columns of the full help.
const helpColumnGap = 3

// helpView is a screen's footer: the short help, or with ShowAll the full
// help flowed into as many columns as the width holds.
//
// bubbles/help lays the full help out one column per group and cuts what
// does not fit with "…", so at 80 columns the simulator lost its last
// group (esc, q, a, s) and the help no longer listed every key. Here the
// bindings keep their order but are re-flowed, so every key is shown.
func helpView(h help.Model, km help.KeyMap, width int) string {
	h.SetWidth(width)
	if !h.ShowAll {
		return shortHelp(h, km.ShortHelp(), width)
	}
	var keys, descs []string
	for _, group := range km.FullHelp() {
		for _, b := range group {
			if b.Enabled() && (b.Help().Key != "" || b.Help().Desc != "") {
				keys = append(keys, b.Help().Key)
				descs = append(descs, b.Help().Desc)
			}
		}
	}
	n := len(keys)
	if n == 0 {
		return ""
	}
	for cols := n; cols >= 1; cols-- {
		rows := (n + cols - 1) / cols
		kw, dw, total := columnWidths(keys, descs, rows)
		if total > width && cols > 1 {
			continue
		}
		lines := make([]string, rows)
		for c := range kw {
			for r := 0; r < rows; r++ {
				i := c*rows + r
				if i >= n {
					continue
				}
				cell := h.Styles.FullKey.Render(padRight(keys[i], kw[c])) + " " + h.Styles.FullDesc.Render(descs[i])
				if c+1 < len(kw) {
					cell = padRight(cell, kw[c]+1+dw[c]+helpColumnGap)
				}
				lines[r] += cell
			}
		}
		for r := range lines {
			lines[r] = truncate(strings.TrimRight(lines[r], " "), width)
		}
		return strings.Join(lines, "\n")
	}
	return ""
}

// columnWidths measures the help in columns of rows entries: each
// column's key and description widths, and the width of the whole.
func columnWidths(keys, descs []string, rows int) (kw, dw []int, total int) {
	for start := 0; start < len(keys); start += rows {
		k, d := 0, 0
		for i := start; i < min(start+rows, len(keys)); i++ {
			k = max(k, ansi.StringWidth(keys[i]))
			d = max(d, ansi.StringWidth(descs[i]))
		}
		if len(kw) > 0 {
			total += helpColumnGap
		}
		kw, dw = append(kw, k), append(dw, d)
		total += k + 1 + d
	}
	return kw, dw, total
}

// enabledHelp lists the help entries of every enabled binding of a key
// map, for tests and for checking the help says all there is.
func enabledHelp(km help.KeyMap) []key.Help {
	var out []key.Help
	for _, group := range km.FullHelp() {
		for _, b := range group {
			if b.Enabled() {
				out = append(out, b.Help())
			}
		}
	}
	return out
}

// shortHelpItems renders each enabled binding as the short help does.
func shortHelpItems(h help.Model, bindings []key.Binding) []string {
	var out []string
	for _, b := range bindings {
		if b.Enabled() {
			out = append(out, h.Styles.ShortKey.Inline(true).Render(b.Help().Key)+" "+h.Styles.ShortDesc.Inline(true).Render(b.Help().Desc))
		}
	}
	return out
}

// shortHelp is the one-line help. bubbles/help cuts what does not fit at
// the end, which at 80 columns took "? help" and "q quit" with it; here
// the last entry (the way to the full help) always stays, and what is
// left out before it is marked "…".
func shortHelp(h help.Model, bindings []key.Binding, width int) string {
	return shortHelpLine(h, shortHelpItems(h, bindings), width)
}

func shortHelpLine(h help.Model, items []string, width int) string {
	sep := h.Styles.ShortSeparator.Inline(true).Render(h.ShortSeparator)
	all := strings.Join(items, sep)
	if ansi.StringWidth(all) <= width || len(items) < 2 {
		return truncate(all, width)
	}
	last := items[len(items)-1]
	more := h.Styles.Ellipsis.Inline(true).Render("…")
	line := ""
	for _, it := range items[:len(items)-1] {
		next := it
		if line != "" {
			next = line + sep + it
		}
		if ansi.StringWidth(next+" "+more+sep+last) > width {
			break
		}
		line = next
	}
	if line == "" {
		return truncate(more+sep+last, width)
	}
	return truncate(line+" "+more+sep+last, width)
}

// wrappedShortHelp is the short help flowed onto up to maxLines lines,
// breaking between entries; the last line keeps the last entry as
// shortHelp does.
func wrappedShortHelp(h help.Model, bindings []key.Binding, width, maxLines int) string {
	sep := h.Styles.ShortSeparator.Inline(true).Render(h.ShortSeparator)
	items := shortHelpItems(h, bindings)
	var lines []string
	for len(items) > 0 && len(lines) < maxLines-1 {
		line, n := items[0], 1
		for n < len(items) && ansi.StringWidth(line+sep+items[n]) <= width {
			line += sep + items[n]
			n++
		}
		if n == len(items) {
			return strings.Join(append(lines, truncate(line, width)), "\n")
		}
		lines = append(lines, truncate(line, width))
		items = items[n:]
	}
	if len(items) > 0 {
		lines = append(lines, shortHelpLine(h, items, width))
	}
	return strings.Join(lines, "\n")
}
