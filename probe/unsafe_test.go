package probe_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/fetch"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/probe/starttls"
)

// TestDiagnosisNeverContradictsEvidence walks every lab scenario: wherever
// a certificate is reported as not naming a host, no SAN shown in the
// evidence reads as exactly that host (issue 10 item 6: a SAN of ESC[0m
// plus the right name used to show as the right name).
func TestDiagnosisNeverContradictsEvidence(t *testing.T) {
	w, scenarios, err := probetest.StartLab(probetest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	checked := 0
	for _, s := range scenarios {
		if !hasCertTwist(s) {
			continue
		}
		rep := probe.Check(context.Background(), s.Domain(), w.Options())
		if st, ok := rep.Step(probe.StepMXTLS); ok {
			for _, h := range st.Hosts {
				where := h.MX + " (" + h.Address + ")"
				mismatch := slices.ContainsFunc(st.Diagnostics, func(d diag.Diagnostic) bool {
					return d.Code == starttls.CodeCertName && strings.Contains(d.Message, where)
				})
				if !mismatch || len(h.Certificates) == 0 {
					continue
				}
				checked++
				if slices.Contains(h.Certificates[0].SANs, h.MX) {
					t.Errorf("%s: %s is reported as not named by its certificate, yet the evidence lists SAN %q", s.Name, h.MX, h.MX)
				}
			}
		}
		if st, ok := rep.Step(probe.StepPolicyFetch); ok && hasCode(st, fetch.CodeCertName) {
			checked++
			host := "mta-sts." + s.Domain()
			for _, c := range st.Evidence.Certificates {
				if slices.Contains(c.SANs, host) && len(st.Evidence.Certificates) == 1 {
					t.Errorf("%s: the policy host's certificate is reported as not naming %s, yet the evidence lists it", s.Name, host)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no scenario had a name mismatch to check")
	}
}

// TestHiddenCharactersInCertificateNamesAreShown: the MX certificate's SAN
// is ESC[0m + the MX name. The evidence shows the escape, a .unsafe finding
// says it was sent, and the mismatch is reported (RFC 8461 §4.2).
func TestHiddenCharactersInCertificateNamesAreShown(t *testing.T) {
	w := labWorld(t, 0, "hostile-cert-names")
	rep := probe.Check(context.Background(), "hostile-cert-names.test", w.Options())
	st, _ := rep.Step(probe.StepMXTLS)
	if len(st.Hosts) == 0 || len(st.Hosts[0].Certificates) == 0 {
		t.Fatalf("no certificate evidence: %+v", st)
	}
	want := `\x1b[0mmx1.hostile-cert-names.test`
	if got := st.Hosts[0].Certificates[0].SANs; !slices.Equal(got, []string{want}) {
		t.Errorf("SANs shown as %q, want %q", got, want)
	}
	if !hasCode(st, starttls.CodeCertUnsafe) || !hasCode(st, starttls.CodeCertName) {
		t.Errorf("want %s and %s, got %v", starttls.CodeCertUnsafe, starttls.CodeCertName, st.Diagnostics)
	}
	lines := strings.Join(st.EvidenceLines(), "\n")
	if strings.Contains(lines, "\x1b") || !strings.Contains(lines, want) {
		t.Errorf("evidence lines do not show the escape:\n%s", lines)
	}
	fs, _ := rep.Step(probe.StepPolicyFetch)
	if !hasCode(fs, fetch.CodeCertUnsafe) || fs.Status != probe.StatusWarn {
		t.Errorf("policy fetch: %s with %v, want warn with %s", fs.Status, fs.Diagnostics, fetch.CodeCertUnsafe)
	}
}

// hasCertTwist picks the scenarios whose certificates are not the default:
// only those can report a name mismatch.
func hasCertTwist(s probetest.Scenario) bool {
	for _, h := range s.World.Web {
		if h.Cert != "" || len(h.CertNames) > 0 {
			return true
		}
	}
	for _, h := range s.World.Mail {
		if h.Cert != "" || len(h.CertNames) > 0 {
			return true
		}
	}
	return false
}
