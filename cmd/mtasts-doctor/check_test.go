package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// reportJSON is the documented --json shape of check.
type reportJSON struct {
	Domain string `json:"domain"`
	Steps  []struct {
		ID          string          `json:"id"`
		Status      string          `json:"status"`
		DurationMS  *int64          `json:"duration_ms"`
		Summary     string          `json:"summary"`
		Evidence    json.RawMessage `json:"evidence"`
		Diagnostics []struct {
			Code, Severity, RFC string
		} `json:"diagnostics"`
		Hosts []json.RawMessage `json:"hosts"`
	} `json:"steps"`
	Verdict struct {
		WithoutCache      string   `json:"without_cache"`
		Reason            string   `json:"reason"`
		RefusedMX         []string `json:"refused_mx"`
		TLSRPTResultTypes []string `json:"tlsrpt_result_types"`
	} `json:"verdict"`
}

func TestCheckLabJSON(t *testing.T) {
	code, out, errOut := runLint(t, "", "check", "--lab", "--json", "policy-missing", "mx-cert-expired.test", "healthy-enforce")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a step failed); stderr %s", code, errOut)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	want := map[string]string{"policy-missing.test": "fail-open", "mx-cert-expired.test": "enforce", "healthy-enforce.test": "enforce"}
	n := 0
	for dec.More() {
		var r reportJSON
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		n++
		if got := r.Verdict.WithoutCache; got != want[r.Domain] {
			t.Errorf("%s: verdict %q, want %q", r.Domain, got, want[r.Domain])
		}
		if len(r.Steps) != 9 || r.Steps[0].ID != "mta-sts-record" || r.Steps[0].DurationMS == nil {
			t.Errorf("%s: steps not in the documented shape: %+v", r.Domain, r.Steps)
		}
		if r.Verdict.RefusedMX == nil || r.Verdict.TLSRPTResultTypes == nil {
			t.Errorf("%s: refused_mx and tlsrpt_result_types must be arrays, never null", r.Domain)
		}
		switch r.Domain {
		case "policy-missing.test":
			if strings.Join(r.Verdict.TLSRPTResultTypes, ",") != "sts-policy-fetch-error" {
				t.Errorf("policy-missing: result types %v", r.Verdict.TLSRPTResultTypes)
			}
		case "mx-cert-expired.test":
			if len(r.Verdict.RefusedMX) != 1 || strings.Join(r.Verdict.TLSRPTResultTypes, ",") != "certificate-expired" {
				t.Errorf("mx-cert-expired: refused %v, types %v", r.Verdict.RefusedMX, r.Verdict.TLSRPTResultTypes)
			}
			if len(r.Steps[5].Hosts) == 0 {
				t.Error("mx-cert-expired: mx-tls step has no hosts")
			}
		}
	}
	if n != 3 {
		t.Fatalf("got %d JSON reports, want 3", n)
	}
}

func TestCheckExitStatus(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		say  string
	}{
		{"healthy domain", []string{"check", "--lab", "healthy-enforce"}, 0, "Verdict without a cached policy: enforce"},
		{"fail-open domain", []string{"check", "--lab", "policy-missing"}, 1, "fail-open"},
		{"not a domain", []string{"check", "not a domain"}, 2, "not a domain name"},
		{"an IP address", []string{"check", "192.0.2.1"}, 2, "IP address"},
		{"zero timeout", []string{"check", "--timeout", "0s", "example.com"}, 2, "--timeout"},
		{"unreadable CA file", []string{"check", "--ca-file", "/nonexistent/ca.pem", "example.com"}, 2, "--ca-file"},
		{"no domain", []string{"check"}, 2, "arg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runLint(t, "", tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
			if !strings.Contains(out+errOut, tc.say) {
				t.Fatalf("output lacks %q:\n%s%s", tc.say, out, errOut)
			}
			if strings.ContainsRune(out, '\x1b') {
				t.Fatal("escape sequences in output that is not a terminal")
			}
		})
	}
}
