package probetest

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"syscall"
)

// DialContext is the dialer Options hands the probe. It maps the ports the
// probe believes in (443, 25 at the address DNS gave) onto the listeners
// that really answer, simulates filtered and closed ports, and refuses any
// address outside 127.0.0.0/8 and ::1.
func (w *World) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		// A name: resolve it in the world, the way a stub resolver would.
		w.state.RLock()
		addrs := w.hosts[fqdn(host)]
		w.state.RUnlock()
		for _, a := range addrs {
			if network == "tcp" || (network == "tcp4") == a.Is4() {
				ip, err = a, nil
				break
			}
		}
		if err != nil {
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
		}
	}
	ip = ip.Unmap()
	ap, err := netip.ParseAddrPort(net.JoinHostPort(ip.String(), port))
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	opErr := func(e error) error {
		return &net.OpError{Op: "dial", Net: network, Addr: net.TCPAddrFromAddrPort(ap), Err: e}
	}
	if !ip.IsLoopback() {
		return nil, opErr(errNotLoopback)
	}
	if !w.sleep(w.cfg.Latency) {
		return nil, opErr(net.ErrClosed)
	}
	w.state.RLock()
	t, mapped := w.ports[ap.String()]
	w.state.RUnlock()
	switch {
	case mapped && t.blackhole:
		// A filtered port: SYNs vanish, so only the caller's deadline ends
		// the attempt (what "port 25 blocked" looks like from a host).
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, opErr(os.ErrDeadlineExceeded)
			}
			return nil, opErr(ctx.Err())
		case <-w.done:
			return nil, opErr(net.ErrClosed)
		}
	case mapped:
		var d net.Dialer
		return d.DialContext(ctx, network, t.listen)
	case !w.cfg.RealPorts && (ap.Port() == 443 || ap.Port() == 25):
		// Nothing listens there: the kernel would answer RST.
		return nil, opErr(&os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED})
	default:
		var d net.Dialer
		return d.DialContext(ctx, network, ap.String())
	}
}
