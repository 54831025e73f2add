package tui

import (
	"fmt"
	"regexp"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// position is a finding's place in its input as the CLI writes it
// ("4:10"), or "" when it concerns the input as a whole.
func position(d diag.Diagnostic) string {
	switch {
	case d.Line > 0 && d.Column > 0:
		return fmt.Sprintf("%d:%d", d.Line, d.Column)
	case d.Line > 0:
		return fmt.Sprintf("%d", d.Line)
	}
	return ""
}

// bodyLines shows a policy file as it was served: numbered lines, each
// line a finding points at marked in the gutter with its severity, and a
// caret under the finding's column naming the code. Lines are cut, never
// wrapped, so the numbers stay true.
func bodyLines(st *Styles, body string, diags diag.List, width int) []string {
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	if len(lines) > maxEvidenceLines {
		lines = append(lines[:maxEvidenceLines:maxEvidenceLines], fmt.Sprintf("… %d more lines (save the JSON report with s to see them)", len(lines)-maxEvidenceLines))
	}
	byLine := map[int][]diag.Diagnostic{}
	for _, d := range diags {
		if d.Line > 0 {
			byLine[d.Line] = append(byLine[d.Line], d)
		}
	}
	numW := len(fmt.Sprint(len(lines)))
	var out []string
	for i, l := range lines {
		n := i + 1
		mark, msty := " ", st.Muted
		ds := byLine[n]
		worst := diag.Info
		for _, d := range ds {
			if d.Severity > worst || mark == " " {
				worst = d.Severity
				mark, msty = st.severityMark(d.Severity)
			}
		}
		gutter := fmt.Sprintf("%s %*d %s ", mark, numW, n, "│")
		text := truncate(clean(l), max(width-ansi.StringWidth(gutter), 1))
		if len(ds) > 0 {
			// The line itself stands out without colour too: bold.
			text = lipgloss.NewStyle().Bold(true).Render(text)
		}
		row := msty.Render(gutter) + markUnsafe(st, text)
		out = append(out, row)
		for _, d := range ds {
			pad := strings.Repeat(" ", ansi.StringWidth(gutter)+max(d.Column-1, 0))
			_, dsty := st.severityMark(d.Severity)
			out = append(out, truncate(pad+dsty.Render("^ "+clean(string(d.Code))), width))
		}
	}
	return out
}

// escaped matches the visible escapes probe/sanitize writes in place of
// characters a terminal would obey or hide (\x1b, \u202e, \r …).
var escaped = regexp.MustCompile(`\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|[rnt])`)

// markUnsafe draws the escapes in a sanitised line in reverse video, so
// characters the peer sent to hide or reorder text stand out rather than
// read like the rest.
func markUnsafe(st *Styles, s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return escaped.ReplaceAllStringFunc(s, func(e string) string { return st.Unsafe.Render(e) })
}
