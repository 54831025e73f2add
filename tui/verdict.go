package tui

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// verdictText says in plain words what a sender with no cached policy does
// now, and what TLS-RPT would carry (RFC 8461 §3.3, §5; RFC 8460 §4.3).
//
// The first paragraph is one short sentence; the probe's Reason follows as
// its own sentence. Each thing is said once: the Reason already explains
// the mode, so the headline does not paraphrase it, and DANE is only added
// when the Reason has not named it.
func verdictText(rep *probe.Report, running bool) []string {
	if rep == nil {
		if running {
			return []string{"Waiting for the walk to finish…"}
		}
		return []string{"The walk ended without a verdict."}
	}
	v := rep.Verdict
	// The verdict word leads, so a line cut short (the compact walk has
	// one) still says it.
	var head string
	switch v.WithoutCache {
	case "enforce":
		head = "enforce — a sender with no cached policy applies the policy in full."
	case "testing":
		head = "testing — a sender with no cached policy applies the policy, reporting only."
	case "none":
		head = "none — a sender with no cached policy finds no MTA-STS policy to apply."
	case "fail-open":
		head = "fail-open — a sender with no cached policy delivers as if the domain had no MTA-STS."
	case "", probe.VerdictUnknown:
		head = "unknown — the walk could not decide what a sender does."
	default:
		head = clean(string(v.WithoutCache)) + " — what a sender with no cached policy does."
	}
	out := []string{head}
	reason := clean(v.Reason)
	if reason != "" {
		out = append(out, sentence(reason))
	}
	if len(v.RefusedMX) > 0 {
		mx := make([]string, len(v.RefusedMX))
		named := true // the reason may already name every refused MX
		for i, m := range v.RefusedMX {
			mx[i] = clean(m)
			named = named && strings.Contains(reason, mx[i])
		}
		if !named {
			out = append(out, "An enforcing sender would refuse: "+strings.Join(mx, ", ")+".")
		}
	}
	if len(v.TLSRPTResultTypes) > 0 {
		rt := make([]string, len(v.TLSRPTResultTypes))
		for i, t := range v.TLSRPTResultTypes {
			rt[i] = clean(string(t))
		}
		out = append(out, "TLS-RPT would report: "+strings.Join(rt, ", ")+".")
	} else {
		out = append(out, "TLS-RPT: no failure to report.")
	}
	if v.DANE && !strings.Contains(reason, "DANE") {
		out = append(out, "DANE: validated TLSA records exist, so a DANE-aware sender uses DANE, not MTA-STS (RFC 8461 §2).")
	}
	return append(out, senderRows(v.Senders)...)
}

// senderRows is the compact per-sender table, one line per real sender,
// shown only when the senders do not all do the same thing.
func senderRows(rows []probe.SenderVerdict) []string {
	if len(rows) == 0 || !slices.ContainsFunc(rows, func(r probe.SenderVerdict) bool { return r.WithoutCache != rows[0].WithoutCache }) {
		return nil
	}
	out := []string{"Real senders disagree:"}
	for _, r := range rows {
		out = append(out, "  "+clean(r.Name)+": "+clean(string(r.WithoutCache))+" — "+clean(r.Reason))
	}
	return out
}

// sentence starts s with a capital and ends it with a full stop.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
