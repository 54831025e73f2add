package tui

import (
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// verdictText says in plain words what a sender with no cached policy does
// now, and what TLS-RPT would carry (RFC 8461 §3.3, §5; RFC 8460 §4.3).
func verdictText(rep *probe.Report, running bool) []string {
	if rep == nil {
		if running {
			return []string{"Waiting for the walk to finish…"}
		}
		return []string{"The walk ended without a verdict."}
	}
	v := rep.Verdict
	var what string
	switch v.WithoutCache {
	case "enforce":
		what = "enforces the policy: it delivers only over validated TLS to MX hosts the policy lists"
	case "testing":
		what = "delivers as usual (mode testing) and only reports TLS failures"
	case "none":
		what = "treats the domain as having no MTA-STS policy (mode none)"
	case "fail-open":
		what = "delivers fail-open, as if the domain had no MTA-STS"
	case "":
		what = "— the walk could not decide"
	default:
		what = "does: " + clean(v.WithoutCache)
	}
	first := "A sender with no cached policy " + what
	if r := clean(v.Reason); r != "" {
		first += ": " + r
	}
	if !strings.HasSuffix(first, ".") {
		first += "."
	}
	out := []string{first}
	if len(v.RefusedMX) > 0 {
		mx := make([]string, len(v.RefusedMX))
		for i, m := range v.RefusedMX {
			mx[i] = clean(m)
		}
		out = append(out, "An enforcing sender would refuse: "+strings.Join(mx, ", ")+".")
	}
	if len(v.TLSRPTResultTypes) > 0 {
		rt := make([]string, len(v.TLSRPTResultTypes))
		for i, t := range v.TLSRPTResultTypes {
			rt[i] = clean(t)
		}
		out = append(out, "TLS-RPT would report: "+strings.Join(rt, ", ")+".")
	} else {
		out = append(out, "TLS-RPT: no failure to report.")
	}
	if v.DANE {
		out = append(out, "DANE: validated TLSA records exist, so a DANE-aware sender uses DANE, not MTA-STS (RFC 8461 §2).")
	}
	return out
}
