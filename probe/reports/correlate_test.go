package reports_test

import (
	"context"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/probe/reports"
)

// TestCorrelateAgainstTheLab walks lab domains now and ties reported
// failures to them: a failure the domain still has is "still failing", the
// same failure reported for a healthy domain is "fixed".
func TestCorrelateAgainstTheLab(t *testing.T) {
	w, _, err := probetest.StartLab(probetest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	opts := w.Options()
	opts.Timeout = 3 * time.Second

	cases := []struct {
		domain, result, mx string
		step               probe.StepID
		want               reports.State
	}{
		{"policy-missing.test", "sts-policy-fetch-error", "", probe.StepPolicyFetch, reports.StillFailing},
		{"healthy-enforce.test", "sts-policy-fetch-error", "", probe.StepPolicyFetch, reports.Fixed},
		{"policy-cert-expired.test", "sts-webpki-invalid", "", probe.StepPolicyFetch, reports.StillFailing},
		{"policy-invalid.test", "sts-policy-invalid", "", probe.StepPolicy, reports.StillFailing},
		{"mx-cert-expired.test", "certificate-expired", "mx1.mx-cert-expired.test", probe.StepMXTLS, reports.StillFailing},
		{"healthy-enforce.test", "certificate-expired", "mx1.healthy-enforce.test", probe.StepMXTLS, reports.Fixed},
		{"mx-no-starttls.test", "starttls-not-supported", "", probe.StepMXTLS, reports.StillFailing},
		{"mx-cert-wrong-name.test", "certificate-host-mismatch", "mx1.mx-cert-wrong-name.test", probe.StepMXTLS, reports.StillFailing},
		{"healthy-enforce.test", "certificate-host-mismatch", "gone.healthy-enforce.test", probe.StepMXTLS, reports.Undecided},
		{"mx-not-covered.test", "validation-failure", "", probe.StepMX, reports.StillFailing},
		{"healthy-enforce.test", "validation-failure", "", probe.StepMX, reports.Fixed},
		{"healthy-enforce.test", "tls-downgrade-detected", "", "", reports.Undecided},
	}
	walks := map[string]*probe.Report{}
	var agg reports.Aggregate
	for _, c := range cases {
		if walks[c.domain] == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			rep := probe.Check(ctx, c.domain, opts)
			cancel()
			walks[c.domain] = rep
		}
		agg.Rows = append(agg.Rows, reports.Row{Domain: c.domain, Day: "2026-11-20", ResultType: c.result, ReceivingMX: c.mx, Failed: 7})
	}
	links := reports.Correlate(agg, walks)
	if len(links) != len(cases) {
		t.Fatalf("%d links for %d cases", len(links), len(cases))
	}
	for _, c := range cases {
		found := false
		for _, l := range links {
			if l.Domain != c.domain || l.ResultType != c.result || l.ReceivingMX != c.mx {
				continue
			}
			found = true
			if l.Step != c.step || l.State != c.want || l.Sessions != 7 {
				t.Errorf("%s %s %s: step %q state %s (%s), want step %q state %s", c.domain, c.result, c.mx, l.Step, l.State, l.Now, c.step, c.want)
			}
			if l.Now == "" {
				t.Errorf("%s %s: no sentence saying what the walk shows now", c.domain, c.result)
			}
		}
		if !found {
			t.Errorf("no link for %+v", c)
		}
	}
	// Without a walk nothing is claimed.
	for _, l := range reports.Correlate(agg, nil) {
		if l.State != reports.Undecided {
			t.Errorf("%+v judged without a walk", l)
		}
	}
}
