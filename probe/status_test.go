package probe

import (
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
)

// A step's status is at least as bad as its worst finding (issue 10: a
// step showed "! warn" over an error-severity finding).
func TestStatusIsAtLeastTheWorstFinding(t *testing.T) {
	d := func(s diag.Severity) diag.List { return diag.List{{Code: "x", Severity: s}} }
	for _, tc := range []struct {
		status Status
		diags  diag.List
		want   Status
	}{
		{StatusOK, nil, StatusOK},
		{StatusOK, d(diag.Info), StatusOK},
		{StatusOK, d(diag.Warning), StatusWarn},
		{StatusOK, d(diag.Error), StatusFail},
		{StatusWarn, d(diag.Error), StatusFail},
		{StatusFail, d(diag.Warning), StatusFail},
		{StatusError, d(diag.Error), StatusError}, // could not tell stays so
		{StatusSkipped, d(diag.Info), StatusSkipped},
		{StatusSkipped, d(diag.Error), StatusFail}, // a problem found on the way is shown
	} {
		st := Step{Status: tc.status, Diagnostics: tc.diags}
		settleStatus(&st)
		if st.Status != tc.want {
			t.Errorf("%s with %v: %s, want %s", tc.status, tc.diags.Worst(), st.Status, tc.want)
		}
	}
}

// Callers write "lookup failed: " + dnsOutcomeWords; the words never
// repeat it, whatever the outcome.
func TestOutcomeWordsDoNotRepeatLookupFailed(t *testing.T) {
	for k := dnsx.KindAnswer; k <= dnsx.KindBrokenChain; k++ {
		for _, r := range []dnsx.Result{{Kind: k, Rcode: "FORMERR", Type: "TXT"}, {Kind: k, Type: "TXT"}} {
			w := dnsOutcomeWords(r)
			if w == "" || strings.Contains(w, "lookup failed") {
				t.Errorf("%v: %q", k, w)
			}
		}
	}
}
