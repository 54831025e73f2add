package tui

import (
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// stepCommands returns the shell commands an admin can run to see what a
// step saw: the probe's own when it gave any, otherwise derived from the
// domain. Only names that read back unchanged as domains are put into a command line, so
// nothing from the network can smuggle shell syntax into text an admin may
// copy.
func stepCommands(domain string, s probe.Step) []string {
	if len(s.Commands) > 0 {
		out := make([]string, 0, len(s.Commands))
		for _, c := range s.Commands {
			out = append(out, clean(c))
		}
		return out
	}
	if t, err := parseInput(domain); err != nil || t.ascii != domain {
		return nil
	}
	policyURL := "https://mta-sts." + domain + "/.well-known/mta-sts.txt"
	switch s.ID {
	case probe.StepRecord:
		return []string{"dig +short TXT _mta-sts." + domain}
	case probe.StepPolicyHost:
		return []string{"dig +short A mta-sts." + domain, "dig +short AAAA mta-sts." + domain}
	case probe.StepPolicyFetch:
		return []string{
			"curl -sv --max-redirs 0 " + policyURL,
			"openssl s_client -connect mta-sts." + domain + ":443 -servername mta-sts." + domain + " </dev/null",
		}
	case probe.StepPolicy:
		return []string{"curl -s " + policyURL}
	case probe.StepMX:
		return []string{"dig +short MX " + domain}
	case probe.StepMXTLS:
		var out []string
		for _, mx := range mxHosts(s) {
			out = append(out, "openssl s_client -starttls smtp -connect "+mx+":25 -servername "+mx+" -verify_return_error </dev/null")
		}
		if len(out) == 0 {
			out = append(out, "openssl s_client -starttls smtp -connect MX:25 -servername MX </dev/null   # MX from: dig +short MX "+domain)
		}
		return out
	case probe.StepTLSRPT:
		return []string{"dig +short TXT _smtp._tls." + domain}
	case probe.StepDANE:
		var out []string
		for _, mx := range mxHosts(s) {
			out = append(out, "dig +dnssec TLSA _25._tcp."+mx)
		}
		if len(out) == 0 {
			out = append(out, "dig +dnssec TLSA _25._tcp.MX   # MX from: dig +short MX "+domain)
		}
		return out
	}
	return nil
}

// mxHosts lists the distinct MX names of a step's host results that are
// valid domain names.
func mxHosts(s probe.Step) []string {
	var out []string
	seen := map[string]bool{}
	for _, h := range s.Hosts {
		name := strings.ToLower(strings.TrimSuffix(h.MX, "."))
		t, err := parseInput(name)
		if err != nil || t.ascii != name || seen[t.ascii] {
			continue
		}
		seen[t.ascii] = true
		out = append(out, t.ascii)
	}
	return out
}
