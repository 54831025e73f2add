package probe_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
	"github.com/mtasts-doctor/mtasts-doctor/probe/starttls"
)

// The true cause of each failure, in the words the report uses (issue 10
// item 7).
func TestReportsTheTrueCause(t *testing.T) {
	w := labWorld(t, 0, "hostile-banner-endless", "record-cname-loop")
	opts := w.Options()
	opts.Timeout = time.Second

	t.Run("a 220- greeting trickled forever is a timeout on a greeting, RFC 5321 §4.2.1", func(t *testing.T) {
		rep := probe.Check(context.Background(), "hostile-banner-endless.test", opts)
		st, _ := rep.Step(probe.StepMXTLS)
		var msg string
		for _, d := range st.Diagnostics {
			if d.Code == starttls.CodeBannerTimeout {
				msg = d.Message
			}
		}
		if !strings.Contains(msg, "greeting lines (220-)") || strings.Contains(msg, "no banner") {
			t.Errorf("banner finding %q, want a timeout on a greeting that was being sent", msg)
		}
	})

	t.Run("a CNAME loop at _mta-sts is a failed lookup, RFC 1034 §3.6.2", func(t *testing.T) {
		rep := probe.Check(context.Background(), "record-cname-loop.test", opts)
		st, _ := rep.Step(probe.StepRecord)
		if st.Status != probe.StatusError || !strings.Contains(st.Summary, "loops") || strings.Contains(st.Summary, "NODATA") {
			t.Errorf("record step %s %q, want error naming the loop", st.Status, st.Summary)
		}
		if !hasCode(st, dnsx.CodeCNAMELoop) {
			t.Errorf("no %s in %v", dnsx.CodeCNAMELoop, st.Diagnostics)
		}
	})

	t.Run("a domain that does not exist says so, RFC 8020", func(t *testing.T) {
		rep := probe.Check(context.Background(), "no-such-domain.test", opts)
		st, _ := rep.Step(probe.StepRecord)
		if st.Status != probe.StatusFail || !strings.Contains(st.Summary, "no-such-domain.test does not exist") || !hasCode(st, probe.CodeDomainMissing) {
			t.Errorf("record step %s %q %v, want the domain named as missing", st.Status, st.Summary, st.Diagnostics)
		}
		if !strings.Contains(rep.Verdict.Reason, "does not exist") {
			t.Errorf("verdict reason %q", rep.Verdict.Reason)
		}
	})

	t.Run("nothing says lookup failed twice", func(t *testing.T) {
		for _, d := range []string{"record-cname-loop.test", "no-such-domain.test"} {
			rep := probe.Check(context.Background(), d, opts)
			for _, st := range rep.Steps {
				if strings.Contains(st.Summary, "lookup failed: lookup failed") {
					t.Errorf("%s %s: %q", d, st.ID, st.Summary)
				}
			}
		}
	})
}
