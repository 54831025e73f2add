package probe

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// NameserverAnswer is what one authoritative server, asked directly at
// one of its addresses, says about the _mta-sts record and the policy
// host.
type NameserverAnswer struct {
	NS      string `json:"ns"`
	Address string `json:"address"`
	// Record is the _mta-sts TXT answer ("v=STSv1; id=..." strings joined
	// per RR, sorted), or the rcode when there is none.
	Record []string `json:"record"`
	// PolicyHost is the mta-sts host's A and AAAA answer, sorted.
	PolicyHost []string `json:"policy_host"`
	// Error says why the server gave no answer (timeout, REFUSED, ...).
	Error string `json:"error,omitempty"`
}

// Bounds on the fan-out: a zone with dozens of NS records, each with
// many addresses, must not turn one walk into hundreds of queries.
const (
	maxNameservers  = 8
	maxNSAddresses  = 2
	nsQueryDeadline = 3 * time.Second
)

// checkNameservers finds the zone's NS set and asks every server directly,
// at each of its addresses, for the _mta-sts TXT record and the policy
// host's addresses. A recursive resolver asks one of them and caches the
// answer, so servers that disagree (a secondary that missed an update)
// show different senders different ids — invisible from one resolver.
func (w *walk) checkNameservers() ([]NameserverAnswer, diag.List, []string) {
	zone, hosts := w.findNS()
	if len(hosts) == 0 {
		// Nothing to compare (a resolver-only world, or the lookups
		// failed, which the record step reports itself): say nothing.
		return nil, nil, nil
	}
	notes := []string{fmt.Sprintf("zone %s: asked its %d authoritative server(s) directly", zone, len(hosts))}
	if len(hosts) > maxNameservers {
		notes = append(notes, fmt.Sprintf("%d NS records; asked the first %d", len(hosts), maxNameservers))
		hosts = hosts[:maxNameservers]
	}
	var (
		mu  sync.Mutex
		out []NameserverAnswer
		wg  sync.WaitGroup
	)
	for _, h := range hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			addrs := w.nsAddrs(h)
			if len(addrs) == 0 {
				mu.Lock()
				out = append(out, NameserverAnswer{NS: h, Error: "no address for the name server"})
				mu.Unlock()
				return
			}
			for _, a := range addrs {
				ans := w.askNS(h, a)
				mu.Lock()
				out = append(out, ans)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.SortFunc(out, func(a, b NameserverAnswer) int {
		return strings.Compare(a.NS+" "+a.Address, b.NS+" "+b.Address)
	})
	return out, compareNS(w.domain, out), notes
}

// findNS walks up from the domain to the closest name with NS records:
// the zone the _mta-sts record lives in.
func (w *walk) findNS() (string, []string) {
	for name := w.domain; strings.Contains(name, "."); {
		res := w.dns.Lookup(w.ctx, name, dns.TypeNS)
		if res.Kind == dnsx.KindAnswer {
			var hosts []string
			for _, a := range res.Answers {
				if rr, err := dns.NewRR(a); err == nil && rr != nil {
					if ns, ok := rr.(*dns.NS); ok && strings.EqualFold(dns.Fqdn(rr.Header().Name), dns.Fqdn(name)) {
						h := strings.ToLower(strings.TrimSuffix(ns.Ns, "."))
						if !slices.Contains(hosts, h) {
							hosts = append(hosts, h)
						}
					}
				}
			}
			slices.Sort(hosts)
			if len(hosts) > 0 {
				return name, hosts
			}
		}
		if res.Kind.Temporary() {
			return name, nil
		}
		_, name, _ = strings.Cut(name, ".")
	}
	return "", nil
}

// nsAddrs resolves a name server's addresses through the resolver,
// keeping the ones the walk may dial.
func (w *walk) nsAddrs(host string) []netip.Addr {
	var out []netip.Addr
	for _, t := range []uint16{dns.TypeA, dns.TypeAAAA} {
		res := w.dns.Lookup(w.ctx, host, t)
		for _, a := range res.Addrs {
			// The network guard of a served walk (Options.Guard) decides
			// here too: a refused server is not asked.
			if w.opts.classOf(a).Dialable() && w.opts.Guard.Check(netip.AddrPortFrom(a, 53)) == nil && len(out) < maxNSAddresses*2 {
				out = append(out, a)
			}
		}
	}
	if len(out) > maxNSAddresses {
		out = out[:maxNSAddresses]
	}
	return out
}

// askNS asks one server at one address, without recursion.
func (w *walk) askNS(host string, a netip.Addr) NameserverAnswer {
	addr := netip.AddrPortFrom(a, 53).String()
	ans := NameserverAnswer{NS: host, Address: addr}
	server := addr
	if w.opts.NameserverAddr != nil {
		server = w.opts.NameserverAddr(addr)
	}
	c := &dnsx.Client{Servers: []string{server}, Timeout: min(w.opts.timeout(), nsQueryDeadline), Control: w.dns.Control}
	txt := c.Lookup(w.ctx, "_mta-sts."+w.domain, dns.TypeTXT)
	switch {
	case txt.Kind == dnsx.KindAnswer:
		for _, strs := range txt.TXT {
			if s := strings.Join(strs, ""); strings.HasPrefix(s, "v=STSv1") {
				ans.Record = append(ans.Record, sanitize.Line(s, 200))
			}
		}
		slices.Sort(ans.Record)
	case txt.Kind == dnsx.KindNXDomain || txt.Kind == dnsx.KindNoData:
		ans.Record = []string{txt.Rcode + " (no record)"}
	default:
		ans.Error = "TXT: " + dnsOutcomeWords(txt)
		return ans
	}
	for _, t := range []uint16{dns.TypeA, dns.TypeAAAA} {
		res := c.Lookup(w.ctx, "mta-sts."+w.domain, t)
		if res.Kind.Temporary() || res.Kind == dnsx.KindNetwork {
			ans.Error = "policy host: " + dnsOutcomeWords(res)
			return ans
		}
		for _, x := range res.Addrs {
			ans.PolicyHost = append(ans.PolicyHost, x.String())
		}
	}
	slices.Sort(ans.PolicyHost)
	return ans
}

// compareNS turns the answers into findings: servers that did not answer,
// and servers that disagree (RFC 1034 §4.3.5: every authoritative server
// of a zone should serve the same data; the _mta-sts id a sender sees
// then depends on which server its resolver asked, RFC 8461 §3.1).
func compareNS(domain string, answers []NameserverAnswer) diag.List {
	var out diag.List
	var silent []string
	byRecord, byHost := map[string][]string{}, map[string][]string{}
	for _, a := range answers {
		who := a.NS
		if a.Address != "" {
			who += " (" + a.Address + ")"
		}
		if a.Error != "" {
			silent = append(silent, who+": "+a.Error)
			continue
		}
		r := strings.Join(a.Record, " | ")
		byRecord[r] = append(byRecord[r], who)
		h := strings.Join(a.PolicyHost, " ")
		byHost[h] = append(byHost[h], who)
	}
	if len(silent) > 0 {
		out = append(out, diag.Newf(CodeNSUnreachable, diag.Warning, "RFC 1034 §4.3.5",
			"authoritative server(s) of %s did not answer: %s; resolvers that ask them retry others or fail", domain, strings.Join(silent, "; ")))
	}
	if len(byRecord) > 1 {
		out = append(out, diag.Newf(CodeNSInconsistent, diag.Error, "RFC 8461 §3.1",
			"the authoritative servers disagree on _mta-sts.%s: %s — senders see one id or the other depending on the server their resolver asked",
			domain, groups(byRecord)))
	}
	if len(byHost) > 1 {
		out = append(out, diag.Newf(CodeNSInconsistent, diag.Warning, "RFC 8461 §3.2",
			"the authoritative servers disagree on the addresses of mta-sts.%s: %s", domain, groups(byHost)))
	}
	return out
}

// groups writes "X from a, b; Y from c", in a stable order.
func groups(m map[string][]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		v := k
		if v == "" {
			v = "nothing"
		}
		parts = append(parts, fmt.Sprintf("%q from %s", v, strings.Join(m[k], ", ")))
	}
	return strings.Join(parts, "; ")
}

// startNSCheck runs checkNameservers beside the record lookup and returns
// the function that waits for it and adds its evidence and findings to
// the record step. It runs after the step's own timing, so a server that
// never answers does not make the resolver's lookup look slow.
func (w *walk) startNSCheck() func(st *Step) {
	done := make(chan struct{})
	var (
		answers []NameserverAnswer
		diags   diag.List
		notes   []string
	)
	go func() {
		defer close(done)
		answers, diags, notes = w.checkNameservers()
	}()
	return func(st *Step) {
		<-done
		st.Evidence.Nameservers = answers
		st.Evidence.Notes = append(st.Evidence.Notes, notes...)
		st.Diagnostics = append(st.Diagnostics, diags...)
		if st.Status == StatusOK && diags.Worst() >= diag.Warning && len(diags) > 0 {
			st.Status = StatusWarn
		}
	}
}

// nameserverLine is one server's answer in the evidence text.
func nameserverLine(n NameserverAnswer) string {
	head := "authoritative " + n.NS
	if n.Address != "" {
		head += " @" + n.Address
	}
	if n.Error != "" {
		return head + " → " + n.Error
	}
	return head + " → " + strings.Join(n.Record, " | ") + "; mta-sts: " + strings.Join(n.PolicyHost, " ")
}
