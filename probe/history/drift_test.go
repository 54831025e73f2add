package history

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

const (
	policyV1 = "version: STSv1\r\nmode: enforce\r\nmx: mx1.{D}\r\nmax_age: 604800\r\n"
	policyV2 = "version: STSv1\r\nmode: enforce\r\nmx: mx1.{D}\r\nmx: backup.{D}\r\nmax_age: 604800\r\n"
	policyV3 = "version: STSv1\r\nmode: enforce\r\nmx: mx1.{D}\r\nmx: backup.{D}\r\nmax_age: 86400\r\n"
)

func codes(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, string(d.Code)+"/"+d.Severity.String())
	}
	return out
}

// TestDriftAlongAChangingDomain walks one fake domain through the changes
// the history exists to catch, recording each walk, and checks the
// findings of each step — the codes and their severities.
func TestDriftAlongAChangingDomain(t *testing.T) {
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{{
		Name: "drift.test",
		Zone: []string{`_mta-sts TXT "v=STSv1; id=1"`, "@ MX 10 mx1"},
		Web:  []probetest.WebHost{{Host: "mta-sts", Body: policyV1}},
		Mail: []probetest.MailHost{{Host: "mx1"}, {Host: "backup"}},
	}}})
	s := openT(t, t.TempDir(), Options{})
	ctx := context.Background()
	opts := w.Options()
	opts.NoSMTP = true
	step := func(name string, change func(d *probetest.Domain), want ...string) diag.List {
		t.Helper()
		if change != nil {
			if err := w.Change("drift.test", change); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Record(ctx, probe.Check(ctx, "drift.test", opts)); err != nil {
			t.Fatal(err)
		}
		walks, err := s.Walks(ctx, "drift.test", 0)
		if err != nil {
			t.Fatal(err)
		}
		got := Drift(walks)
		if !slices.Equal(codes(got), want) {
			t.Errorf("%s: findings %v, want %v\n%v", name, codes(got), want, got)
		}
		return got
	}
	step("first walk", nil)
	step("nothing changed", nil)
	got := step("policy edited, id kept", func(d *probetest.Domain) { d.Web[0].Body = policyV2 },
		"history.policy_changed_same_id/error")
	if !strings.Contains(got[0].Message, `"1"`) {
		t.Errorf("message does not name the id: %s", got[0].Message)
	}
	step("id bumped, same policy", func(d *probetest.Domain) { d.Zone[0] = `_mta-sts TXT "v=STSv1; id=2"` },
		"history.id_changed_same_policy/info")
	step("covered MX added", func(d *probetest.Domain) { d.Zone = append(d.Zone, "@ MX 20 backup") },
		"history.mx_changed/info")
	step("uncovered MX added", func(d *probetest.Domain) { d.Zone = append(d.Zone, "@ MX 30 rogue") },
		"history.mx_changed/error")
	got = step("max_age lowered", func(d *probetest.Domain) {
		d.Zone = []string{`_mta-sts TXT "v=STSv1; id=3"`, "@ MX 10 mx1", "@ MX 20 backup"}
		d.Web[0].Body = policyV3
	}, "history.mx_changed/info", "history.max_age_lowered/warning")
	walks, _ := s.Walks(ctx, "drift.test", 0)
	var binding Walk
	for _, wk := range walks {
		if wk.MaxAge == 604800 {
			binding = wk // the last walk that saw the week-long max_age
		}
	}
	if want := binding.Time.Add(7 * 24 * time.Hour).Format(dateFormat); !strings.Contains(got[1].Message, want) {
		t.Errorf("max_age_lowered does not give %s: %s", want, got[1].Message)
	}
	got = step("policy host gone", func(d *probetest.Domain) { d.Web[0].Status = 404 },
		"history.verdict_changed/warning", "history.policy_unreachable_since/error")
	first := got[1].Message
	got = step("still gone", nil, "history.policy_unreachable_since/error")
	if got[0].Message != first {
		t.Errorf("the standing finding changed its words:\n%s\n%s", first, got[0].Message)
	}
	step("back", func(d *probetest.Domain) { d.Web[0].Status = 0 }, "history.verdict_changed/info")
}

func TestCalendarThresholds(t *testing.T) {
	exp := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	w := Walk{Certs: []Cert{{Role: RoleMX, Host: "mx1.a.test", NotAfter: exp}, {Role: RolePolicyHost, Host: "mta-sts.a.test", NotAfter: exp.Add(-20 * 24 * time.Hour)}}}
	for _, c := range []struct {
		daysBefore int
		want       []string
	}{
		{60, nil},
		{21, []string{"history.cert_expires_soon/warning"}},
		{7, []string{"history.cert_expires_imminent/error"}},
		{-1, nil}, // expired: the walk itself says so
	} {
		_, d := Calendar(Walk{Certs: w.Certs[:1]}, exp.Add(-time.Duration(c.daysBefore)*24*time.Hour))
		if !slices.Equal(codes(d), c.want) {
			t.Errorf("%d days before: %v, want %v", c.daysBefore, codes(d), c.want)
		}
	}
	cal, _ := Calendar(w, exp.Add(-90*24*time.Hour))
	if len(cal) != 2 || cal[0].Role != RolePolicyHost || cal[0].DaysLeft != 70 || cal[1].DaysLeft != 90 {
		t.Errorf("calendar %+v", cal)
	}
}

// TestRealWalkRecordsCertificates: a walk with the SMTP probe records the
// policy host's and the MX's certificate expiry.
func TestRealWalkRecordsCertificates(t *testing.T) {
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{{
		Name: "certs.test",
		Zone: []string{`_mta-sts TXT "v=STSv1; id=1"`, "@ MX 10 mx1"},
		Web:  []probetest.WebHost{{Host: "mta-sts", Body: policyV1}},
		Mail: []probetest.MailHost{{Host: "mx1"}},
	}}})
	wk := FromReport(probe.Check(context.Background(), "certs.test", w.Options()))
	roles := map[string]string{}
	for _, c := range wk.Certs {
		roles[c.Role] = c.Host
		if c.NotAfter.Before(time.Now()) {
			t.Errorf("%s expires in the past: %v", c.Host, c.NotAfter)
		}
	}
	if roles[RolePolicyHost] != "mta-sts.certs.test" || roles[RoleMX] != "mx1.certs.test" {
		t.Errorf("certs %+v", wk.Certs)
	}
	if wk.RecordTTL != 300 {
		t.Errorf("TTL %d", wk.RecordTTL)
	}
}
