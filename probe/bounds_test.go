package probe_test

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/fetch"
	"github.com/mtasts-doctor/mtasts-doctor/probe/limit"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/probe/starttls"
)

// fanoutDomain is a domain whose policy host and every MX host publish
// many addresses on the world's loopback range, in scrambled order; only
// the ones the world itself allocated answer, the rest refuse.
// Host k's extra addresses are 127.77.(base+k).1 and up (addrs ≤ 250).
func fanoutDomain(name string, base, mxHosts, addrs int) probetest.Domain {
	zone := []string{`_mta-sts TXT "v=STSv1; id=1"`, `_smtp._tls TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{D}"`}
	extra := func(host string, k int) {
		for i := addrs; i > 0; i-- { // descending: the zone's order is not the probe's
			zone = append(zone, fmt.Sprintf("%s A %s", host, fanoutAddr(base+k, i)))
		}
	}
	for i := 1; i <= mxHosts; i++ {
		zone = append(zone, fmt.Sprintf("@ MX %d mx%d", i, i))
		extra(fmt.Sprintf("mx%d", i), i)
	}
	extra("mta-sts", 0)
	return probetest.Domain{
		Name: name, Zone: zone,
		Web:  []probetest.WebHost{{Host: "mta-sts", Body: "version: STSv1\r\nmode: enforce\r\nmx: *.{D}\r\nmax_age: 604800\r\n"}},
		Mail: []probetest.MailHost{{Host: "mx1"}},
	}
}

// dialMeter counts dials per address and the most in flight at once; each
// dial lingers a little so overlapping attempts do overlap.
type dialMeter struct {
	mu             sync.Mutex
	inFlight, peak int
	byAddr         map[string]int
	next           func(ctx context.Context, network, addr string) (net.Conn, error)
	fail           error
	linger         time.Duration
	ordered        []string
}

func (m *dialMeter) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	m.mu.Lock()
	m.inFlight++
	m.peak = max(m.peak, m.inFlight)
	m.byAddr[addr]++
	m.ordered = append(m.ordered, addr)
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.inFlight--
		m.mu.Unlock()
	}()
	time.Sleep(m.linger)
	if m.fail != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: m.fail}
	}
	return m.next(ctx, network, addr)
}

// Issue 10 item 2: a zone that publishes many addresses gets a bounded
// walk. At most MaxAddrsPerFamily addresses per host, the lowest ones, so
// two runs probe the same set; at most the Limiter's size in flight; and
// the report says what was left out.
func TestManyAddressesAreBounded(t *testing.T) {
	const domain = "fanout.test"
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{fanoutDomain(domain, 100, 16, 60)}})
	m := &dialMeter{byAddr: map[string]int{}, next: w.DialContext, linger: 5 * time.Millisecond}
	opts := w.Options()
	opts.DialContext = m.dial
	opts.Limiter = limit.New(6)
	rep := probe.Check(context.Background(), domain, opts)

	if m.peak > 6 {
		t.Errorf("%d connections in flight at once, the limiter allows 6", m.peak)
	}
	port25, port443 := 0, 0
	for addr, n := range m.byAddr {
		if strings.HasSuffix(addr, ":25") {
			port25++
		} else {
			port443++
		}
		if n > 2 {
			t.Errorf("%s dialled %d times", addr, n)
		}
	}
	// 16 MX hosts, 5 addresses each; the policy host's 5, each twice (with
	// and without SNI).
	if port25 != 16*probe.MaxAddrsPerFamily || port443 != probe.MaxAddrsPerFamily {
		t.Errorf("dialled %d SMTP and %d HTTPS addresses, want %d and %d", port25, port443, 16*probe.MaxAddrsPerFamily, probe.MaxAddrsPerFamily)
	}
	tls, _ := rep.Step(probe.StepMXTLS)
	var mx1 []string
	for _, h := range tls.Hosts {
		if h.MX == "mx1."+domain {
			mx1 = append(mx1, h.Address)
		}
	}
	sorted := slices.SortedFunc(slices.Values(mx1), func(a, b string) int {
		return netip.MustParseAddr(a).Compare(netip.MustParseAddr(b))
	})
	if got := strings.Join(sorted, " "); got != strings.Join(lowest(w.Addrs("mx1."+domain), 101, 60), " ") {
		t.Errorf("mx1 probed %s, want the five lowest addresses", got)
	}
	noted := 0
	for _, n := range tls.Evidence.Notes {
		// 60 each (mx1 61 with the world's own), 5 probed.
		if strings.Contains(n, "55 more addresses not probed") || strings.HasPrefix(n, "mx1."+domain+": 56 more addresses not probed") {
			noted++
		}
	}
	if noted != 16 {
		t.Errorf("%d of 16 MX hosts say what was not probed: %v", noted, tls.Evidence.Notes)
	}
	host, _ := rep.Step(probe.StepPolicyHost)
	if !slices.ContainsFunc(host.Evidence.Notes, func(n string) bool { return strings.Contains(n, "56 more addresses not probed") }) {
		t.Errorf("the policy host does not say what was not fetched: %v", host.Evidence.Notes)
	}

	again := probe.Check(context.Background(), domain, opts)
	if a, b := verdictKey(rep), verdictKey(again); a != b {
		t.Errorf("two runs disagree:\n%s\n%s", a, b)
	}
}

