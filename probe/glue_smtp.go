package probe

import (
	"net/netip"

	"github.com/mtasts-doctor/mtasts-doctor/probe/starttls"
)

// probeSMTP runs one STARTTLS session against one MX address and turns it
// into a HostResult: ok when an enforcing sender would deliver there, error
// when this machine could not reach port 25 (a fact about the checker's
// network, not the server), fail for any fault of the server.
//
// The session waits for a slot of the walk's Limiter first, outside its own
// timeout, so a queue of probes is never mistaken for a slow server.
func (w *walk) probeSMTP(mx string, addr netip.Addr) HostResult {
	release, err := w.limiter.Acquire(w.ctx, 1)
	defer release()
	if err != nil {
		return HostResult{MX: mx, Address: addr.String(), Status: StatusError, Error: "not probed: " + w.stoppedWords()}
	}
	res := starttls.Probe(w.ctx, starttls.Request{
		MX:          mx,
		Address:     addr,
		RootCAs:     w.opts.RootCAs,
		DialContext: w.opts.dialer(),
		Timeout:     w.opts.timeout(),
		Now:         w.opts.Now,
	})
	h := HostResult{
		MX: mx, Address: res.Address, STARTTLS: res.STARTTLS,
		TLSVersion: res.TLSVersion, CipherSuite: res.CipherSuite,
		Certificates: certEvidence(res.Certificates), Transcript: res.Transcript,
		ResultType: res.ResultType, Error: res.Error, Duration: res.Duration,
		diags: append(w.guardRefusals("MX host", mx, []netip.Addr{addr}, 25), res.Diagnostics...), local: res.Local,
	}
	switch {
	case res.OK():
		h.Status = StatusOK
	case res.Unreachable || res.Local || w.stopped():
		h.Status = StatusError
	default:
		h.Status = StatusFail
	}
	return h
}
