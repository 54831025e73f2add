package probe

import "github.com/mtasts-doctor/mtasts-doctor/probe/diag"

// settleStatus makes a finished step's status at least as bad as its worst
// finding: a step that found an error-severity problem is not "warn", one
// with a warning is not "ok", and one that skipped its judgement but still
// found a problem on the way (an MX set with no policy to compare it with,
// whose names are broken) is not "skipped". Error (the checker could not
// tell) stays as it is.
func settleStatus(st *Step) {
	worst := st.Diagnostics.Worst()
	switch {
	case st.Status == StatusSkipped && worst < diag.Warning:
	case st.Status != StatusOK && st.Status != StatusWarn && st.Status != StatusSkipped:
	case worst >= diag.Error:
		st.Status = StatusFail
	case worst >= diag.Warning:
		st.Status = StatusWarn
	}
}

// asWarnings lowers every error-severity finding of l to a warning.
func asWarnings(l diag.List) {
	for i := range l {
		if l[i].Severity > diag.Warning {
			l[i].Severity = diag.Warning
		}
	}
}

// asChoice lowers findings with code to warnings. The grammar calls a
// missing record an error (a sender finds no policy); for the walk, not
// publishing MTA-STS or TLS-RPT is a choice the domain made, which the step
// reports as a warning, and its finding must say the same.
func asChoice(l diag.List, code diag.Code) {
	for i := range l {
		if l[i].Code == code && l[i].Severity > diag.Warning {
			l[i].Severity = diag.Warning
		}
	}
}
