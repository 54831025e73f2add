package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
	"github.com/mtasts-doctor/mtasts-doctor/simulate/live"
)

func (m sandboxModel) View() string {
	w := max(m.width, 20)
	h := max(m.height, 5)
	head := m.st.Title.Render("mtasts-doctor") + " " + m.st.Heading.Render("sandbox")
	clock := "virtual " + simulate.FormatDuration(m.view.Now)
	switch {
	case m.lab == nil && m.err == nil:
		clock = "starting…"
	case m.paused:
		clock += " ■ stopped"
	default:
		clock += " ▶ " + simulate.FormatDuration(sandboxSpeeds[m.speed]) + "/s"
	}
	out := []string{titleLine(head, w, m.st.Muted.Render(" · "+probetest.SandboxDomain+" · "+clock), m.st.Muted.Render(" · "+clock))}
	if m.err != nil {
		out = append(out, "", m.st.Fail.Render("The sandbox did not start: ")+clean(m.err.Error()))
		return m.frame(out, nil, w, h)
	}
	out = append(out, wrapIn(m.st.Muted, "now: "+stateWords(m.view.State), w)...)
	if m.lesson != nil {
		out = append(out, "")
		out = append(out, m.lessonLines(w)...)
	}
	out = append(out, "", m.st.Heading.Render(truncate(fmt.Sprintf("%-*s %-17s %-23s %s", m.nameW(), "SENDER", "LAST DELIVERY", "WOULD REPORT (TLS-RPT)", "HOLDS"), w)))
	for _, s := range m.view.Senders {
		out = append(out, m.senderLine(s, w))
	}
	footer := strings.Split(wrappedShortHelp(m.help, m.KeyMap().ShortHelp(), w, 2), "\n")
	if m.status != "" {
		footer = append(wrapIn(m.st.Text, m.status, w), footer...)
	}
	changes := m.changeLines(w, h-len(out)-len(footer)-1)
	// The event log takes what is left, newest last.
	room := h - len(out) - len(changes) - len(footer) - 2
	if room > 1 {
		out = append(out, "", m.st.Heading.Render("What happened")+m.st.Muted.Render(" (newest last)"))
		out = append(out, m.eventLines(room-1, w)...)
	}
	out = append(out, "")
	out = append(out, changes...)
	return m.frame(out, footer, w, h)
}

// frame puts body above footer in h lines. When they do not fit, the end of
// the body is cut, never its top: the clock and the senders are what the
// screen is for, and the footer says where the rest is (? help).
func (m sandboxModel) frame(body, footer []string, w, h int) string {
	footer = footer[max(0, len(footer)-h):]
	body = first(body, h-len(footer))
	for len(body) < h-len(footer) {
		body = append(body, "")
	}
	return fit(strings.Join(append(body, footer...), "\n"), w, h)
}

func (m sandboxModel) nameW() int {
	n := len("SENDER")
	for _, s := range m.view.Senders {
		n = max(n, ansi.StringWidth(s.Name))
	}
	return min(n, 26)
}

// senderLine is one sender: its last outcome (glyph and word, so it reads
// without colour), what it holds, and what it would report.
func (m sandboxModel) senderLine(s live.SenderView, w int) string {
	outcome, style := "–", m.st.Muted
	if s.Last != nil {
		outcome = s.Last.Attempt.Outcome.String()
		switch s.Last.Attempt.Outcome {
		case simulate.Enforced:
			outcome, style = "✓ "+outcome, m.st.OK
		case simulate.Deferred, simulate.TestingDelivered:
			outcome, style = "! "+outcome, m.st.Warn
		default:
			outcome, style = "✗ "+outcome, m.st.Fail
		}
	}
	holds := "none (new each time)"
	if !s.Fresh {
		holds = s.Cache.String()
		if s.Cache.Kind == simulate.CacheNone {
			holds = "nothing cached"
		}
	}
	// What it would report comes first: at 80 columns it is what a class
	// is asked to look at.
	report := "—"
	if s.Last != nil && s.Last.Attempt.Reported != "" {
		report = s.Last.Attempt.Reported
	}
	tail := padRight(report, 23) + " " + holds
	if s.Alerts > 0 {
		tail += fmt.Sprintf(" · %d refresh alerts", s.Alerts)
	}
	name := padRight(truncate(s.Name, m.nameW()), m.nameW())
	return truncate(name+" "+style.Render(padRight(outcome, 17))+" "+tail, w)
}

