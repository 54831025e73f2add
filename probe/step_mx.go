package probe

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
	"github.com/mtasts-doctor/mtasts-doctor/probe/netclass"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// maxMXHosts bounds how many MX hosts are probed: a zone with thousands of
// MX records gets a diagnostic, not thousands of connections.
const maxMXHosts = 16

// maxListed bounds the per-host findings of one kind listed for an MX set;
// the rest are summed up in one.
const maxListed = 10

// mxOutcome is the MX set the later steps probe and judge.
type mxOutcome struct {
	// hosts is every distinct MX name in preference order: coverage, the
	// refused list and the verdict judge all of them.
	hosts []string
	// probed is the first maxMXHosts of hosts: only these get network
	// probes (STARTTLS, TLSA), so a zone of thousands of MX records costs
	// a bounded amount of traffic.
	probed []string
	// implicit: no MX records, so the domain itself is the MX (RFC 5321 §5.1).
	implicit bool
}

// runMX looks up the MX RRset (RFC 8461 §4) and, as soon as it has the
// hosts, starts the STARTTLS probes and DANE lookups so they run while the
// policy is still being fetched. Matching the hosts against the policy's
// patterns waits for the policy.
func (w *walk) runMX(spawn func(func())) {
	w.begin(StepMX)
	start := time.Now()
	res := w.dns.Lookup(w.ctx, w.domain, dns.TypeMX)
	st := Step{ID: StepMX, Evidence: Evidence{DNS: []DNSQuery{dnsEvidence(res)}}}
	st.Diagnostics = append(st.Diagnostics, res.Diagnostics...)
	st.Commands = appendCmd(nil, w.see.dig(res, "MX", "", w.domain))

	var hosts []string
	null := false
	for _, mx := range res.MX {
		if mx.Host == "." || mx.Host == "" {
			null = true
			continue
		}
		if !containsFold(hosts, mx.Host) {
			hosts = append(hosts, mx.Host)
		}
	}
	switch {
	case res.Kind == dnsx.KindAnswer && null && len(hosts) == 0:
		st.Status = StatusWarn
		st.Summary = "null MX: " + w.domain + " accepts no mail (RFC 7505)"
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeMXNull, diag.Warning, "RFC 7505 §3",
			"%s publishes a null MX: it receives no mail, so an MTA-STS policy protects nothing", w.domain))
	case res.Kind == dnsx.KindNoData:
		hosts = []string{w.domain}
		w.mx.implicit = true
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeMXNone, diag.Warning, "RFC 5321 §5.1",
			"%s has no MX records; senders deliver to the domain itself (implicit MX), which the policy's mx patterns must then cover", w.domain))
	case res.Kind == dnsx.KindAnswer:
	default:
		st.Status = StatusFail
		if res.Kind.Temporary() {
			st.Status = StatusError
		}
		st.Summary = "MX lookup: " + dnsOutcomeWords(res)
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeMXLookupFailed, diag.Error, "RFC 8461 §4",
			"could not get the MX hosts of %s: %s", w.domain, dnsOutcomeWords(res)))
	}
	w.mx.hosts = hosts
	w.mx.probed = hosts[:min(len(hosts), maxMXHosts)]
	if len(hosts) > maxMXHosts {
		st.Evidence.Notes = append(st.Evidence.Notes, fmt.Sprintf("%d MX hosts: all are matched against the policy; only the first %d by preference are probed (STARTTLS, TLSA), %s is not",
			len(hosts), maxMXHosts, count(len(hosts)-maxMXHosts, "MX host")))
	}
	badNames := w.checkMXNames(&st)
	lookupTime := time.Since(start)

	spawn(w.runMXTLS)
	spawn(w.runDANE)

	w.wait(StepPolicy)
	if st.Status == "" {
		st.Status, st.Summary = w.judgeCoverage(&st)
		if badNames > 0 && st.Status != StatusFail {
			st.Status = StatusFail
			st.Summary = fmt.Sprintf("%s %s not a valid host name; %s", count(badNames, "MX host"), verb(badNames, "is", "are"), st.Summary)
		}
	}
	st.Duration = lookupTime
	w.finish(st)
}

// checkMXNames flags MX hosts whose names are not LDH host names. RFC 5321
// §2.3.5 allows only those in SMTP, senders skip or reject such an MX
// (Postfix: "malformed domain name"), no certificate can name it, and no
// "see it yourself" command is built from it. It returns how many there are.
func (w *walk) checkMXNames(st *Step) int {
	n := 0
	for _, h := range w.mx.hosts {
		err := policy.CheckHostName(h)
		if err == nil {
			continue
		}
		if n++; n > maxListed {
			continue // summed up below
		}
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeMXNameInvalid, diag.Error, "RFC 5321 §2.3.5",
			"MX host %s is not a valid host name (it %v): senders cannot deliver to it or validate a certificate for it",
			strconv.Quote(h), err))
	}
	if n > maxListed {
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeMXNameInvalid, diag.Error, "RFC 5321 §2.3.5",
			"… and %s more that %s not a valid host name", count(n-maxListed, "MX host"), verb(n-maxListed, "is", "are")))
	}
	return n
}

