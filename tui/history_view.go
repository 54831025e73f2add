package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/history"
)

const historyTime = "2006-01-02 15:04"

func (h historyModel) View() string {
	width, height := max(h.width, 20), max(h.height, 5)
	var body []string
	title := h.st.Title.Render("History of "+clean(h.domain)) + h.st.Muted.Render(fmt.Sprintf("  %s", plural(len(h.walks), "walk")))
	switch h.mode {
	case historyReport:
		title = h.st.Title.Render(fmt.Sprintf("Walk %d of %s", h.wanted, clean(h.domain)))
	case historyDiff:
		title = h.st.Title.Render("Two walks of " + clean(h.domain) + " compared")
	}
	head := []string{truncate(title, width)}
	footer := []string{}
	if h.status != "" {
		footer = append(footer, truncate(h.st.Text.Render(h.status), width))
	}
	footer = append(footer, shortHelp(h.help, h.KeyMap().ShortHelp(), width))
	rows := max(height-len(head)-len(footer), 1)
	switch {
	case !h.loaded:
		body = []string{h.st.Muted.Render("reading the history…")}
	case h.err != nil:
		body = wrap(h.st.Fail.Render("cannot read the history: ")+clean(h.err.Error()), width, 2)
	case len(h.walks) == 0:
		body = wrap("No walk of "+clean(h.domain)+" is recorded yet: every walk you make (here, with check or watch) is.", width, 0)
	case h.mode == historyList:
		body = h.listBody(width, rows)
	default:
		body = h.scrolled(width, rows)
	}
	out := append(head, first(body, rows)...)
	for len(out) < height-len(footer) {
		out = append(out, "")
	}
	return strings.Join(append(out, footer...), "\n")
}

// listBody is the timeline (newest at the bottom, the selection kept in
// view) over the selected walk's changes and certificate calendar.
func (h historyModel) listBody(width, rows int) []string {
	cur := h.walks[h.sel]
	var detail []string
	detail = append(detail, truncate(h.st.Heading.Render(fmt.Sprintf("Walk %d, %s UTC", cur.ID, cur.Time.Format(historyTime))), width))
	drift := history.Drift(h.walks[:h.sel+1])
	if len(drift) == 0 {
		detail = append(detail, truncate(h.st.Muted.Render("  no change from the walk before"), width))
	}
	for _, d := range drift {
		mark, style := h.st.severityMark(d.Severity)
		detail = append(detail, wrapLine(style.Render(mark)+" "+string(d.Code)+": "+clean(d.Message), width, 0, 4)...)
	}
	cal, _ := history.Calendar(cur, cur.Time)
	if len(cal) > 0 {
		var parts []string
		for _, e := range cal {
			parts = append(parts, fmt.Sprintf("%s %dd", clean(e.Host), e.DaysLeft))
		}
		detail = append(detail, wrapLine("certificates then (days left): "+strings.Join(parts, " · "), width, 0, 4)...)
	}
	detail = first(detail, max(rows/2, 3))
	listRows := max(rows-len(detail)-1, 1)
	start := max(0, min(h.sel-listRows+1, len(h.walks)-listRows))
	start = max(start, 0)
	var out []string
	for i := start; i < len(h.walks) && len(out) < listRows; i++ {
		out = append(out, h.walkRow(i, width))
	}
	return append(append(out, ""), detail...)
}

// walkRow is one walk of the timeline: a * where something changed.
func (h historyModel) walkRow(i, width int) string {
	w := h.walks[i]
	mark := " "
	if len(h.marks[i]) > 0 {
		mark = "*"
	}
	if i == h.marked {
		mark = "d"
	}
	id := w.RecordID
	if id == "" {
		id = "-"
	}
	changes := make([]string, 0, len(h.marks[i]))
	for _, c := range h.marks[i] {
		changes = append(changes, strings.TrimPrefix(c, "history."))
	}
	row := fmt.Sprintf("%s %s  %-9s id %-12s %-4s %s", mark, w.Time.Format(historyTime), clean(w.Verdict), truncate(clean(id), 12),
		ageWords(w.MaxAge), strings.Join(changes, " "))
	if i == h.sel {
		return h.st.selectRow(truncate(row, width), width)
	}
	return truncate(row, width)
}

func ageWords(s int64) string {
	switch {
	case s <= 0:
		return "-"
	case s%86400 == 0:
		return fmt.Sprintf("%dd", s/86400)
	}
	return fmt.Sprintf("%ds", s)
}

