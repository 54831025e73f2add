package probe

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/netclass"
)

// addressCode is the finding for an address of class c (none for Public).
func addressCode(c netclass.Class) diag.Code {
	switch c {
	case netclass.Unspecified:
		return CodeAddrUnspecified
	case netclass.Multicast:
		return CodeAddrMulticast
	case netclass.Broadcast:
		return CodeAddrBroadcast
	case netclass.LinkLocal:
		return CodeAddrLinkLocal
	case netclass.Reserved:
		return CodeAddrReserved
	case netclass.Loopback:
		return CodeAddrLoopback
	case netclass.Private:
		return CodeAddrPrivate
	case netclass.Shared:
		return CodeAddrShared
	case netclass.Documentation:
		return CodeAddrDocumentation
	case netclass.Benchmarking:
		return CodeAddrBenchmarking
	}
	return ""
}

// classOf classifies an address as the walk sees it: the prefixes in
// Options.PublicPrefixes (the lab's loopback world) count as public.
func (o Options) classOf(a netip.Addr) netclass.Class {
	for _, p := range o.PublicPrefixes {
		if p.Contains(a.Unmap()) {
			return netclass.Public
		}
	}
	return netclass.Of(a)
}

// addrSet is one host's addresses sorted out by class.
type addrSet struct {
	// all is every distinct address, sorted, so the same answer in any
	// order gives the same set (DNS servers rotate their answers).
	all []netip.Addr
	// unusable are the addresses never dialled (netclass Dialable false).
	unusable []netip.Addr
	// byClass groups every non-public address by class, for the findings.
	byClass map[netclass.Class][]netip.Addr
}

// sortAddresses dedupes and sorts addrs and groups them by class.
func (o Options) sortAddresses(addrs []netip.Addr) addrSet {
	all := slices.Clone(addrs)
	slices.SortFunc(all, func(a, b netip.Addr) int { return a.Compare(b) })
	all = slices.Compact(all)
	s := addrSet{all: all, byClass: map[netclass.Class][]netip.Addr{}}
	for _, a := range all {
		c := o.classOf(a)
		if c == netclass.Public {
			continue
		}
		s.byClass[c] = append(s.byClass[c], a)
		if !c.Dialable() {
			s.unusable = append(s.unusable, a)
		}
	}
	return s
}

// usable is every address that may be dialled, in sorted order.
func (s addrSet) usable() []netip.Addr {
	out := make([]netip.Addr, 0, len(s.all)-len(s.unusable))
	for _, a := range s.all {
		if !slices.Contains(s.unusable, a) {
			out = append(out, a)
		}
	}
	return out
}

// capped returns the first n of addrs per address family, in order, and
// how many were left out. The bound is per family so a host's IPv6
// addresses are probed even when it has hundreds of IPv4 ones.
func capped(addrs []netip.Addr, n int) (kept []netip.Addr, left int) {
	var v4, v6 int
	for _, a := range addrs {
		c := &v4
		if !a.Unmap().Is4() {
			c = &v6
		}
		if *c >= n {
			left++
			continue
		}
		*c++
		kept = append(kept, a)
	}
	return kept, left
}

// notProbedNote says how many addresses of host the walk left out.
func notProbedNote(host string, left int) string {
	return fmt.Sprintf("%s: %s not probed (at most %d per address family, the lowest first; a sender gives up well before: Postfix tries 5 per delivery)",
		host, count(left, "more address"), MaxAddrsPerFamily)
}

// findings returns one diagnostic per class of non-public address that
// host has. what says what the host is for ("MX host", "policy host");
// unusableSev is the severity for addresses nobody can connect to (the
// caller knows whether other addresses make up for them).
func (s addrSet) findings(host, what, consequence string, unusableSev diag.Severity) diag.List {
	var out diag.List
	for _, c := range netclass.Classes() {
		addrs := s.byClass[c]
		if len(addrs) == 0 {
			continue
		}
		list := shortAddrList(addrs)
		if !c.Dialable() {
			out = append(out, diag.Newf(addressCode(c), unusableSev, c.RFC(),
				"%s %s has %s (%s), which no sender can connect to; %s (not probed)",
				what, host, list, c.Words(), consequence))
			continue
		}
		out = append(out, diag.Newf(addressCode(c), diag.Warning, c.RFC(),
			"%s %s has %s (%s): only senders inside that network can reach %s, senders on the Internet cannot",
			what, host, list, c.Words(), verb(len(addrs), "it", "them")))
	}
	return out
}

// shortAddrList names up to three addresses and counts the rest.
func shortAddrList(addrs []netip.Addr) string {
	const shown = 3
	s := make([]string, 0, shown)
	for _, a := range addrs[:min(shown, len(addrs))] {
		s = append(s, a.String())
	}
	out := strings.Join(s, ", ")
	if len(addrs) > shown {
		out += fmt.Sprintf(" and %d more", len(addrs)-shown)
	}
	return out
}
