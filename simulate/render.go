package simulate

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Glyphs for the text timeline: plain ASCII so it reads in a pipe and a
// log file.
var outcomeGlyph = [numOutcomes]byte{NoDelivery: ' ', Enforced: '#', Deferred: 'D', TestingDelivered: 't', FailOpen: '.', Exposed: '!', Bounced: 'B'}

// maxProfileLines bounds the per-profile sentences the text view prints.
const maxProfileLines = 4

// Legend explains the glyphs.
const Legend = "# enforced   D deferred (waits)   B bounced   t testing-delivered   . fail-open   ! exposed"

// Strip draws a sender's outcomes from `from` to `to` in width columns:
// each column shows the worst outcome of the deliveries in it.
func (s SenderResult) Strip(from, to time.Duration, width int) string {
	if width <= 0 || to <= from {
		return ""
	}
	cols := make([]Outcome, width)
	col := func(t time.Duration) int {
		return int(float64(t-from) / float64(to-from) * float64(width))
	}
	for _, seg := range s.Segments {
		if seg.To <= from || seg.From >= to {
			continue
		}
		a, b := max(col(seg.From), 0), min(col(seg.To-1), width-1)
		for c := a; c <= b; c++ {
			if worse(seg.Outcome, cols[c]) {
				cols[c] = seg.Outcome
			}
		}
	}
	out := make([]byte, width)
	for i, o := range cols {
		out[i] = outcomeGlyph[o]
	}
	return string(out)
}

// severity orders outcomes for display: exposure shows over everything.
var severity = [numOutcomes]int{NoDelivery: 0, Enforced: 1, TestingDelivered: 2, Deferred: 3, Bounced: 4, FailOpen: 5, Exposed: 6}

func worse(a, b Outcome) bool { return severity[a] > severity[b] }

// WriteText renders the result for a terminal or a pipe: an axis, one strip
// per sender and one for the world's outages, the changes of decision per
// sender with their explanation and RFC section, and the summary.
func (r Result) WriteText(w io.Writer, width int) error {
	if width < 20 {
		width = 60
	}
	from := time.Duration(0)
	for _, s := range r.Senders {
		from = min(from, s.Sender.Start)
	}
	to := r.Timeline.Until
	label := 0
	for _, s := range r.Senders {
		label = max(label, len(senderLabel(s)))
	}
	label = max(label, len("policy file"))
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s  %s\n", label, "", axis(from, to, width))
	for _, s := range r.Senders {
		fmt.Fprintf(&b, "%-*s  %s\n", label, senderLabel(s), s.Strip(from, to, width))
	}
	fmt.Fprintf(&b, "%-*s  %s\n", label, "policy file", r.worldStrip(from, to, width))
	fmt.Fprintf(&b, "%-*s  %s   (x policy file failing, A attacker)\n\n", label, "", Legend)
	for _, s := range r.Senders {
		fmt.Fprintf(&b, "%s:\n", senderLabel(s))
		var prev *Attempt
		for i := range s.Attempts {
			a := &s.Attempts[i]
			if prev != nil && prev.key() == a.key() {
				continue
			}
			fmt.Fprintf(&b, "  %8s  %s [%s]\n", FormatDuration(a.At), a.Explain(), a.RFC())
			prev = a
		}
		for _, m := range s.Markers {
			if m.Kind == MarkCacheExpiry {
				fmt.Fprintf(&b, "  %8s  %s\n", FormatDuration(m.At), m.Detail)
			}
		}
	}
	sum := r.Summarise()
	fmt.Fprintf(&b, "\n%s\n", sum.Sentence)
	for i, f := range sum.Profiles {
		if i == maxProfileLines {
			fmt.Fprintf(&b, "(%d more profiles: see --json)\n", len(sum.Profiles)-i)
			break
		}
		fmt.Fprintf(&b, "%s\n", f.SurvivableText)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func senderLabel(s SenderResult) string {
	return s.Sender.Name + " (" + s.Sender.Profile.Name + ")"
}

func (r Result) worldStrip(from, to time.Duration, width int) string {
	out := []byte(strings.Repeat("-", width))
	for c := range out {
		t := from + time.Duration(float64(to-from)*(float64(c)+0.5)/float64(width))
		for _, o := range r.Timeline.FileOutages {
			if within(t, o.From, o.To) {
				out[c] = 'x'
			}
		}
		for _, a := range r.Timeline.Attacks {
			if within(t, a.From, a.To) {
				out[c] = 'A'
			}
		}
	}
	return string(out)
}

// axis labels the start, t = 0 and the end.
func axis(from, to time.Duration, width int) string {
	line := []byte(strings.Repeat(" ", width))
	put := func(t time.Duration, s string) {
		c := int(float64(t-from) / float64(to-from) * float64(width))
		if c+len(s) > width {
			c = width - len(s)
		}
		if c < 0 {
			return
		}
		copy(line[c:], s)
	}
	put(from, FormatDuration(from))
	if from < 0 {
		put(0, "|0")
	}
	put(to, FormatDuration(to))
	mid := from + (to-from)/2
	if s := FormatDuration(mid.Round(time.Hour)); mid > 0 {
		put(mid, s)
	}
	return strings.TrimRight(string(line), " ")
}
