package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe/reports"
)

// reportGlyphs tell result types apart in the bar without colour; colour
// only repeats what the glyph says.
var reportGlyphs = []string{"█", "▓", "▒", "░", "■", "◆", "●", "▲"}

func (m reportsModel) View() string {
	w, h := max(m.width, 20), max(m.height, 5)
	head := m.st.Title.Render("mtasts-doctor") + " " + m.st.Heading.Render("reports")
	set := m.data.Set
	nreports := 0
	if set != nil {
		nreports = len(set.Reports)
	}
	out := []string{titleLine(head, w, m.st.Muted.Render(fmt.Sprintf(" · %s · %s", plural(nreports, "report"), plural(len(m.domains), "policy domain"))))}
	if len(m.domains) == 0 {
		out = append(out, "", "No report held any session.")
		return m.frame(out, w, h)
	}
	d := m.domain()
	var total reports.DomainTotal
	for _, t := range m.data.Agg.Domains {
		if t.Domain == d {
			total = t
		}
	}
	nav := ""
	if len(m.domains) > 1 {
		nav = fmt.Sprintf("  (%d of %d, ←/→)", m.dom+1, len(m.domains))
	}
	rate := ""
	if all := total.Successful + total.Failed; total.Failed > 0 && all > 0 {
		rate = fmt.Sprintf(" (%.1f %%)", 100*float64(total.Failed)/float64(all))
	}
	out = append(out, truncate(m.st.Heading.Render(d)+m.st.Muted.Render(nav)+fmt.Sprintf("  %d successful · ", total.Successful)+
		m.failStyle(total.Failed).Render(fmt.Sprintf("%d failed%s", total.Failed, rate)), w))

	rows := m.results()
	footer := strings.Split(wrappedShortHelp(m.help, m.keys.ShortHelp(), w, 2), "\n")
	// The result types are what ↑/↓ and enter act on, so they stay on
	// screen; on a short terminal the chart gives way above them.
	listRoom := m.listRoom(h, len(out), len(footer))
	shown := min(len(rows), listRoom)
	out = append(out, m.chartBlock(d, w, h-len(out)-2-shown-len(footer))...)
	head2 := m.st.Heading.Render("Result types") + m.st.Muted.Render(" — enter walks the domain at the step that explains it")
	start, end := rowWindow(len(rows), m.sel, listRoom)
	if end-start < len(rows) {
		head2 = m.st.Heading.Render("Result types") + m.st.Muted.Render(fmt.Sprintf(" %d–%d of %d — enter walks the domain at that step", start+1, end, len(rows)))
	}
	out = append(out, "", head2)
	for i := start; i < end; i++ {
		out = append(out, m.resultLine(rows[i], i == m.sel, w))
	}
	if m.sel < len(rows) {
		room := h - len(out) - len(footer) - 2
		if room > 0 {
			out = append(out, "", m.st.Heading.Render("Details"))
			out = append(out, first(m.detailLines(rows[m.sel], w), room)...)
		}
	}
	for len(out) < h-len(footer) {
		out = append(out, "")
	}
	return m.frame(append(first(out, h-len(footer)), footer...), w, h)
}

// listRoom is how many result-type rows fit: all the screen but the title,
// the domain line, the list's heading and the footer, less room kept for
// two detail lines on a tall screen.
func (m reportsModel) listRoom(h, above, footer int) int {
	room := h - above - 2 - footer
	if room > 12 {
		room -= 4
	}
	return max(room, 1)
}

// chartBlock is the chart of failures per day with its legend and the top
// failing MX hosts and reporters, in at most room lines: with less room it
// drops the top lines, then the legend, then days (oldest first), then
// itself.
func (m reportsModel) chartBlock(d string, w, room int) []string {
	types := m.resultTypes(d)
	legend, top := m.legend(types, w), m.top(d, w)
	days := room - 2 - len(legend) - len(top)
	if days < 1 {
		top, days = nil, room-2-len(legend)
	}
	if days < 1 {
		legend, days = nil, room-2
	}
	if days < 1 {
		return nil
	}
	out := append([]string{"", m.st.Heading.Render("Failed sessions per day, by result type")}, m.chart(d, types, w, min(days, 10))...)
	return append(append(out, legend...), top...)
}

func (m reportsModel) frame(lines []string, w, h int) string {
	return fit(strings.Join(lines, "\n"), w, h)
}

func (m reportsModel) failStyle(n int64) lipgloss.Style {
	if n > 0 {
		return m.st.Fail
	}
	return m.st.OK
}

// resultTypes are the domain's failure types, most sessions first.
func (m reportsModel) resultTypes(d string) []string {
	sum := map[string]int64{}
	for _, r := range m.data.Agg.Rows {
		if r.Domain == d && r.ResultType != "" {
			sum[r.ResultType] += r.Failed
		}
	}
	var types []string
	for t := range sum {
		types = append(types, t)
	}
	slices.SortFunc(types, func(a, b string) int { return cmp.Or(cmp.Compare(sum[b], sum[a]), cmp.Compare(a, b)) })
	return types
}

