// Package netclass sorts an IP address into the kinds that matter to a
// sender on the public Internet: addresses nobody can connect to (the
// unspecified address, multicast, broadcast, link-local, reserved), addresses
// that only reach a private or local network (loopback, RFC 1918 and ULA,
// shared CGNAT space, documentation and benchmarking ranges), and public
// unicast.
//
// The walk uses it so that an MX or policy host published at 0.0.0.0 or ::
// is named as such instead of being dialled (the kernel would connect to
// the checker's own machine and show a local service's certificate as the
// domain's evidence), and so that a private address gets a warning that
// Internet senders cannot reach it. A dial-time network guard (serve) uses
// the same table, so both agree on what is local.
//
// The ranges are those of the IANA IPv4 and IPv6 Special-Purpose Address
// Registries (RFC 6890), each cited where it is listed.
package netclass

import "net/netip"

// Class is the kind of an address. The zero value is Public.
type Class int

const (
	// Public is global unicast: what an MX or policy host should have.
	Public Class = iota
	// Unspecified is 0.0.0.0/8 ("this network", RFC 1122 §3.2.1.3) or ::
	// (RFC 4291 §2.5.2): no host has it; dialling it reaches this machine.
	Unspecified
	// Loopback is 127.0.0.0/8 (RFC 1122 §3.2.1.3) or ::1 (RFC 4291 §2.5.3):
	// the sender's own machine.
	Loopback
	// LinkLocal is 169.254.0.0/16 (RFC 3927) or fe80::/10 (RFC 4291 §2.5.6):
	// valid on one link only, and meaningless without a zone.
	LinkLocal
	// Multicast is 224.0.0.0/4 (RFC 5771) or ff00::/8 (RFC 4291 §2.7): a
	// group, not a host; TCP cannot connect to it.
	Multicast
	// Broadcast is 255.255.255.255 (RFC 919, RFC 8190): every host on the
	// local link; TCP cannot connect to it.
	Broadcast
	// Reserved is 240.0.0.0/4 (RFC 1112 §4), reserved for future use and
	// routed nowhere.
	Reserved
	// Private is 10/8, 172.16/12, 192.168/16 (RFC 1918) or fc00::/7 (ULA,
	// RFC 4193): reachable only inside the network that uses it.
	Private
	// Shared is 100.64.0.0/10 (RFC 6598), the carrier-grade NAT space:
	// reachable only inside one provider's network.
	Shared
	// Documentation is 192.0.2/24, 198.51.100/24, 203.0.113/24 (RFC 5737),
	// 2001:db8::/32 (RFC 3849) or 3fff::/20 (RFC 9637): examples, never
	// routed.
	Documentation
	// Benchmarking is 198.18.0.0/15 (RFC 2544) or 2001:2::/48 (RFC 5180):
	// lab networks, never routed.
	Benchmarking
)

// ranges maps each special-purpose prefix to its class; anything outside
// them is Public. The first match wins; the only nesting is broadcast
// inside 240.0.0.0/4, so it comes first.
var ranges = []struct {
	prefix netip.Prefix
	class  Class
}{
	{netip.MustParsePrefix("0.0.0.0/8"), Unspecified},
	{netip.MustParsePrefix("::/128"), Unspecified},
	{netip.MustParsePrefix("127.0.0.0/8"), Loopback},
	{netip.MustParsePrefix("::1/128"), Loopback},
	{netip.MustParsePrefix("169.254.0.0/16"), LinkLocal},
	{netip.MustParsePrefix("fe80::/10"), LinkLocal},
	{netip.MustParsePrefix("224.0.0.0/4"), Multicast},
	{netip.MustParsePrefix("ff00::/8"), Multicast},
	{netip.MustParsePrefix("255.255.255.255/32"), Broadcast},
	{netip.MustParsePrefix("240.0.0.0/4"), Reserved}, // after broadcast: it contains it
	{netip.MustParsePrefix("10.0.0.0/8"), Private},
	{netip.MustParsePrefix("172.16.0.0/12"), Private},
	{netip.MustParsePrefix("192.168.0.0/16"), Private},
	{netip.MustParsePrefix("fc00::/7"), Private},
	{netip.MustParsePrefix("100.64.0.0/10"), Shared},
	{netip.MustParsePrefix("192.0.2.0/24"), Documentation},
	{netip.MustParsePrefix("198.51.100.0/24"), Documentation},
	{netip.MustParsePrefix("203.0.113.0/24"), Documentation},
	{netip.MustParsePrefix("2001:db8::/32"), Documentation},
	{netip.MustParsePrefix("3fff::/20"), Documentation},
	{netip.MustParsePrefix("198.18.0.0/15"), Benchmarking},
	{netip.MustParsePrefix("2001:2::/48"), Benchmarking},
}

