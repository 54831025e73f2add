package probe

import (
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
)

// hostOutcome is the policy host's addresses for the fetch.
type hostOutcome struct {
	name string
	// addrs are the addresses the fetch may dial; unusable counts those
	// it must not (netclass: unspecified, multicast, ...).
	addrs    []netip.Addr
	unusable int
}

// resolveBoth looks up A and AAAA at once: a sender tries both families.
func (w *walk) resolveBoth(name string) (a, aaaa dnsx.Result) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a = w.dns.Lookup(w.ctx, name, dns.TypeA) }()
	go func() { defer wg.Done(); aaaa = w.dns.Lookup(w.ctx, name, dns.TypeAAAA) }()
	wg.Wait()
	return a, aaaa
}

// runPolicyChain does the steps that depend on each other: the policy
// host's addresses, the HTTPS fetch from them, and parsing what came back.
func (w *walk) runPolicyChain() {
	w.wait(StepRecord)
	if w.record.record == nil {
		// RFC 8461 §3.1: without exactly one usable record a sender
		// assumes there is no policy and goes no further.
		for _, id := range []StepID{StepPolicyHost, StepPolicyFetch, StepPolicy} {
			w.finish(Step{ID: id, Status: StatusSkipped, Summary: "not reached: a sender stops when there is no usable _mta-sts record"})
		}
		return
	}
	w.runPolicyHost()
	w.runPolicyFetch()
	w.runPolicy()
}

// runPolicyHost resolves "mta-sts.D" (RFC 8461 §3.2).
func (w *walk) runPolicyHost() {
	w.begin(StepPolicyHost)
	start := time.Now()
	name := "mta-sts." + w.domain
	a, aaaa := w.resolveBoth(name)
	st := Step{ID: StepPolicyHost, Evidence: Evidence{DNS: []DNSQuery{dnsEvidence(a), dnsEvidence(aaaa)}}}
	st.Commands = appendCmd(appendCmd(nil, w.see.dig(a, "A", "mta-sts.", w.domain)), w.see.dig(aaaa, "AAAA", "mta-sts.", w.domain))
	lookup := append(append(diag.List{}, a.Diagnostics...), aaaa.Diagnostics...)
	if len(a.Addrs)+len(aaaa.Addrs) > 0 {
		// One family answered: a sender still gets an address, so the
		// other family's failed lookup is a risk, not a missing host.
		asWarnings(lookup)
	}
	st.Diagnostics = append(st.Diagnostics, lookup...)
	w.policyHost.name = name
	set := w.opts.sortAddresses(append(append([]netip.Addr{}, a.Addrs...), aaaa.Addrs...))
	// Bounded work: a sender fetches from one address; the checker tries a
	// few per family (each one a fetch and a handshake without SNI), the
	// same ones every run.
	usable, left := capped(set.usable(), MaxAddrsPerFamily)
	w.policyHost.addrs = usable
	w.policyHost.unusable = len(set.unusable)
	if left > 0 {
		st.Evidence.Notes = append(st.Evidence.Notes, notProbedNote(name, left))
	}
	// Addresses nobody can connect to are named and never dialled; while
	// another address works they cost senders a failed try, not the policy.
	unusableSev := diag.Warning
	if len(w.policyHost.addrs) == 0 {
		unusableSev = diag.Error
	}
	st.Diagnostics = append(st.Diagnostics, set.findings(name, "the policy host", "senders that pick it cannot fetch the policy", unusableSev)...)

	cnames := a.CNAMEs
	if len(cnames) == 0 {
		cnames = aaaa.CNAMEs
	}
	if len(cnames) > 0 {
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodePolicyHostCNAME, diag.Info, "RFC 8461 §8.2",
			"%s is a CNAME to %s; the certificate must still name %s", name, strings.Join(cnames, " → "), name))
	}
	switch {
	case len(set.all) > 0 && len(w.policyHost.addrs) == 0:
		st.Status = StatusFail
		st.Summary = fmt.Sprintf("%s has no address a sender can connect to: %s", name, shortAddrList(set.all))
	case len(a.Addrs) == 0 && len(aaaa.Addrs) > 0:
		st.Status = StatusWarn
		st.Summary = fmt.Sprintf("%s has only IPv6: %s", name, shortAddrList(set.all))
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodePolicyHostIPv6Only, diag.Warning, "RFC 8461 §3.3",
			"%s has no A record: senders without IPv6 cannot fetch the policy and, with nothing cached, fail open", name))
	case len(w.policyHost.addrs) > 0:
		st.Status = StatusOK
		if st.Diagnostics.Worst() >= diag.Warning {
			st.Status = StatusWarn
		}
		st.Summary = fmt.Sprintf("%s has %s", name, shortAddrList(set.all))
	case a.Kind == dnsx.KindNXDomain && aaaa.Kind == dnsx.KindNXDomain:
		st.Status = StatusFail
		st.Summary = name + " does not exist (NXDOMAIN)"
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodePolicyHostMissing, diag.Error, "RFC 8461 §3.3",
			"%s does not exist, so no sender can fetch the policy", name))
	case a.Kind.Temporary() || aaaa.Kind.Temporary():
		st.Status = StatusError
		st.Summary = "lookup failed: " + dnsOutcomeWords(pickFailed(a, aaaa))
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodePolicyHostFailed, diag.Error, "RFC 8461 §3.3",
			"could not resolve %s: %s", name, dnsOutcomeWords(pickFailed(a, aaaa))))
	default:
		st.Status = StatusFail
		st.Summary = name + " has no A or AAAA record"
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodePolicyHostNoAddr, diag.Error, "RFC 8461 §3.3",
			"%s exists but has no A or AAAA record, so no sender can fetch the policy", name))
	}
	st.Duration = time.Since(start)
	w.finish(st)
}

func pickFailed(a, b dnsx.Result) dnsx.Result {
	if a.Kind.Temporary() {
		return a
	}
	return b
}

func joinAddrs(addrs []netip.Addr) string {
	s := make([]string, len(addrs))
	for i, a := range addrs {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}
