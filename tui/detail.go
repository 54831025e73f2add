package tui

import (
	"fmt"
	"slices"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// Bounds on what one step's detail shows, so a hostile peer cannot make
// the viewport enormous.
const maxEvidenceLines = 400

// stepDetail renders everything the detail pane shows for one step, as
// lines no wider than width. verdict, given for the verdict step, is the
// whole verdict: the panel beside the steps may have to cut it short.
// cmdSel is the selected command, marked; cmdStarts are the lines each
// command starts on.
func stepDetail(st *Styles, domain string, s probe.Step, now time.Time, width int, verdict []string, cmdSel int) (out []string, cmdStarts []int) {
	add := func(style func(...string) string, text string, indent int) {
		for _, l := range wrap(text, width, indent) {
			out = append(out, style(l))
		}
	}
	plain := st.Text.Render
	info, _ := assets.StepInfo(string(s.ID))
	// The step's name is not repeated: the pane's heading (or, compact,
	// the strip line) already says it. The status leads instead.
	glyph, word, sty := st.statusMark(s.Status)
	head := sty.Render(glyph + " " + word)
	if e := elapsed(stepElapsed(s, now)); e != "" {
		head += st.Muted.Render("  " + e)
	}
	out = append(out, truncate(head, width))
	if sum := clean(s.Summary); sum != "" {
		add(plain, sum, 0)
	}
	if len(verdict) > 0 {
		out = append(out, "", st.Heading.Render("What senders do now"))
		for _, para := range verdict {
			add(plain, para, 2)
		}
	}
	switch s.Status {
	case probe.StatusPending:
		add(st.Muted.Render, "Not started yet.", 0)
	case probe.StatusRunning:
		add(st.Muted.Render, "Running…", 0)
	}

	if len(s.Diagnostics) > 0 {
		out = append(out, "", st.Heading.Render("Findings"))
		for _, d := range s.Diagnostics {
			g, dsty := st.severityMark(d.Severity)
			line := g + " " + d.Severity.String() + " " + clean(string(d.Code))
			if p := position(d); p != "" {
				line = g + " " + p + " " + d.Severity.String() + " " + clean(string(d.Code))
			}
			if d.RFC != "" {
				line += " (" + clean(d.RFC) + ")"
			}
			add(dsty.Render, line, 2)
			if msg := clean(d.Message); msg != "" {
				add(plain, "  "+msg, 2)
			}
			if e, ok := assets.Explain(d.Code); ok {
				add(plain, "  Why: "+e.Why, 4)
				add(plain, "  Fix: "+e.Fix, 4)
				if e.RFC != "" && e.RFC != d.RFC {
					add(st.Muted.Render, "  See "+e.RFC, 4)
				}
			}
		}
	}

	// The policy body is drawn apart, numbered, with the findings' lines
	// marked; the rest of the evidence as the probe words it.
	body := s.Evidence.Body
	s.Evidence.Body = ""
	if ev := evidenceLines(s); len(ev) > 0 {
		out = append(out, "", st.Heading.Render("Evidence"))
		for _, l := range ev {
			for _, w := range wrap(l, width, 4) {
				out = append(out, markUnsafe(st, plain(w)))
			}
		}
	}
	if body != "" {
		out = append(out, "", titleLine(st.Heading.Render("Policy file as served"), width, st.Muted.Render("  line numbers as in the findings")))
		out = append(out, bodyLines(st, body, s.Diagnostics, width)...)
	}

	// The probe builds and quotes these (probe/commands.go); the TUI shows
	// the very strings the plain and JSON reports carry.
	if cmds := stepCommands(s); len(cmds) > 0 {
		out = append(out, "", titleLine(st.Heading.Render("See it yourself"), width,
			st.Muted.Render("  y copies the marked one · c marks the next"), st.Muted.Render("  y copies")))
		for i, c := range cmds {
			mark := "  "
			if i == cmdSel {
				mark = "› "
			}
			cmdStarts = append(cmdStarts, len(out))
			// Never wrapped: a long command goes on with " \", which a
			// shell reads as one line when pasted.
			for j, l := range continued("$ "+c, width-2) {
				if j == 0 {
					out = append(out, st.Key.Render(mark)+st.Command.Render(l))
				} else {
					out = append(out, "  "+st.Command.Render(l))
				}
			}
		}
	}

	if info.Does != "" {
		out = append(out, "", st.Heading.Render("What a sender does here"))
		add(plain, info.Does, 0)
		add(plain, "Why it matters: "+info.Why+" ("+info.RFC+")", 0)
	}
	return out, cmdStarts
}

// evidenceLines is the probe's shared evidence text, cleaned again and
// bounded so a hostile peer cannot make the viewport enormous.
func evidenceLines(s probe.Step) []string {
	// The MX hosts that fail come first: a broken backup MX must not sit
	// under the primary's whole SMTP transcript. A copy is sorted, since
	// the step's slice is shared with the report.
	s.Hosts = slices.Clone(s.Hosts)
	slices.SortStableFunc(s.Hosts, func(a, b probe.HostResult) int { return hostRank(a.Status) - hostRank(b.Status) })
	lines := s.EvidenceLines()
	if len(lines) > maxEvidenceLines {
		n := len(lines) - maxEvidenceLines
		lines = append(lines[:maxEvidenceLines:maxEvidenceLines], fmt.Sprintf("… %d more lines (save the JSON report with s to see them)", n))
	}
	for i, l := range lines {
		lines[i] = sanitize.Line(l, maxField)
	}
	return lines
}

// hostRank orders hosts by how much an admin needs to see them.
func hostRank(st probe.Status) int {
	switch st {
	case probe.StatusFail:
		return 0
	case probe.StatusError:
		return 1
	case probe.StatusWarn:
		return 2
	}
	return 3
}

// stepCommands are the step's "see it yourself" commands as the probe
// built them. They are printable by construction, so sanitising only
// guards the terminal against a Step that did not come from the probe; it
// never cuts them (clean would, at maxField), since a command shown or
// copied must be the one the plain and JSON reports carry.
func stepCommands(s probe.Step) []string {
	out := make([]string, 0, len(s.Commands))
	for _, c := range s.Commands {
		out = append(out, sanitize.Line(c, 0))
	}
	return out
}
