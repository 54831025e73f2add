package tui

import (
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

func TestStepCommands(t *testing.T) {
	tests := []struct {
		name string
		step probe.Step
		want string
	}{
		{"record: RFC 8461 §3.1", probe.Step{ID: probe.StepRecord}, "dig +short TXT _mta-sts.example.com"},
		{"fetch: RFC 8461 §3.3, no redirects", probe.Step{ID: probe.StepPolicyFetch}, "curl -sv --max-redirs 0 https://mta-sts.example.com/.well-known/mta-sts.txt"},
		{"mx-tls: SNI is the MX name, RFC 8461 §7.1", probe.Step{ID: probe.StepMXTLS, Hosts: []probe.HostResult{{MX: "mx1.example.com."}}},
			"openssl s_client -starttls smtp -connect mx1.example.com:25 -servername mx1.example.com"},
		{"tls-rpt: RFC 8460 §3", probe.Step{ID: probe.StepTLSRPT}, "dig +short TXT _smtp._tls.example.com"},
		{"the probe's own commands win", probe.Step{ID: probe.StepRecord, Commands: []string{"dig TXT _mta-sts.example.com @192.0.2.53"}}, "@192.0.2.53"},
	}
	for _, tt := range tests {
		got := strings.Join(stepCommands("example.com", tt.step), "\n")
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	// An MX name from the network is never pasted into a command line.
	evil := probe.Step{ID: probe.StepMXTLS, Hosts: []probe.HostResult{{MX: "mx.example.com;rm -rf ~"}, {MX: "$(reboot).example.com"}}}
	for _, c := range stepCommands("example.com", evil) {
		if strings.ContainsAny(c, ";$`") && !strings.Contains(c, "# MX from") {
			t.Errorf("hostile MX reached a command: %q", c)
		}
	}
}
