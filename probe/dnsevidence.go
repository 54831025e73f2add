package probe

import (
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
)

// dnsEvidence turns a lookup into the evidence the report shows.
func dnsEvidence(r dnsx.Result) DNSQuery {
	return DNSQuery{
		Name:    strings.TrimSuffix(r.Name, "."),
		Type:    r.Type,
		Server:  r.Server,
		Rcode:   r.Rcode,
		AD:      r.AD,
		CNAMEs:  r.CNAMEs,
		Answers: r.Answers,
		Error:   r.Error,
		RTT:     r.RTT,
	}
}

// dnsOutcomeWords says in a few words how a lookup that found nothing
// ended, for step summaries.
func dnsOutcomeWords(r dnsx.Result) string {
	switch r.Kind {
	case dnsx.KindNXDomain:
		return "the name does not exist (NXDOMAIN)"
	case dnsx.KindNoData:
		return "the name exists but has no " + r.Type + " record (NODATA)"
	case dnsx.KindTimeout:
		return "no answer from the resolver (timeout)"
	case dnsx.KindServFail:
		return "the resolver answered SERVFAIL"
	case dnsx.KindCanceled:
		return "canceled"
	}
	if r.Error != "" {
		return r.Error
	}
	// Callers say "lookup failed: " themselves; this says how.
	if r.Rcode != "" {
		return "the resolver answered " + r.Rcode
	}
	return "no usable answer"
}