// judgeCoverage matches every MX host against the policy's patterns
// (RFC 8461 §4.1) and says what that means.
func (w *walk) judgeCoverage(st *Step) (Status, string) {
	pol := w.policy.policy
	if pol == nil {
		// Nothing was compared, so nothing is "ok" (issue 10).
		return StatusSkipped, fmt.Sprintf("%s: %s (no valid policy to match against)", count(len(w.mx.hosts), "MX host"), shortList(w.mx.hosts))
	}
	var uncovered []string
	covered := 0
	used := map[string]bool{}
	for _, h := range w.mx.hosts {
		p, ok := pol.Covering(h)
		if !ok {
			uncovered = append(uncovered, h)
			continue
		}
		used[p] = true
		if covered++; covered <= maxListed {
			st.Evidence.Notes = append(st.Evidence.Notes, fmt.Sprintf("%s matches mx: %s", h, p))
		}
	}
	if covered > maxListed {
		st.Evidence.Notes = append(st.Evidence.Notes, fmt.Sprintf("… and %s more that %s a pattern", count(covered-maxListed, "MX host"), verb(covered-maxListed, "matches", "match")))
	}
	sev := diag.Error
	if pol.Mode != "enforce" {
		sev = diag.Warning
	}
	for i, h := range uncovered {
		if i == maxListed {
			// Every MX is judged; a zone of thousands gets one line for
			// the rest, not thousands.
			st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeMXNotCovered, sev, "RFC 8461 §4.1",
				"… and %s more that %s none of the policy's mx patterns", count(len(uncovered)-maxListed, "MX host"), verb(len(uncovered)-maxListed, "matches", "match")))
			break
		}
		st.Evidence.Notes = append(st.Evidence.Notes, fmt.Sprintf("%s matches no mx pattern", h))
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeMXNotCovered, sev, "RFC 8461 §4.1",
			"MX host %s matches none of the policy's mx patterns (%s); under enforce senders refuse to deliver to it",
			h, strings.Join(pol.MX, ", ")))
	}
	for _, p := range pol.MX {
		if !used[p] {
			st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeMXPatternUnused, diag.Info, "RFC 8461 §3.2",
				"the policy's mx pattern %s matches none of the current MX hosts", p))
		}
	}
	switch {
	case len(uncovered) == 0:
		return StatusOK, matchWords(len(w.mx.hosts))
	case pol.Mode == "enforce":
		return StatusFail, fmt.Sprintf("%d of %s %s no mx pattern: %s", len(uncovered), count(len(w.mx.hosts), "MX host"), verb(len(uncovered), "matches", "match"), shortList(uncovered))
	default:
		return StatusWarn, fmt.Sprintf("%d of %s %s no mx pattern: %s", len(uncovered), count(len(w.mx.hosts), "MX host"), verb(len(uncovered), "matches", "match"), shortList(uncovered))
	}
}

// runMXTLS probes every address of every MX host, all at once (RFC 8461
// §4.2, §8.4: a broken backup MX only shows when the primary fails, so
// every host is tested).
func (w *walk) runMXTLS() {
	w.begin(StepMXTLS)
	start := time.Now()
	st := Step{ID: StepMXTLS}
	if w.opts.NoSMTP || len(w.mx.probed) == 0 {
		st.Status = StatusSkipped
		st.Summary = "no MX hosts to probe"
		if w.opts.NoSMTP {
			st.Summary = "skipped (--no-smtp)"
			st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeMXTLSSkipped, diag.Info, "RFC 8461 §4.2",
				"the STARTTLS probe of the MX hosts was skipped on request"))
		}
		st.Duration = time.Since(start)
		w.finish(st)
		return
	}
	var (
		mu      sync.Mutex
		results []HostResult
		// found holds each host's address findings (netclass), listed
		// in MX order once every probe is back.
		found = map[string]diag.List{}
		notes []string
		wg    sync.WaitGroup
	)
	for _, host := range w.mx.probed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, aaaa := w.resolveBoth(host)
			set := w.opts.sortAddresses(append(append([]netip.Addr{}, a.Addrs...), aaaa.Addrs...))
			// Bounded work: a few addresses per family are probed, the
			// same ones every run; the rest are counted in a note.
			usable, left := capped(set.usable(), MaxAddrsPerFamily)
			unusable, _ := capped(set.unusable, MaxAddrsPerFamily)
			mu.Lock()
			found[host] = set.findings(host, "MX host", "senders that pick it cannot deliver there", diag.Error)
			if left > 0 {
				notes = append(notes, notProbedNote(host, left))
			}
			mu.Unlock()
			if len(set.all) == 0 {
				mu.Lock()
				why := dnsOutcomeWords(pickFailed(a, aaaa))
				results = append(results, HostResult{MX: host, Status: StatusFail,
					Error: "no A or AAAA record: " + why,
					diags: diag.List{diag.Newf(CodeMXNoAddress, diag.Error, "RFC 5321 §5.1",
						"MX host %s has no address (%s): senders cannot deliver to it", host, why)}})
				mu.Unlock()
				return
			}
			mu.Lock()
			for _, addr := range unusable {
				results = append(results, unusableHost(host, addr, w.opts.classOf(addr)))
			}
			mu.Unlock()
			var inner sync.WaitGroup
			for _, addr := range usable {
				inner.Add(1)
				go func() {
					defer inner.Done()
					r := w.probeSMTP(host, addr)
					mu.Lock()
					results = append(results, r)
					mu.Unlock()
				}()
			}
			inner.Wait()
		}()
	}
	wg.Wait()
	sortHostResults(results, w.mx.probed)
	for _, r := range results {
		// No command for an address the walk would not dial: run by hand
		// it would reach this machine (0.0.0.0) or nothing.
		if a, err := netip.ParseAddr(r.Address); err == nil && w.opts.classOf(a).Dialable() {
			st.Commands = appendCmd(st.Commands, w.see.openssl(r.MX, a, true))
		}
	}
	probeTime := time.Since(start)

	w.wait(StepPolicy)
	w.judgeHosts(&st, results)
	var addrFindings diag.List
	for _, h := range w.mx.probed {
		addrFindings = append(addrFindings, found[h]...)
	}
	st.Diagnostics = append(st.Diagnostics, addrFindings...)
	slices.Sort(notes)
	st.Evidence.Notes = append(st.Evidence.Notes, notes...)
	if n := len(w.mx.hosts) - len(w.mx.probed); n > 0 {
		st.Evidence.Notes = append(st.Evidence.Notes, fmt.Sprintf("not probed: %s beyond the first %d (%s)", count(n, "MX host"), maxMXHosts, shortList(w.mx.hosts[maxMXHosts:])))
	}
	if st.Status == StatusOK && addrFindings.Worst() >= diag.Warning {
		// Every address passed from here, but some only from inside a
		// private network.
		st.Status = StatusWarn
		st.Summary += ", but some addresses are not reachable from the Internet"
	}
	st.Duration = probeTime
	// The verdict reads its own copy: the step goes out to the reader, who
	// may do as it likes with it while the walk goes on.
	w.mxTLS = slices.Clone(st.Hosts)
	w.finish(st)
}

