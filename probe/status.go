package probe

import "github.com/mtasts-doctor/mtasts-doctor/probe/diag"

// settleStatus makes a finished step's status at least as bad as its worst
// finding: a step that found an error-severity problem is not "warn", and
// one with a warning is not "ok". Skipped and error (the checker could not
// tell) stay as they are: they already say the step did not judge.
func settleStatus(st *Step) {
	worst := st.Diagnostics.Worst()
	switch {
	case st.Status != StatusOK && st.Status != StatusWarn:
	case worst >= diag.Error:
		st.Status = StatusFail
	case worst >= diag.Warning:
		st.Status = StatusWarn
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
