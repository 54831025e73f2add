package probe

import (
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

type tlsrptOutcome struct {
	record *policy.TLSRPT
}

// runTLSRPT looks up and parses "_smtp._tls.D" (RFC 8460 §3). Without it
// nobody hears about failed deliveries: TLS-RPT is MTA-STS's alarm.
func (w *walk) runTLSRPT() {
	w.begin(StepTLSRPT)
	start := time.Now()
	name := "_smtp._tls." + w.domain
	res := w.dns.Lookup(w.ctx, name, dns.TypeTXT)
	st := Step{ID: StepTLSRPT, Evidence: Evidence{DNS: []DNSQuery{dnsEvidence(res)}}}
	st.Diagnostics = append(st.Diagnostics, res.Diagnostics...)
	st.Commands = appendCmd(nil, w.see.dig(res, "TXT", "_smtp._tls.", w.domain))
	switch {
	case res.Kind == dnsx.KindAnswer || res.Kind == dnsx.KindNXDomain || res.Kind == dnsx.KindNoData:
		rec, diags := policy.ParseTLSRPTRecords(res.RawTXT)
		st.Diagnostics = append(st.Diagnostics, diags...)
		w.tlsrpt.record = rec
		switch {
		case rec != nil:
			st.Status = StatusOK
			if diags.Worst() >= diag.Warning {
				st.Status = StatusWarn
			}
			st.Summary = summarize("reports go to " + strings.Join(rec.RUA, ", "))
		case hasPrefixAny(res.RawTXT, "v=TLSRPTv1"):
			st.Status = StatusFail
			st.Summary = "a v=TLSRPTv1 record exists but senders cannot use it: " + firstError(diags)
		default:
			st.Status = StatusWarn
			asChoice(st.Diagnostics, policy.CodeTLSRPTNone)
			st.Summary = "no TLS-RPT record: failures go unreported"
			w.hintOldTLSRPTName(&st)
		}
	default:
		st.Status = StatusError
		st.Summary = "lookup failed: " + dnsOutcomeWords(res)
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeTLSRPTLookupFailed, diag.Error, "RFC 8460 §3",
			"could not look up %s: %s", name, dnsOutcomeWords(res)))
	}
	st.Duration = time.Since(start)
	w.finish(st)
}

// hintOldTLSRPTName looks for the record at "_smtp-tlsrpt.D", where drafts
// of RFC 8460 put it; senders only look at "_smtp._tls.D" (RFC 8460 §3).
func (w *walk) hintOldTLSRPTName(st *Step) {
	old := "_smtp-tlsrpt." + w.domain
	res := w.dns.Lookup(w.ctx, old, dns.TypeTXT)
	if res.Kind != dnsx.KindAnswer || !hasPrefixAny(res.RawTXT, "v=TLSRPTv1") {
		return
	}
	st.Evidence.DNS = append(st.Evidence.DNS, dnsEvidence(res))
	st.Commands = appendCmd(st.Commands, w.see.dig(res, "TXT", "_smtp-tlsrpt.", w.domain))
	st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeTLSRPTOldName, diag.Warning, "RFC 8460 §3",
		"a TLS-RPT record is published at %s, the name used by drafts of RFC 8460; senders only look at _smtp._tls.%s", old, w.domain))
}

func hasPrefixAny(records [][]string, prefix string) bool {
	for _, strs := range records {
		if strings.HasPrefix(strings.Join(strs, ""), prefix) {
			return true
		}
	}
	return false
}
