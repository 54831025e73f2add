// Package netguard keeps a walk that someone else asked for off the
// network it runs in. A server that walks any domain a user names
// (mtasts-doctor serve) would otherwise connect wherever that domain's DNS
// points: its own loopback services, the LAN behind it, a cloud metadata
// address. The guard allows only public unicast addresses (probe/netclass)
// and a fixed list of exceptions (the lab world's own addresses).
//
// The check runs when a socket is about to connect, in net.Dialer's
// Control hook, on the address the kernel will really use: a name that
// resolved to a public address when it was looked up and to 10.0.0.1 a
// moment later (DNS rebinding) is still refused. Dialers the guard cannot
// see into (the lab's port map) are checked on the address they are given,
// before they are called.
package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"

	"github.com/mtasts-doctor/mtasts-doctor/probe/netclass"
)

// ErrRefused is what every refusal matches with errors.Is.
var ErrRefused = errors.New("refused by the network guard")

// RefusedError names the address refused and why.
type RefusedError struct {
	Addr  netip.AddrPort
	Class netclass.Class
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("the network guard refused %s: it is %s, and this server connects only to public unicast addresses",
		e.Addr, e.Class.Words())
}

func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// Guard decides which addresses may be dialled. A nil *Guard allows
// everything (the command line on the user's own machine).
type Guard struct {
	allowPrivate bool
	allow        map[netip.AddrPort]bool
}

// New returns a guard that allows public unicast addresses and exactly the
// addresses in allow. With allowPrivate it also allows loopback, private,
// shared (CGNAT), documentation and benchmarking addresses; addresses no
// sender can connect to at all (unspecified, multicast, broadcast,
// link-local, reserved) stay refused.
func New(allowPrivate bool, allow ...netip.AddrPort) *Guard {
	g := &Guard{allowPrivate: allowPrivate, allow: map[netip.AddrPort]bool{}}
	for _, a := range allow {
		g.allow[canonical(a)] = true
	}
	return g
}

func canonical(a netip.AddrPort) netip.AddrPort {
	return netip.AddrPortFrom(a.Addr().Unmap().WithZone(""), a.Port())
}

// Check returns a *RefusedError when a may not be dialled.
func (g *Guard) Check(a netip.AddrPort) error {
	if g == nil {
		return nil
	}
	a = canonical(a)
	if g.allow[a] {
		return nil
	}
	c := netclass.Of(a.Addr())
	if c.Global() || (g.allowPrivate && c.Dialable()) {
		return nil
	}
	return &RefusedError{Addr: a, Class: c}
}

// Control is a net.Dialer Control hook: it runs after the socket is made
// and before it connects, with the numeric address, for TCP and UDP alike.
func (g *Guard) Control(network, address string, _ syscall.RawConn) error {
	if g == nil {
		return nil
	}
	a, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot read the address %q", ErrRefused, address)
	}
	return g.Check(a)
}

// DialFunc is the shape of net.Dialer.DialContext.
type DialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// Dialer wraps inner (nil: a net.Dialer) so every connection it makes is
// checked. A net.Dialer gets the Control hook; another dialer is checked
// on the address it is asked for, which must then be numeric: it would
// resolve a name where the guard cannot see.
func (g *Guard) Dialer(inner DialFunc) DialFunc {
	if g == nil {
		return inner
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if inner == nil {
			d := net.Dialer{Control: g.Control}
			return d.DialContext(ctx, network, addr)
		}
		a, err := netip.ParseAddrPort(addr)
		if err != nil {
			return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("%w: %q is not an address", ErrRefused, addr)}
		}
		if err := g.Check(a); err != nil {
			return nil, &net.OpError{Op: "dial", Net: network, Addr: net.TCPAddrFromAddrPort(a), Err: err}
		}
		return inner(ctx, network, addr)
	}
}