// scrolled is the report or diff from h.top, +/- lines in colour.
func (h historyModel) scrolled(width, rows int) []string {
	var out []string
	for _, l := range h.lines[min(h.top, len(h.lines)):] {
		s := truncate(l, width)
		switch {
		case strings.HasPrefix(l, "+ "):
			s = h.st.OK.Render(s)
		case strings.HasPrefix(l, "- "):
			s = h.st.Fail.Render(s)
		}
		out = append(out, s)
		if len(out) == rows {
			break
		}
	}
	return out
}

// reportLines is a past report as text: each step's status and summary,
// its findings, and the verdict.
func (h historyModel) reportLines(rep *probe.Report) []string {
	out := []string{fmt.Sprintf("recorded %s UTC; verdict without a cached policy: %s", rep.Started.UTC().Format(historyTime), clean(string(rep.Verdict.WithoutCache)))}
	if rep.Verdict.Reason != "" {
		out = append(out, "  "+clean(rep.Verdict.Reason))
	}
	for _, s := range rep.Steps {
		glyph, word, _ := h.st.statusMark(s.Status)
		out = append(out, "", fmt.Sprintf("%s %-7s %s — %s", glyph, word, stepTitle(s.ID), clean(s.Summary)))
		for _, d := range s.Diagnostics {
			mark, _ := h.st.severityMark(d.Severity)
			out = append(out, fmt.Sprintf("    %s %s: %s", mark, clean(string(d.Code)), clean(d.Message)))
		}
		for _, l := range s.EvidenceLines() {
			out = append(out, "    "+clean(l))
		}
	}
	return out
}

// diffWalks compares two walks field by field: record, policy text (line
// by line), MX set, certificates and the name servers' answers. Lines
// begin "- " for the older walk's value and "+ " for the newer's.
func diffWalks(a, b history.Walk) []string {
	out := []string{fmt.Sprintf("walk %d (%s UTC) → walk %d (%s UTC)", a.ID, a.Time.Format(historyTime), b.ID, b.Time.Format(historyTime)), ""}
	field := func(name, x, y string) {
		if x == y {
			out = append(out, fmt.Sprintf("  %s: %s (same)", name, clean(x)))
			return
		}
		out = append(out, name+":", "- "+clean(x), "+ "+clean(y))
	}
	field("verdict", a.Verdict, b.Verdict)
	field("record id", a.RecordID, b.RecordID)
	field("record TTL", fmt.Sprint(a.RecordTTL), fmt.Sprint(b.RecordTTL))
	field("mode", a.Mode, b.Mode)
	field("max_age", fmt.Sprint(a.MaxAge), fmt.Sprint(b.MaxAge))
	field("MX", strings.Join(a.MX, " "), strings.Join(b.MX, " "))
	out = append(out, "", "policy text:")
	out = append(out, lineDiff(a.PolicyText, b.PolicyText)...)
	out = append(out, "", "certificates (expiry):")
	out = append(out, setDiff(certLines(a.Certs), certLines(b.Certs))...)
	out = append(out, "", "authoritative name servers:")
	out = append(out, setDiff(nsLines(a.NS), nsLines(b.NS))...)
	return out
}

func certLines(cs []history.Cert) []string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s %s %s", c.Role, clean(c.Host), c.NotAfter.Format(historyTime)))
	}
	return out
}

func nsLines(ns []probe.NameserverAnswer) []string {
	var out []string
	for _, n := range ns {
		v := strings.Join(n.Record, " | ")
		if n.Error != "" {
			v = n.Error
		}
		out = append(out, clean(n.NS+" "+n.Address+": "+v))
	}
	return out
}

// setDiff lists what only the older has (-), only the newer has (+) and
// both have.
func setDiff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, "- "+x)
		}
	}
	for _, y := range b {
		if !slices.Contains(a, y) {
			out = append(out, "+ "+y)
		} else {
			out = append(out, "  "+y)
		}
	}
	if len(out) == 0 {
		out = append(out, "  (none recorded)")
	}
	return out
}

// lineDiff is a longest-common-subsequence diff of two short texts (a
// policy is a handful of lines; its size is capped when recorded).
func lineDiff(a, b string) []string {
	x, y := splitLines(a), splitLines(b)
	if len(x)*len(y) > 250000 {
		return setDiff(x, y) // too long for the table: the gist
	}
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			out = append(out, "  "+clean(x[i]))
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, "+ "+clean(y[j]))
			j++
		default:
			out = append(out, "- "+clean(x[i]))
			i++
		}
	}
	if len(out) == 0 {
		out = append(out, "  (no policy fetched)")
	}
	return out
}

func splitLines(s string) []string {
	s = strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