func (m sandboxModel) eventLines(n, w int) []string {
	var lines []string
	for _, e := range m.view.Events {
		if e.Change != "" {
			lines = append(lines, m.st.Key.Render(padRight(simulate.FormatDuration(e.At), 8)+"── "+e.Change))
			continue
		}
		sent := strings.ReplaceAll(e.Sent, "."+probetest.SandboxDomain, "")
		line := padRight(simulate.FormatDuration(e.At), 8) + e.Sender + ": " + e.Attempt.Outcome.String() + " — " + sent
		if e.Attempt.Reported != "" {
			line += "; reports " + e.Attempt.Reported
		}
		lines = append(lines, truncate(line, w))
	}
	lines = slices.Compact(lines)
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}

// changeLines lists every change with its key and what it does now, in at
// most room lines if it can. With too little room for that it lists the
// keys alone (the ? page names them): a change whose key is not on the
// screen is a change nobody finds.
func (m sandboxModel) changeLines(w, room int) []string {
	var items, keys []string
	for _, c := range m.changes {
		items = append(items, m.st.Key.Render(c.key)+" "+c.name(m.view.State))
		keys = append(keys, m.st.Key.Render(c.key))
	}
	items = append(items, m.st.Key.Render("U")+" undo")
	keys = append(keys, m.st.Key.Render("U"), m.st.Muted.Render("(? names them)"))
	if full := flow(items, m.st.Muted.Render(" · "), w, len(items)+1); 1+len(full) <= room {
		return append([]string{m.st.Heading.Render("Break it")}, full...)
	}
	return flow(append([]string{m.st.Heading.Render("Break it:")}, keys...), " ", w, len(keys)+2)
}

func (m sandboxModel) lessonLines(w int) []string {
	l := m.lesson
	if m.step < 0 {
		return wrapIn(m.st.Focused, "Lesson: "+l.Title+" — press enter to begin.", w)
	}
	s := l.Steps[m.step]
	out := wrapIn(m.st.Focused, fmt.Sprintf("Lesson step %d of %d", m.step+1, len(l.Steps)), w)
	out = append(out, wrapIn(m.st.Text, s.Text, w)...)
	if s.Answer != "" && m.revealed {
		out = append(out, wrapIn(m.st.OK, "Answer: "+s.Answer, w)...)
	}
	return out
}

// wrapIn wraps text to w and renders each line in st.
func wrapIn(st lipgloss.Style, text string, w int) []string {
	lines := wrap(text, w, 0)
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
}

// stateWords says what the sandbox publishes now, in one line.
func stateWords(s probetest.SandboxState) string {
	parts := []string{}
	if s.TXT {
		parts = append(parts, "TXT id="+s.ID)
	} else {
		parts = append(parts, "no _mta-sts record")
	}
	parts = append(parts, "mode "+s.Mode, "max_age "+simulate.FormatDuration(time.Duration(s.MaxAge)*time.Second))
	switch s.PolicyFile {
	case "404":
		parts = append(parts, "policy file missing (404)")
	case "wrong-type":
		parts = append(parts, "policy served as text/html")
	}
	if s.PolicyCert != "valid" {
		parts = append(parts, "policy host certificate "+s.PolicyCert)
	}
	if s.MXCert != "valid" {
		parts = append(parts, "MX certificate "+s.MXCert)
	}
	if s.BackupMX {
		parts = append(parts, "unlisted MX mx2")
	}
	if s.StripTLS {
		parts = append(parts, "attacker strips STARTTLS")
	}
	return strings.Join(parts, " · ")
}
