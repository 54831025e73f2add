package probetest_test

import (
	"slices"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// BenchmarkStartLab measures bringing the whole lab up and down (the issue
// wants it "well under a second"; a benchmark, not a timed test, so a busy
// machine cannot make it flake).
func BenchmarkStartLab(b *testing.B) {
	for range b.N {
		w, scenarios, err := probetest.StartLab(probetest.Config{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(scenarios)), "scenarios")
		w.Close()
	}
}

// Every scenario's records are served: the world, checked without the probe.
func TestLabServesEveryScenario(t *testing.T) {
	w, scenarios, err := probetest.StartLab(probetest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	names := map[string]bool{}
	for _, s := range scenarios {
		names[s.Name] = true
		m, err := query(t, w, "tcp", s.Domain(), dns.TypeMX)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		if len(m.Answer) == 0 {
			t.Errorf("%s: no MX", s.Name)
		}
	}
	// The scenarios issue 4 lists by name.
	for _, n := range []string{"healthy-enforce", "healthy-testing", "mode-none", "no-record", "policy-missing",
		"policy-host-nxdomain", "policy-host-refused", "policy-cert-untrusted", "policy-cert-wrong-name",
		"policy-cert-expired", "policy-redirect", "policy-server-error", "policy-wrong-content-type",
		"policy-lf-endings", "policy-invalid", "max-age-too-large", "max-age-tiny", "record-multiple",
		"record-bad-syntax", "record-cname", "mx-not-covered", "mx-wildcard", "mx-no-starttls",
		"mx-cert-expired", "mx-cert-wrong-name", "mx-unreachable", "backup-mx-broken", "tlsrpt-missing",
		"tlsrpt-invalid", "policy-slow", "policy-huge", "dane-present", "ipv6-only-policy-host"} {
		if !names[n] {
			t.Errorf("scenario %s missing", n)
		}
	}
	// The central case, by hand: TXT present, the policy URL answers 404.
	c := httpClient(w, 2*time.Second)
	defer c.CloseIdleConnections()
	resp, err := c.Get("https://mta-sts.policy-missing.test/.well-known/mta-sts.txt")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("policy-missing answered %d", resp.StatusCode)
	}
	m, err := query(t, w, "udp", "_mta-sts.policy-missing.test", dns.TypeTXT)
	if err != nil || len(m.Answer) != 1 {
		t.Fatalf("policy-missing TXT: %v %v", m, err)
	}
}

// rawWorld must use every behaviour the catalogue may name, so each is
// tested above.
func TestRawWorldCoversTheVocabulary(t *testing.T) {
	var web, mail []string
	for _, d := range rawConfig().Domains {
		for _, h := range d.Web {
			web = append(web, h.Behaviour)
		}
		for _, h := range d.Mail {
			mail = append(mail, h.Behaviour)
		}
	}
	for _, b := range probetest.WebBehaviours() {
		if b != "serve" && !slices.Contains(web, b) {
			t.Errorf("web behaviour %s untested", b)
		}
	}
	for _, b := range probetest.MailBehaviours() {
		if b != "ok" && !slices.Contains(mail, b) {
			t.Errorf("mail behaviour %s untested", b)
		}
	}
}