// Of classifies a. An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is
// classified as the IPv4 address it carries, since that is where a dial
// goes; a zone (fe80::1%eth0) is ignored. The invalid Addr is Unspecified:
// there is nothing to connect to.
func Of(a netip.Addr) Class {
	if !a.IsValid() {
		return Unspecified
	}
	a = a.Unmap().WithZone("")
	for _, r := range ranges {
		if r.prefix.Contains(a) {
			return r.class
		}
	}
	return Public
}

// Dialable reports whether a TCP connection to an address of this class
// can mean anything: false for the unspecified address (it reaches this
// machine), multicast, broadcast, link-local and reserved space. The walk
// never dials those.
func (c Class) Dialable() bool {
	switch c {
	case Unspecified, Multicast, Broadcast, LinkLocal, Reserved:
		return false
	}
	return true
}

// Global reports whether a sender anywhere on the Internet can reach an
// address of this class: only Public.
func (c Class) Global() bool { return c == Public }

// String is a short name for the class, as used in codes and JSON.
func (c Class) String() string {
	switch c {
	case Public:
		return "public"
	case Unspecified:
		return "unspecified"
	case Loopback:
		return "loopback"
	case LinkLocal:
		return "link_local"
	case Multicast:
		return "multicast"
	case Broadcast:
		return "broadcast"
	case Reserved:
		return "reserved"
	case Private:
		return "private"
	case Shared:
		return "shared"
	case Documentation:
		return "documentation"
	case Benchmarking:
		return "benchmarking"
	}
	return "unknown"
}

// Words names the class in a sentence: "the unspecified address",
// "a private address (RFC 1918 or ULA)".
func (c Class) Words() string {
	switch c {
	case Unspecified:
		return "the unspecified address"
	case Loopback:
		return "a loopback address"
	case LinkLocal:
		return "a link-local address"
	case Multicast:
		return "a multicast address"
	case Broadcast:
		return "the broadcast address"
	case Reserved:
		return "a reserved address (240.0.0.0/4)"
	case Private:
		return "a private address (RFC 1918 or ULA)"
	case Shared:
		return "a carrier-grade NAT address (100.64.0.0/10)"
	case Documentation:
		return "a documentation address"
	case Benchmarking:
		return "a benchmarking address"
	}
	return "a public address"
}

// RFC is the section that defines the class's range(s).
func (c Class) RFC() string {
	switch c {
	case Unspecified:
		return "RFC 1122 §3.2.1.3"
	case Loopback:
		return "RFC 1122 §3.2.1.3"
	case LinkLocal:
		return "RFC 3927 §2.1"
	case Multicast:
		return "RFC 5771"
	case Broadcast:
		return "RFC 919 §7"
	case Reserved:
		return "RFC 1112 §4"
	case Private:
		return "RFC 1918 §3"
	case Shared:
		return "RFC 6598 §7"
	case Documentation:
		return "RFC 5737 §3"
	case Benchmarking:
		return "RFC 2544 §12"
	}
	return "RFC 6890"
}

// Classes lists every class, Public first.
func Classes() []Class {
	return []Class{Public, Unspecified, Loopback, LinkLocal, Multicast, Broadcast, Reserved, Private, Shared, Documentation, Benchmarking}
}