// unusableHost is the result for an address that is never dialled: the
// unspecified address would reach this machine, the others reach no single
// host (netclass.Class.Dialable).
func unusableHost(mx string, addr netip.Addr, c netclass.Class) HostResult {
	return HostResult{MX: mx, Address: addr.String(), Status: StatusFail, unusable: true,
		Error: fmt.Sprintf("not probed: %s is %s, which no sender can connect to", addr, c.Words())}
}

// sortHostResults orders results by MX preference, then address, so the
// report reads the same every run.
func sortHostResults(r []HostResult, order []string) {
	rank := map[string]int{}
	for i, h := range order {
		rank[h] = i
	}
	slices.SortStableFunc(r, func(a, b HostResult) int {
		return cmp.Or(cmp.Compare(rank[a.MX], rank[b.MX]), cmp.Compare(a.Address, b.Address))
	})
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// judgeHosts marks each probed address with its policy coverage and sets
// the step's status: fail when a host has a fault of its own, error when
// the checker could not reach any (port 25 is often blocked outbound).
func (w *walk) judgeHosts(st *Step, results []HostResult) {
	pol := w.policy.policy
	var failed, unusable, unreachable, local, ok int
	for i := range results {
		r := &results[i]
		if pol != nil {
			r.Pattern, r.Covered = pol.Covering(r.MX)
		}
		switch r.Status {
		case StatusFail:
			failed++
			if r.unusable {
				unusable++
			}
		case StatusError:
			unreachable++
			if r.local {
				local++
			}
		default:
			ok++
		}
	}
	st.Hosts = results
	switch {
	case failed > 0 && unusable == failed:
		st.Status = StatusFail
		st.Summary = fmt.Sprintf("%d of %s %s no sender can connect to (not probed)", failed, count(len(results), "MX address"), verb(failed, "is one", "are ones"))
	case failed > 0:
		st.Status = StatusFail
		st.Summary = fmt.Sprintf("%d of %s %s STARTTLS or certificate validation", failed-unusable, count(len(results), "MX address"), verb(failed-unusable, "fails", "fail"))
		if unusable > 0 {
			st.Summary += fmt.Sprintf("; %d more no sender can connect to", unusable)
		}
	case local > 0:
		// Never blamed on the network: the checker itself ran short.
		st.Status = StatusError
		st.Summary = fmt.Sprintf("%s could not be probed: this machine ran out of file descriptors or ports", count(local, "MX address"))
	case unreachable == len(results):
		st.Status = StatusError
		st.Summary = "could not reach any MX host on port 25 from here"
	case unreachable > 0:
		st.Status = StatusWarn
		st.Summary = fmt.Sprintf("%s pass, %d could not be reached from here", count(ok, "MX address"), unreachable)
	default:
		st.Status = StatusOK
		st.Summary = allWords(len(results), "MX address", "offers", "offer") + " STARTTLS with a valid certificate"
	}
	for _, r := range results {
		st.Diagnostics = append(st.Diagnostics, r.diags...)
	}
}
