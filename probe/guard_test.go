package probe_test

import (
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/netguard"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// A served walk of a domain whose MX hosts resolve to 10.0.0.1 and
// 127.0.0.1 and whose policy host to 192.168.1.1: each is refused with a
// finding, and the dialer is never asked to connect anywhere. Only the
// resolver, allowed exactly, is reached.
func TestGuardRefusesPrivateHostsWithoutConnecting(t *testing.T) {
	const domain = "inside.test"
	w := probetest.New(t, probetest.Config{Domains: []probetest.Domain{{
		Name: domain,
		Zone: []string{
			`_mta-sts TXT "v=STSv1; id=1"`,
			"@ MX 10 mx1", "@ MX 20 mx2",
			"mx1 A 10.0.0.1", "mx2 A 127.0.0.1",
			"mta-sts A 192.168.1.1",
		},
	}}})
	opts := w.Options()
	rec := &probetest.DialRecorder{Next: opts.DialContext}
	opts.DialContext = rec.DialContext
	opts.Timeout = 3 * time.Second
	opts.Guard = netguard.New(false, netip.MustParseAddrPort(w.Resolver()))
	rep := probe.Check(t.Context(), domain, opts)

	if asked := rec.Dialed(); len(asked) != 0 {
		t.Errorf("the dialer was asked for %v", asked)
	}
	mx, _ := rep.Step(probe.StepMX)
	// No policy was fetched, so the MX set is not judged (skipped), but
	// the lookup itself must have gone through.
	if mx.Status == probe.StatusError || len(mx.Evidence.DNS) == 0 || mx.Evidence.DNS[0].Rcode != "NOERROR" {
		t.Errorf("the MX lookup (through the allowed resolver) ended %s: %s", mx.Status, mx.Summary)
	}
	tls, _ := rep.Step(probe.StepMXTLS)
	fetch, _ := rep.Step(probe.StepPolicyFetch)
	for _, want := range []struct {
		st   probe.Step
		what string
	}{{tls, "MX host mx1.inside.test at 10.0.0.1 (a private address"}, {tls, "MX host mx2.inside.test at 127.0.0.1 (a loopback address"}, {fetch, "policy host mta-sts.inside.test at 192.168.1.1"}} {
		found := false
		for _, d := range want.st.Diagnostics {
			if d.Code == probe.CodeGuardRefused && strings.Contains(d.Message, want.what) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no guard finding for %q in %v", want.st.ID, want.what, want.st.Diagnostics)
		}
	}
	for _, h := range tls.Hosts {
		if h.Status != probe.StatusError || !strings.Contains(h.Error, "network guard refused") {
			t.Errorf("MX %s %s: %s %q, want an error naming the guard", h.MX, h.Address, h.Status, h.Error)
		}
	}
}

// A resolver the guard refuses is refused before any query is sent, and
// every step says why.
func TestGuardRefusesTheResolver(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	got := make(chan struct{}, 1)
	go func() {
		buf := make([]byte, 512)
		if _, _, err := pc.ReadFrom(buf); err == nil {
			got <- struct{}{}
		}
	}()
	opts := probe.Options{Resolvers: []string{pc.LocalAddr().String()}, Timeout: time.Second, Guard: netguard.New(false)}
	rep := probe.Check(t.Context(), "example.com", opts)
	for _, s := range rep.Steps {
		if s.Status != probe.StatusError || !strings.Contains(s.Summary, "network guard refused") || !strings.Contains(s.Summary, "--resolver") {
			t.Errorf("%s: %s %q", s.ID, s.Status, s.Summary)
		}
	}
	select {
	case <-got:
		t.Error("a query reached the refused resolver")
	case <-time.After(100 * time.Millisecond):
	}
}
