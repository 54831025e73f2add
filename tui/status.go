package tui

import (
	"time"

	"charm.land/lipgloss/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// statusMark returns the glyph and word for a status, and the style both
// are drawn in. The word makes the status readable without colour.
func (s *Styles) statusMark(st probe.Status) (glyph, word string, style lipgloss.Style) {
	switch st {
	case probe.StatusOK:
		return "✓", "ok", s.OK
	case probe.StatusWarn:
		return "!", "warn", s.Warn
	case probe.StatusFail:
		return "✗", "FAIL", s.Fail
	case probe.StatusSkipped:
		return "–", "skipped", s.Skipped
	case probe.StatusError:
		return "?", "error", s.Error
	case probe.StatusRunning:
		return "…", "running", s.Running
	}
	return "·", "pending", s.Muted
}

// severityMark is statusMark for a diagnostic.
func (s *Styles) severityMark(sev diag.Severity) (string, lipgloss.Style) {
	switch sev {
	case diag.Error:
		return "✗", s.Fail
	case diag.Warning:
		return "!", s.Warn
	}
	return "i", s.Muted
}

// elapsed formats a step's time the way the list shows it; zero shows
// nothing.
func elapsed(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return probe.FormatDuration(d)
}

// stepElapsed is a finished step's duration, or for a running step the
// time since it started by the injected clock.
func stepElapsed(st probe.Step, now time.Time) time.Duration {
	if st.Status.Done() {
		return st.Duration
	}
	if st.Status == probe.StatusRunning && !st.Started.IsZero() && now.After(st.Started) {
		return now.Sub(st.Started)
	}
	return 0
}
