package probe

import (
	"fmt"
	"sync"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
)

type daneOutcome struct {
	// validated lists MX hosts with DNSSEC-validated TLSA records.
	validated []string
}

// runDANE looks up TLSA at "_25._tcp.MX" for every MX host (RFC 7672 §2.2).
// Where DNSSEC-validated TLSA records exist, a DANE-aware sender uses them
// and MTA-STS must not override a DANE failure (RFC 8461 §2).
func (w *walk) runDANE() {
	w.begin(StepDANE)
	start := time.Now()
	st := Step{ID: StepDANE}
	results := make([]dnsx.Result, len(w.mx.probed))
	var wg sync.WaitGroup
	for i, h := range w.mx.probed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = w.dns.Lookup(w.ctx, "_25._tcp."+h, dns.TypeTLSA)
		}()
	}
	wg.Wait()
	var unvalidated, failed []string
	var failedRes []dnsx.Result
	for i, res := range results {
		h := w.mx.probed[i]
		st.Evidence.DNS = append(st.Evidence.DNS, dnsEvidence(res))
		st.Commands = appendCmd(st.Commands, w.see.dig(res, "TLSA", "_25._tcp.", h, "+dnssec"))
		switch {
		case res.Kind == dnsx.KindAnswer && res.AD:
			w.dane.validated = append(w.dane.validated, h)
		case res.Kind == dnsx.KindAnswer:
			unvalidated = append(unvalidated, h)
		case res.Kind.Temporary():
			failed = append(failed, h)
			failedRes = append(failedRes, res)
		}
	}
	for i, h := range failed {
		// Not checked is not "no TLSA": a DANE-aware sender that cannot
		// get this answer defers mail to the host (RFC 7672 §2.2).
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeDANELookupFailed, diag.Warning, "RFC 7672 §2.2",
			"could not look up TLSA at _25._tcp.%s (%s): whether DANE applies to it is unknown, and DANE-aware senders defer mail to it until the lookup works", h, dnsOutcomeWords(failedRes[i])))
	}
	for _, h := range unvalidated {
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeDANEUnvalidated, diag.Warning, "RFC 7672 §2.2",
			"_25._tcp.%s has TLSA records but the resolver did not validate them with DNSSEC (no AD bit); DANE senders ignore unvalidated TLSA", h))
	}
	switch {
	case len(w.mx.probed) == 0:
		st.Status, st.Summary = StatusSkipped, "no MX hosts"
	case len(w.dane.validated) > 0:
		st.Status = StatusOK
		st.Summary = fmt.Sprintf("DANE applies to %d of %s: DANE-aware senders use it instead of MTA-STS", len(w.dane.validated), count(len(w.mx.probed), "MX host"))
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeDANEPresent, diag.Info, "RFC 8461 §2",
			"DNSSEC-validated TLSA records exist for %v; a DANE-aware sender validates those hosts with DANE, and MTA-STS must not override a DANE failure", w.dane.validated))
	case len(unvalidated) > 0:
		st.Status, st.Summary = StatusWarn, "TLSA records without DNSSEC validation"
	case len(failed) > 0:
		st.Status, st.Summary = StatusError, "TLSA lookup failed for "+count(len(failed), "host")
	default:
		st.Status, st.Summary = StatusOK, "no TLSA records: senders rely on MTA-STS"
	}
	st.Duration = time.Since(start)
	w.finish(st)
}
