package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

type reportStyle struct {
	// color is on when profile keeps any styling; profile is what the
	// output can show (colorFlag.profile decides it).
	color   bool
	profile colorprofile.Profile
	verbose bool
}

// statusMark gives every status a glyph and a word, so the report reads the
// same without colour.
func statusMark(s probe.Status) (glyph, word string) {
	switch s {
	case probe.StatusOK:
		return "✓", "ok"
	case probe.StatusWarn:
		return "!", "warn"
	case probe.StatusFail:
		return "✗", "FAIL"
	case probe.StatusSkipped:
		return "–", "skipped"
	case probe.StatusError:
		return "?", "error"
	default:
		return "…", string(s)
	}
}

var statusColor = map[probe.Status]string{
	probe.StatusOK: "2", probe.StatusWarn: "3", probe.StatusFail: "1", probe.StatusError: "5", probe.StatusSkipped: "8",
}

// printReport writes the plain check report: a line per step, the
// diagnostics of every step that is not ok with their explanation, and the
// verdict. It is also what the TUI prints when stdout is not a terminal.
func printReport(w io.Writer, rep *probe.Report, st reportStyle) {
	if st.color {
		// The profile is already decided (--color always into a pipe
		// keeps its colour); the writer only downsamples to it.
		w = &colorprofile.Writer{Forward: w, Profile: st.profile}
	}
	paint := func(color string, s string) string {
		if !st.color || color == "" {
			return s
		}
		return lipgloss.NewStyle().Foreground(lipgloss.Color(color)).Render(s)
	}
	bold := func(s string) string {
		if !st.color {
			return s
		}
		return lipgloss.NewStyle().Bold(true).Render(s)
	}

	title := rep.Domain
	if rep.UnicodeDomain != "" {
		title += " (" + rep.UnicodeDomain + ")"
	}
	fmt.Fprintln(w, bold("MTA-STS check of "+title))
	for _, n := range rep.InputNotes {
		fmt.Fprintln(w, "  note: "+n)
	}
	fmt.Fprintln(w)
	for _, s := range rep.Steps {
		glyph, word := statusMark(s.Status)
		mark := paint(statusColor[s.Status], fmt.Sprintf("%s %-7s", glyph, word))
		fmt.Fprintf(w, "%s %-15s %6s  %s\n", mark, s.ID, probe.FormatDuration(s.Duration), s.Summary)
		interesting := st.verbose || (s.Status != probe.StatusOK && s.Status != probe.StatusSkipped)
		if !interesting {
			continue
		}
		for _, d := range s.Diagnostics {
			fmt.Fprintln(w, "    "+paint(severityColor(d.Severity), d.String()))
			if e, ok := assets.Explain(d.Code); ok && d.Severity > diag.Info {
				fmt.Fprintln(w, wrapIndent("why: "+e.Why, "      ", 78))
				fmt.Fprintln(w, wrapIndent("fix: "+e.Fix, "      ", 78))
			}
		}
		if st.verbose || s.Status == probe.StatusFail || s.Status == probe.StatusError {
			shown := s
			if !st.verbose {
				shown = brief(s)
			}
			for _, l := range shown.EvidenceLines() {
				fmt.Fprintln(w, "      "+l)
			}
			// The probe's own command lines, unchanged: they are quoted
			// for pasting, and the TUI and JSON show the same strings.
			if len(s.Commands) > 0 {
				fmt.Fprintln(w, "    see it yourself:")
				for _, c := range s.Commands {
					fmt.Fprintln(w, "      $ "+c)
				}
			}
		}
	}
	v := rep.Verdict
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%s %s — %s\n", bold("Verdict without a cached policy:"), paint(verdictColor(string(v.WithoutCache)), string(v.WithoutCache)), v.Reason)
	if len(v.RefusedMX) > 0 {
		fmt.Fprintf(w, "  an enforcing sender refuses: %s\n", strings.Join(v.RefusedMX, ", "))
	}
	if len(v.TLSRPTResultTypes) > 0 {
		fmt.Fprintf(w, "  TLS-RPT would report: %s\n", strings.Join(probe.Strings(v.TLSRPTResultTypes), ", "))
	}
	if v.DANE {
		fmt.Fprintln(w, "  DANE: DNSSEC-validated TLSA records exist; a DANE-aware sender uses them instead of MTA-STS (RFC 8461 §2)")
	}
	writeSenderTable(w, v.Senders, paint)
}

// writeSenderTable prints what each real sender does, one line each, but
// only when they do not all agree: agreement needs no table.
func writeSenderTable(w io.Writer, rows []probe.SenderVerdict, paint func(code, s string) string) {
	if len(rows) == 0 || !slices.ContainsFunc(rows, func(r probe.SenderVerdict) bool { return r.WithoutCache != rows[0].WithoutCache }) {
		return
	}
	fmt.Fprintln(w, "  Real senders disagree (each by its own code, probe/senders):")
	for _, r := range rows {
		out := string(r.WithoutCache)
		fmt.Fprintf(w, "    %-25s %s%s  %s\n", r.Name, paint(verdictColor(out), out), strings.Repeat(" ", max(0, 9-len(out))), r.Reason)
	}
}

func severityColor(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "1"
	case diag.Warning:
		return "3"
	}
	return "8"
}

func verdictColor(v string) string {
	switch v {
	case "enforce":
		return "2"
	case "fail-open":
		return "1"
	case "testing":
		return "3"
	}
	return ""
}

// wrapIndent word-wraps s to width columns, indenting every line and the
// continuation lines a little more.
func wrapIndent(s, indent string, width int) string {
	var b strings.Builder
	col := 0
	for i, word := range strings.Fields(s) {
		w := ansi.StringWidth(word)
		switch {
		case i == 0:
			b.WriteString(indent)
			col = len(indent)
		case col+1+w > width:
			b.WriteString("\n" + indent + "  ")
			col = len(indent) + 2
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += w
	}
	return b.String()
}

// briefTranscript bounds an SMTP transcript in the default report: the
// start (banner, EHLO) and the end (where it went wrong) tell the story.
const briefTranscript = 12

// brief keeps what explains a failing step: only the MX addresses that did
// not pass, with long transcripts cut in the middle; -v shows everything.
func brief(s probe.Step) probe.Step {
	if len(s.Hosts) == 0 {
		return s
	}
	var hosts []probe.HostResult
	for _, h := range s.Hosts {
		if h.Status == probe.StatusOK {
			continue
		}
		if n := len(h.Transcript); n > briefTranscript {
			head, tail := h.Transcript[:briefTranscript/2], h.Transcript[n-briefTranscript/2+1:]
			h.Transcript = append(append(slices.Clip(head), fmt.Sprintf("… %d more lines (-v shows them)", n-len(head)-len(tail))), tail...)
		}
		hosts = append(hosts, h)
	}
	s.Hosts = hosts
	return s
}
