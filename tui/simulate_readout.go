package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// readout is the cursor's sentence for one sender: the same
// Attempt.Explain and RFC that `mtasts-doctor simulate --json` prints for
// the delivery in force at that moment.
func readout(res simulate.Result, sender string, t time.Duration) (string, bool) {
	a, ok := res.At(sender, t)
	if !ok {
		return "no delivery yet", false
	}
	text := a.Explain() + ", " + a.RFC()
	if a.Reported != "" {
		text += "; TLS-RPT: " + a.Reported
	}
	if a.At != t {
		text += " (delivery at " + clock(a.At) + ")"
	}
	return clean(text), true
}

// clock writes a moment as a person reads a calendar: "day 9 14:00".
func clock(t time.Duration) string {
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	d := t / simulate.Day
	rem := t - d*simulate.Day
	return sign + "day " + strconv.FormatInt(int64(d), 10) + " " +
		pad2(int64(rem/time.Hour)) + ":" + pad2(int64(rem%time.Hour/time.Minute))
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// maxAgeText is max_age in units and, as the policy file holds it, seconds.
func maxAgeText(d time.Duration) string {
	return simulate.FormatDuration(d) + " (" + strconv.FormatInt(int64(d/time.Second), 10) + " s)"
}

// readoutLines say what the selected sender does at the cursor.
func (s simModel) readoutLines(g simGeom, maxLines int) []string {
	if s.res == nil || s.row >= len(s.res.Senders) {
		return nil
	}
	name := s.res.Senders[s.row].Sender.Name
	text, _ := readout(*s.res, name, s.cursor)
	head := clock(s.cursor) + " — " + s.senderInfo(name).label() + ": "
	lines := wrap(head+text, g.width, 2)
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = truncate(lines[maxLines-1]+" …", g.width)
	}
	for i, l := range lines {
		if i == 0 && strings.HasPrefix(l, head) {
			lines[i] = s.st.Heading.Render(head) + l[len(head):]
			continue
		}
		lines[i] = s.st.Text.Render(l)
	}
	return lines
}

// otherReadouts are the other senders' read-outs at the same moment,
// for screens tall enough to compare them.
func (s simModel) otherReadouts(g simGeom) []string {
	if s.res == nil || g.height < 30 {
		return nil
	}
	var out []string
	for i, sr := range s.res.Senders {
		if i == s.row {
			continue
		}
		text, _ := readout(*s.res, sr.Sender.Name, s.cursor)
		out = append(out, first(s.wrapped(s.st.Muted, s.senderInfo(sr.Sender.Name).label()+": "+text, g.width, 2), 2)...)
	}
	return out
}

// simTime names a moment of the simulation: "t = 0", "t = 3d".
func simTime(d time.Duration) string {
	if d == 0 {
		return "t = 0"
	}
	return "t = " + simulate.FormatDuration(d)
}

// popLine says the population's share at the cursor.
func (s simModel) popLine(g simGeom) []string {
	if s.pop == nil {
		return nil
	}
	share := s.pop.at(s.cursor)
	if share < 0 {
		return nil
	}
	text := fmt.Sprintf("population: %.0f%% of deliveries protected then", 100*share)
	if s.popGen < s.popWant {
		text += " — updating"
	}
	// Who the population is, where it fits whole.
	who := fmt.Sprintf("(%d senders, mixed profiles, %.0f%% first contact after t = 0)", popSenders, 100*popNewShare)
	return flow([]string{s.st.Muted.Render(text), s.st.Muted.Render(who)}, " ", g.width, 1)
}