func (m reportsModel) glyph(types []string, t string) (string, lipgloss.Style) {
	i := slices.Index(types, t)
	styles := []lipgloss.Style{m.st.Fail, m.st.Warn, m.st.Error, m.st.Running, m.st.Key, m.st.Command, m.st.OK, m.st.Text}
	if i < 0 {
		return "?", m.st.Muted
	}
	return reportGlyphs[i%len(reportGlyphs)], styles[i%len(styles)]
}

// chart draws one stacked bar per day (the last days that fit).
func (m reportsModel) chart(d string, types []string, w, maxDays int) []string {
	perDay := map[string]map[string]int64{}
	var days []string
	var most int64
	for _, r := range m.data.Agg.Rows {
		if r.Domain != d {
			continue
		}
		if perDay[r.Day] == nil {
			perDay[r.Day] = map[string]int64{}
			days = append(days, r.Day)
		}
		if r.ResultType != "" {
			perDay[r.Day][r.ResultType] += r.Failed
		}
	}
	slices.Sort(days)
	if len(days) > maxDays {
		days = days[len(days)-maxDays:]
	}
	for _, day := range days {
		var t int64
		for _, n := range perDay[day] {
			t += n
		}
		most = max(most, t)
	}
	barW := max(4, w-12-10)
	var out []string
	for _, day := range days {
		var bar strings.Builder
		var t int64
		cells := 0
		for _, typ := range types {
			n := perDay[day][typ]
			if n == 0 {
				continue
			}
			t += n
			c := int(int64(barW) * n / max(most, 1))
			if c == 0 {
				c = 1 // a failure never disappears from the chart
			}
			g, st := m.glyph(types, typ)
			bar.WriteString(st.Render(strings.Repeat(g, c)))
			cells += c
		}
		label := fmt.Sprintf("%d", t)
		if t == 0 {
			label = m.st.OK.Render("0 ✓")
		}
		out = append(out, truncate(padRight(day, 11)+bar.String()+" "+label, w))
	}
	return out
}

func (m reportsModel) legend(types []string, w int) []string {
	var items []string
	for _, t := range types {
		g, st := m.glyph(types, t)
		items = append(items, st.Render(g)+" "+t)
	}
	if len(items) == 0 {
		return []string{m.st.OK.Render("No failed sessions reported.")}
	}
	return flow(items, m.st.Muted.Render(" · "), w, 2)
}

// top names the MX hosts and organisations with the most failures.
func (m reportsModel) top(d string, w int) []string {
	mx, org := map[string]int64{}, map[string]int64{}
	for _, r := range m.data.Agg.Rows {
		if r.Domain != d || r.ResultType == "" {
			continue
		}
		if r.ReceivingMX != "" || r.ReceivingIP != "" {
			name := r.ReceivingMX
			if r.ReceivingIP != "" {
				name = strings.TrimSpace(name + " (" + r.ReceivingIP + ")")
			}
			mx[name] += r.Failed
		}
		org[r.Organization] += r.Failed
	}
	line := func(title string, counts map[string]int64) string {
		var names []string
		for n := range counts {
			names = append(names, n)
		}
		slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b)) })
		var parts []string
		for _, n := range first(names, 3) {
			parts = append(parts, fmt.Sprintf("%s %d", n, counts[n]))
		}
		if len(parts) == 0 {
			parts = []string{"—"}
		}
		return truncate(m.st.Muted.Render(title)+strings.Join(parts, " · "), w)
	}
	return []string{line("Top failing MX: ", mx), line("Top reporters:  ", org)}
}

func (m reportsModel) resultLine(r resultRow, selected bool, w int) string {
	l := r.link
	what := l.ResultType
	if l.ReceivingMX != "" {
		what += " on " + l.ReceivingMX
	}
	state, st := "not walked", m.st.Muted
	switch l.State {
	case reports.StillFailing:
		state, st = "✗ still failing now", m.st.Fail
	case reports.Fixed:
		state, st = "✓ fixed since", m.st.OK
	case reports.Undecided:
		if len(m.data.Links) > 0 {
			state = "? cannot tell now"
		}
	}
	step := string(l.Step)
	if step == "" {
		step = "no step"
	}
	marker := "  "
	if selected {
		marker = "› "
	}
	row := truncate(fmt.Sprintf("%s%-40s %7d  %-14s %s", marker, truncate(what, 40), l.Sessions, "["+step+"]", st.Render(state)), w)
	if selected {
		return m.st.selectRow(row, w)
	}
	return row
}

// detailLines show the failure-details records behind a row; any
// additional-information URI is shown as text, never opened.
func (m reportsModel) detailLines(r resultRow, w int) []string {
	var out []string
	if r.link.Now != "" && len(m.data.Links) > 0 {
		out = append(out, wrap("Now: "+clean(r.link.Now), w, 2)...)
	}
	for _, d := range r.details {
		f := d.f
		line := fmt.Sprintf("%s %s: %d from %s → %s", d.day, d.org, f.Sessions, orDash(f.SendingIP), orDash(f.ReceivingMX))
		if f.ReceivingIP != "" {
			line += " (" + f.ReceivingIP + ")"
		}
		if f.ReasonCode != "" {
			line += " · " + f.ReasonCode
		}
		out = append(out, truncate(line, w))
		if f.AdditionalInfo != "" {
			out = append(out, truncate("    more: "+f.AdditionalInfo, w))
		}
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
