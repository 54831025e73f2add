package probe_test

import (
	"context"
	"net/netip"
	"slices"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/netclass"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// Issue 10, item 5: the unspecified, multicast, link-local and broadcast
// addresses are named and never dialled (0.0.0.0 would reach this machine);
// a private address is probed but flagged as out of the Internet's reach.
func TestUnusableAddressesAreNeverDialled(t *testing.T) {
	w := labWorld(t, 0, "mx-unusable-addresses", "mx-private-address", "policy-host-unspecified")
	rec := &probetest.DialRecorder{Next: w.DialContext}
	opts := w.Options()
	opts.DialContext = rec.DialContext
	reports := map[string]*probe.Report{}
	for _, d := range []string{"mx-unusable-addresses.test", "mx-private-address.test", "policy-host-unspecified.test"} {
		reports[d] = probe.Check(context.Background(), d, opts)
	}
	for _, addr := range rec.Dialed() {
		ap := netip.MustParseAddrPort(addr)
		if c := netclass.Of(ap.Addr()); !c.Dialable() {
			t.Errorf("dialled %s, %s", addr, c.Words())
		}
	}
	if !slices.Contains(rec.Dialed(), "10.0.0.25:25") {
		t.Errorf("the private MX address was not probed; dialled %v", rec.Dialed())
	}

	st, _ := reports["mx-unusable-addresses.test"].Step(probe.StepMXTLS)
	for _, h := range st.Hosts {
		if h.MX == "mx1.mx-unusable-addresses.test" {
			continue
		}
		if h.Status != probe.StatusFail || h.Error == "" {
			t.Errorf("%s %s: %s %q, want fail with the address named", h.MX, h.Address, h.Status, h.Error)
		}
	}
	if want := "7 of 8 MX addresses are ones no sender can connect to (not probed)"; st.Summary != want {
		t.Errorf("summary %q, want %q: not a STARTTLS failure", st.Summary, want)
	}
	if len(st.Hosts) != 1+2+2+2+1 {
		t.Errorf("%d host results, want one per address (8)", len(st.Hosts))
	}

	st, _ = reports["policy-host-unspecified.test"].Step(probe.StepPolicyHost)
	if st.Status != probe.StatusFail || !hasCode(st, probe.CodeAddrUnspecified) {
		t.Errorf("policy host at 0.0.0.0: %s %q %v", st.Status, st.Summary, st.Diagnostics)
	}
	st, _ = reports["mx-private-address.test"].Step(probe.StepMXTLS)
	if !hasCode(st, probe.CodeAddrPrivate) {
		t.Errorf("private MX address not flagged: %v", st.Diagnostics)
	}
}

func hasCode(st probe.Step, c diag.Code) bool {
	for _, d := range st.Diagnostics {
		if d.Code == c {
			return true
		}
	}
	return false
}
