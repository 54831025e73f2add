package probetest_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// TestScenariosHoldTheirExpectedOutcomes runs the real probe against every
// lab scenario and checks every step, the verdict and the listed codes:
// the catalogue verifies itself (issue 4).
func TestScenariosHoldTheirExpectedOutcomes(t *testing.T) {
	w, scenarios, err := probetest.StartLab(probetest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	opts := w.Options()
	// Above policy-slow's 4.5 s, so it is slow but answered; hostile
	// scenarios end at this deadline.
	opts.Timeout = 6 * time.Second
	for _, s := range scenarios {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			rep := probe.Check(ctx, s.Domain(), opts)
			expand := func(l []string) []string {
				out := make([]string, len(l))
				for i, v := range l {
					out[i] = strings.ReplaceAll(v, "{D}", s.Domain())
				}
				sort.Strings(out)
				return out
			}
			for _, id := range probe.StepOrder() {
				st, ok := rep.Step(id)
				if want := s.Expect.Steps[id]; !ok || st.Status != want {
					// The findings say what raised or lowered the status: a
					// rare failure under load is then diagnosable from the log.
					t.Errorf("step %s: %s (%s), want %s; findings %v", id, st.Status, st.Summary, want, st.Diagnostics)
				}
			}
			if rep.Verdict.WithoutCache != s.Expect.Verdict {
				t.Errorf("verdict %q (%s), want %q", rep.Verdict.WithoutCache, rep.Verdict.Reason, s.Expect.Verdict)
			}
			if rep.Verdict.DANE != s.Expect.DANE {
				t.Errorf("dane %v, want %v", rep.Verdict.DANE, s.Expect.DANE)
			}
			if s.Expect.RefusedMX != nil {
				if got, want := expand(rep.Verdict.RefusedMX), expand(s.Expect.RefusedMX); !slices.Equal(got, want) {
					t.Errorf("refused_mx %v, want %v", got, want)
				}
			}
			if s.Expect.ResultTypes != nil {
				if got, want := expand(strs(rep.Verdict.TLSRPTResultTypes)), expand(strs(s.Expect.ResultTypes)); !slices.Equal(got, want) {
					t.Errorf("result types %v, want %v", got, want)
				}
			}
			found := map[diag.Code]bool{}
			for _, st := range rep.Steps {
				for _, d := range st.Diagnostics {
					found[d.Code] = true
				}
			}
			for _, c := range s.Expect.Codes {
				if !found[c] {
					t.Errorf("diagnostic %s missing", c)
				}
			}
		})
	}
}

// strs turns typed values (result types) into the strings scenario files hold.
func strs[T ~string](l []T) []string {
	out := make([]string, len(l))
	for i, v := range l {
		out[i] = string(v)
	}
	return out
}
