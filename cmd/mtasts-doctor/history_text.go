package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/history"
)

// printDrift writes what the history adds to a report: the changes since
// the previous walk, the certificate calendar and how long senders that
// fetched at the last good walk keep the policy. walks ends with the walk
// just made (recorded) or the newest one; nil prints nothing.
func printDrift(out io.Writer, walks []history.Walk, now time.Time, recorded bool) {
	if len(walks) == 0 {
		return
	}
	cur := walks[len(walks)-1]
	fmt.Fprintln(out)
	switch {
	case len(walks) == 1 && recorded:
		fmt.Fprintf(out, "history: first recorded walk of %s\n", cur.Domain)
	case len(walks) == 1:
		fmt.Fprintf(out, "history: one walk of %s\n", cur.Domain)
	default:
		prev := walks[len(walks)-2]
		fmt.Fprintf(out, "history: walk of %s compared with the one of %s\n", cur.Time.Format("2006-01-02 15:04 UTC"), prev.Time.Format("2006-01-02 15:04 UTC"))
	}
	drift := history.Drift(walks)
	cal, calDiags := history.Calendar(cur, now)
	for _, d := range append(drift, calDiags...) {
		fmt.Fprintf(out, "  %s\n", d)
	}
	if len(drift) == 0 && len(walks) > 1 {
		fmt.Fprintln(out, "  nothing changed")
	}
	if len(cal) > 0 {
		var parts []string
		for _, e := range cal {
			parts = append(parts, fmt.Sprintf("%s %d d", e.Host, e.DaysLeft))
		}
		fmt.Fprintf(out, "  certificates (days left): %s\n", strings.Join(parts, " · "))
	}
	if until, good, ok := history.KeptUntil(walks); ok {
		fmt.Fprintf(out, "  a sender that fetched the policy at the last good walk (%s) keeps it until %s\n",
			good.Time.Format("2006-01-02 15:04 UTC"), until.Format("2006-01-02 15:04 UTC"))
	}
}

// changeMarks are the codes Drift finds at each walk, one string per walk,
// for the history timeline.
func changeMarks(walks []history.Walk) [][]diag.Diagnostic {
	out := make([][]diag.Diagnostic, len(walks))
	for i := range walks {
		out[i] = history.Drift(walks[:i+1])
	}
	return out
}
