package probe

import (
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// recordOutcome is what later steps need from the TXT record step.
type recordOutcome struct {
	// announced: at least one record begins with "v=STSv1", so the domain
	// means to use MTA-STS (valid or not).
	announced bool
	// record is the usable record, nil when a sender would find none.
	record *policy.Record
	// temporary: the lookup failed in a way a sender retries later.
	temporary bool
	reason    string
	// rawTXT is the RRset as answered, for the senders' own readings.
	rawTXT [][]string
}

// runRecord looks up and parses "_mta-sts.D" (RFC 8461 §3.1).
func (w *walk) runRecord() {
	w.begin(StepRecord)
	nameservers := w.startNSCheck()
	start := time.Now()
	name := "_mta-sts." + w.domain
	res := w.dns.Lookup(w.ctx, name, dns.TypeTXT)
	st := Step{ID: StepRecord, Evidence: Evidence{DNS: []DNSQuery{dnsEvidence(res)}}}
	st.Diagnostics = append(st.Diagnostics, res.Diagnostics...)
	st.Commands = appendCmd(nil, w.see.dig(res, "TXT", "_mta-sts.", w.domain))
	out := &w.record

	switch {
	case res.Kind == dnsx.KindAnswer || res.Kind == dnsx.KindNXDomain || res.Kind == dnsx.KindNoData:
		out.announced = hasPrefixAny(res.RawTXT, "v=STSv1")
		out.rawTXT = res.RawTXT
		rec, diags := policy.ParseRecords(res.RawTXT)
		st.Diagnostics = append(st.Diagnostics, diags...)
		out.record = rec
		switch {
		case rec != nil:
			st.Status = StatusOK
			if diags.Worst() >= diag.Warning {
				st.Status = StatusWarn
			}
			st.Summary = summarize("v=STSv1; id=" + rec.ID)
			if len(res.CNAMEs) > 0 {
				st.Summary += " (via CNAME " + strings.Join(res.CNAMEs, " → ") + ")"
			}
		case out.announced:
			st.Status = StatusFail
			st.Summary = "a v=STSv1 record exists but senders cannot use it"
			out.reason = "the _mta-sts TXT record is unusable: " + firstError(diags)
		default:
			// No MTA-STS at all is a choice, not a fault: a warning.
			st.Status = StatusWarn
			asChoice(st.Diagnostics, policy.CodeRecordNone)
			st.Summary = "no MTA-STS record: " + dnsOutcomeWords(res)
			if res.Kind == dnsx.KindAnswer {
				st.Summary = "no TXT record there begins with v=STSv1"
			}
			out.reason = "there is no _mta-sts TXT record, so senders do not use MTA-STS for " + w.domain
			if res.Kind == dnsx.KindNXDomain && w.domainMissing(&st) {
				st.Summary = w.domain + " does not exist (NXDOMAIN)"
				out.reason = w.domain + " does not exist (NXDOMAIN): there is no mail to protect, so nothing to check"
				break
			}
			w.hintParentPolicy(&st)
		}
	default:
		out.temporary = true
		st.Status = StatusError
		st.Summary = "lookup failed: " + dnsOutcomeWords(res)
		out.reason = "the _mta-sts TXT lookup failed (" + dnsOutcomeWords(res) + ")"
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeRecordLookupFailed, diag.Error, "RFC 8461 §3.1",
			"could not look up %s: %s. A sender without a cached policy delivers without MTA-STS; one with a cached policy keeps applying it (RFC 8461 §3.3)",
			name, dnsOutcomeWords(res)))
	}
	st.Duration = time.Since(start)
	w.addSlowness(&st, st.Duration, "looking up the TXT record")
	nameservers(&st)
	w.finish(st)
}

// domainMissing asks whether the domain itself exists when _mta-sts under
// it does not: a typo or an expired registration is not "no MTA-STS
// record". It adds the finding and the evidence when the domain is gone.
func (w *walk) domainMissing(st *Step) bool {
	res := w.dns.Lookup(w.ctx, w.domain, dns.TypeSOA)
	if res.Kind != dnsx.KindNXDomain {
		return false
	}
	st.Evidence.DNS = append(st.Evidence.DNS, dnsEvidence(res))
	st.Commands = appendCmd(st.Commands, w.see.dig(res, "SOA", "", w.domain))
	st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeDomainMissing, diag.Error, "RFC 8020 §2",
		"%s itself does not exist (NXDOMAIN): check the spelling, or whether the domain's registration or delegation has lapsed", w.domain))
	return true
}

// hintParentPolicy looks for a policy at the parent domain when this one
// has none. Senders never fall back to the parent (RFC 8461 §3.4), so a
// subdomain admin who assumed the parent's policy covers them is
// unprotected; saying so is the hint RFC-NOTES §1A.1 asks for.
func (w *walk) hintParentPolicy(st *Step) {
	_, parent, ok := strings.Cut(w.domain, ".")
	if !ok || !strings.Contains(parent, ".") {
		return // the parent is a top-level domain
	}
	res := w.dns.Lookup(w.ctx, "_mta-sts."+parent, dns.TypeTXT)
	if res.Kind != dnsx.KindAnswer || !hasPrefixAny(res.RawTXT, "v=STSv1") {
		return
	}
	st.Evidence.DNS = append(st.Evidence.DNS, dnsEvidence(res))
	st.Commands = appendCmd(st.Commands, w.see.dig(res, "TXT", "_mta-sts.", parent))
	st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeParentPolicy, diag.Warning, "RFC 8461 §3.4",
		"the parent domain %s publishes MTA-STS but %s does not, and senders never fall back to the parent: mail to %s is not protected by it",
		parent, w.domain, w.domain))
}

// firstError returns the message of the first error-severity diagnostic.
func firstError(l diag.List) string {
	for _, d := range l {
		if d.Severity == diag.Error {
			return d.Message
		}
	}
	return "invalid"
}

// summarize bounds a one-line summary built from remote text.
func summarize(s string) string { return sanitize.Line(s, 120) }
