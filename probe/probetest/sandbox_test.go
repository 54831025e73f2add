package probetest_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// TestSandboxChanges: every change a learner can make is seen by a walk the
// way a sender would meet it, and undo brings the healthy domain back.
func TestSandboxChanges(t *testing.T) {
	w := probetest.New(t, probetest.Config{})
	sb, err := probetest.NewSandbox(w)
	if err != nil {
		t.Fatal(err)
	}
	opts := w.Options()
	opts.Timeout = 3 * time.Second
	walk := func() *probe.Report {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		return probe.Check(ctx, probetest.SandboxDomain, opts)
	}
	status := func(r *probe.Report, id probe.StepID) probe.Status {
		st, _ := r.Step(id)
		return st.Status
	}
	if r := walk(); r.Verdict.WithoutCache != probe.VerdictEnforce || r.Failed() {
		t.Fatalf("the sandbox does not start healthy: %s, %s", r.Verdict.WithoutCache, r.Verdict.Reason)
	}
	cases := []struct {
		change string
		check  func(t *testing.T, r *probe.Report)
	}{
		{"policy-404", func(t *testing.T, r *probe.Report) {
			if status(r, probe.StepPolicyFetch) != probe.StatusFail || !slices.Contains(r.Verdict.TLSRPTResultTypes, "sts-policy-fetch-error") {
				t.Errorf("policy-fetch %s, types %v", status(r, probe.StepPolicyFetch), r.Verdict.TLSRPTResultTypes)
			}
		}},
		{"wrong-type", func(t *testing.T, r *probe.Report) {
			if status(r, probe.StepPolicyFetch) == probe.StatusOK {
				t.Error("text/html policy fetched without a finding")
			}
		}},
		{"policy-cert", func(t *testing.T, r *probe.Report) {
			if !slices.Contains(r.Verdict.TLSRPTResultTypes, "sts-webpki-invalid") {
				t.Errorf("expired policy certificate: types %v", r.Verdict.TLSRPTResultTypes)
			}
		}},
		{"mx-cert", func(t *testing.T, r *probe.Report) {
			if !slices.Contains(r.Verdict.TLSRPTResultTypes, "certificate-expired") {
				t.Errorf("expired MX certificate: types %v", r.Verdict.TLSRPTResultTypes)
			}
		}},
		{"bump-id", func(t *testing.T, r *probe.Report) {
			if r.Record == nil || r.Record.ID != "2" {
				t.Errorf("record %+v, want id 2", r.Record)
			}
		}},
		{"max-age", func(t *testing.T, r *probe.Report) {
			if r.Policy == nil || r.Policy.MaxAge != 1296000 {
				t.Errorf("policy %+v, want max_age 1296000", r.Policy)
			}
		}},
		{"mode", func(t *testing.T, r *probe.Report) {
			if r.Verdict.WithoutCache != probe.VerdictTesting {
				t.Errorf("verdict %s, want testing", r.Verdict.WithoutCache)
			}
		}},
		{"backup-mx", func(t *testing.T, r *probe.Report) {
			if !slices.Contains(r.Verdict.RefusedMX, probetest.SandboxBackupMX) {
				t.Errorf("refused %v, want the unlisted %s", r.Verdict.RefusedMX, probetest.SandboxBackupMX)
			}
		}},
		{"strip-tls", func(t *testing.T, r *probe.Report) {
			if !slices.Contains(r.Verdict.TLSRPTResultTypes, "starttls-not-supported") {
				t.Errorf("stripped STARTTLS: types %v", r.Verdict.TLSRPTResultTypes)
			}
		}},
		{"remove-txt", func(t *testing.T, r *probe.Report) {
			if r.Verdict.WithoutCache != probe.VerdictNone {
				t.Errorf("verdict %s, want none", r.Verdict.WithoutCache)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.change, func(t *testing.T) {
			if _, err := sb.Apply(c.change); err != nil {
				t.Fatal(err)
			}
			c.check(t, walk())
			if _, ok, err := sb.Undo(); !ok || err != nil {
				t.Fatalf("undo: %v %v", ok, err)
			}
			if sb.State() != probetest.DefaultSandbox() {
				t.Fatalf("undo left %+v", sb.State())
			}
		})
	}
	if r := walk(); r.Verdict.WithoutCache != probe.VerdictEnforce || r.Failed() {
		t.Errorf("after every undo: %s, %s", r.Verdict.WithoutCache, r.Verdict.Reason)
	}
	if _, err := sb.Apply("no-such-change"); err == nil {
		t.Error("an unknown change was accepted")
	}
}
