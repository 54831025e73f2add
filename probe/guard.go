package probe

import (
	"errors"
	"net/netip"
	"slices"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/netguard"
)

// guardRefusals is the finding for the addresses of host that the guard
// will refuse on port, asked with the same Check the dialer makes (the
// dial itself is still checked as it connects). what says what the host
// is for ("policy host", "MX host").
func (w *walk) guardRefusals(what, host string, addrs []netip.Addr, port uint16) diag.List {
	if w.opts.Guard == nil {
		return nil
	}
	var refused []netip.Addr
	var kinds []string
	for _, a := range addrs {
		err := w.opts.Guard.Check(netip.AddrPortFrom(a, port))
		var re *netguard.RefusedError
		if !errors.As(err, &re) {
			continue
		}
		refused = append(refused, a)
		k := re.Class.Words()
		if re.Via.IsValid() {
			k = "leads to " + re.Via.String() + ", " + k
		}
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	if len(refused) == 0 {
		return nil
	}
	return diag.List{diag.Newf(CodeGuardRefused, diag.Error, "RFC 6890",
		"not probed: this server's network guard refused to connect to the %s %s at %s (%s); a served walk connects only to public unicast addresses",
		what, host, shortAddrList(refused), strings.Join(kinds, ", "))}
}
