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
	"slices"
	"syscall"

	"github.com/mtasts-doctor/mtasts-doctor/probe/netclass"
)

// ErrRefused is what every refusal matches with errors.Is.
var ErrRefused = errors.New("refused by the network guard")

// RefusedError names the address refused and why.
type RefusedError struct {
	Addr  netip.AddrPort
	Class netclass.Class
	// Via is the IPv4 address Addr leads to (NAT64, 6to4), when that is
	// what was refused.
	Via netip.Addr
}

func (e *RefusedError) Error() string {
	if e.Via.IsValid() {
		return fmt.Sprintf("the network guard refused %s: it leads to %s, %s, and this server connects only to public unicast addresses",
			e.Addr, e.Via, e.Class.Words())
	}
	return fmt.Sprintf("the network guard refused %s: it is %s, and this server connects only to public unicast addresses",
		e.Addr, e.Class.Words())
}

func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// Guard decides which addresses may be dialled. A nil *Guard allows
// everything (the command line on the user's own machine).
type Guard struct {
	allowPrivate bool
	allow        map[netip.AddrPort]bool
	ranges       []allowedRange
}

// allowedRange is a prefix allowed on some ports only.
type allowedRange struct {
	prefix netip.Prefix
	ports  []uint16
}

// AllowRange also allows every address of p on the given ports, for a
// world that answers for a whole range through a dialer of its own (the
// lab gives out 127.77.0.0/16 addresses by the thousand). Call it before
// the guard is used; it returns g.
func (g *Guard) AllowRange(p netip.Prefix, ports ...uint16) *Guard {
	g.ranges = append(g.ranges, allowedRange{prefix: p.Masked(), ports: ports})
	return g
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
	for _, r := range g.ranges {
		if r.prefix.Contains(a.Addr()) && slices.Contains(r.ports, a.Port()) {
			return nil
		}
	}
	c := netclass.Of(a.Addr())
	if !c.Global() && !(g.allowPrivate && c.Dialable()) {
		return &RefusedError{Addr: a, Class: c}
	}
	if v4, ok := embeddedIPv4(a.Addr()); ok {
		// Packets to a translated or tunnelled address end up at the IPv4
		// address inside it: 64:ff9b::a00:1 reaches 10.0.0.1 through a
		// NAT64 gateway (cloud NAT64 gateways do translate to private
		// addresses).
		if c4 := netclass.Of(v4); !c4.Global() && !(g.allowPrivate && c4.Dialable()) {
			return &RefusedError{Addr: a, Class: c4, Via: v4}
		}
	}
	return nil
}

// IPv6 ranges that carry an IPv4 address.
var (
	nat64        = netip.MustParsePrefix("64:ff9b::/96")   // RFC 6052 §2.1, the well-known prefix
	nat64Local   = netip.MustParsePrefix("64:ff9b:1::/48") // RFC 8215, local-use translation
	sixToFour    = netip.MustParsePrefix("2002::/16")      // RFC 3056 §2
	v4Compatible = netip.MustParsePrefix("::/96")          // RFC 4291 §2.5.5.1, deprecated
)

// embeddedIPv4 is the IPv4 address an IPv6 address stands for, when it
// is in a range that carries one. For the local-use NAT64 prefix, whose
// layout the operator chooses, the last 32 bits are taken, as RFC 6052
// §2.2 lays out a /96.
func embeddedIPv4(a netip.Addr) (netip.Addr, bool) {
	if !a.Is6() || a.Is4In6() {
		return netip.Addr{}, false
	}
	b := a.As16()
	switch {
	case nat64.Contains(a), nat64Local.Contains(a),
		// :: and ::1 are classes of their own, not 0.0.0.0 and 0.0.0.1.
		v4Compatible.Contains(a) && !a.IsUnspecified() && !a.IsLoopback():
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixToFour.Contains(a):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	}
	return netip.Addr{}, false
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