func fanoutAddr(octet, i int) string { return fmt.Sprintf("127.77.%d.%d", octet, i) }

// lowest is the MaxAddrsPerFamily lowest of a host's own addresses and its
// n fanout addresses.
func lowest(own []netip.Addr, octet, n int) []string {
	all := slices.Clone(own)
	for i := n; i > 0; i-- {
		all = append(all, netip.MustParseAddr(fanoutAddr(octet, i)))
	}
	slices.SortFunc(all, netip.Addr.Compare)
	var out []string
	for _, a := range all[:probe.MaxAddrsPerFamily] {
		out = append(out, a.String())
	}
	return out
}

func verdictKey(r *probe.Report) string {
	var b strings.Builder
	for _, s := range r.Steps {
		fmt.Fprintf(&b, "%s=%s ", s.ID, s.Status)
		for _, h := range s.Hosts {
			fmt.Fprintf(&b, "%s/%s=%s ", h.MX, h.Address, h.Status)
		}
	}
	fmt.Fprintf(&b, "verdict=%s refused=%v", r.Verdict.WithoutCache, r.Verdict.RefusedMX)
	return b.String()
}

// Walks that share a Limiter share its bound: a batch of domains opens no
// more connections at once than one walk may.
func TestSharedLimiterBoundsABatch(t *testing.T) {
	var domains []probetest.Domain
	for i := range 4 {
		domains = append(domains, fanoutDomain(fmt.Sprintf("batch%d.test", i), 150+10*i, 4, 10))
	}
	w := probetest.New(t, probetest.Config{Domains: domains})
	m := &dialMeter{byAddr: map[string]int{}, next: w.DialContext, linger: 5 * time.Millisecond}
	opts := w.Options()
	opts.DialContext = m.dial
	opts.Limiter = limit.New(5)
	var wg sync.WaitGroup
	for _, d := range domains {
		wg.Go(func() { probe.Check(context.Background(), d.Name, opts) })
	}
	wg.Wait()
	if m.peak > 5 {
		t.Errorf("%d connections in flight across the batch, the shared limiter allows 5", m.peak)
	}
	if len(m.byAddr) < 4*(4+1)*2 {
		t.Errorf("only %d addresses dialled; the batch did not run", len(m.byAddr))
	}
}

// "Too many open files" is this machine's limit: never "your network
// blocks port 25", never a fail-open verdict against the domain.
func TestLocalResourceErrorsAreNotTheNetworks(t *testing.T) {
	w := labWorld(t, 0, "healthy-enforce")
	for _, errno := range []syscall.Errno{syscall.EMFILE, syscall.ENFILE} {
		m := &dialMeter{byAddr: map[string]int{}, fail: os.NewSyscallError("socket", errno)}
		opts := w.Options()
		opts.DialContext = m.dial
		rep := probe.Check(context.Background(), "healthy-enforce.test", opts)
		fetchStep, _ := rep.Step(probe.StepPolicyFetch)
		tls, _ := rep.Step(probe.StepMXTLS)
		for _, st := range []probe.Step{fetchStep, tls} {
			if st.Status != probe.StatusError {
				t.Errorf("%v: step %s is %s (%s), want error", errno, st.ID, st.Status, st.Summary)
			}
			for _, d := range st.Diagnostics {
				if d.Code == starttls.CodeUnreachable || d.Code == fetch.CodeUnreachable {
					t.Errorf("%v: blamed on the network: %s", errno, d.Message)
				}
			}
		}
		if !hasCode(tls, starttls.CodeLocalResource) || !hasCode(fetchStep, fetch.CodeLocalResource) {
			t.Errorf("%v: no local-resource finding: %v %v", errno, tls.Diagnostics, fetchStep.Diagnostics)
		}
		if rep.Verdict.WithoutCache != probe.VerdictUnknown {
			t.Errorf("%v: verdict %s, want unknown", errno, rep.Verdict.WithoutCache)
		}
	}
}
