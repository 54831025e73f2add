package netclass

import (
	"net/netip"
	"testing"
)

// TestOf checks each range at its edges: the first and last address inside
// and the neighbours just outside, so an off-by-one prefix length fails.
func TestOf(t *testing.T) {
	cases := []struct {
		addr string
		want Class
	}{
		// RFC 1122 §3.2.1.3 "this network", RFC 4291 §2.5.2.
		{"0.0.0.0", Unspecified}, {"0.255.255.255", Unspecified}, {"1.0.0.0", Public},
		{"::", Unspecified}, {"::2", Public},
		// Loopback.
		{"127.0.0.1", Loopback}, {"127.255.255.255", Loopback}, {"126.255.255.255", Public}, {"128.0.0.0", Public},
		{"::1", Loopback},
		// Link-local, RFC 3927 and RFC 4291 §2.5.6.
		{"169.254.0.1", LinkLocal}, {"169.254.255.255", LinkLocal}, {"169.253.255.255", Public}, {"169.255.0.0", Public},
		{"fe80::1", LinkLocal}, {"febf:ffff::1", LinkLocal}, {"fec0::1", Public},
		{"fe80::1%eth0", LinkLocal},
		// Multicast, RFC 5771 and RFC 4291 §2.7.
		{"224.0.0.0", Multicast}, {"239.255.255.255", Multicast}, {"223.255.255.255", Public},
		{"ff02::1", Multicast}, {"ff00::", Multicast}, {"feff::1", Public},
		// Broadcast and the reserved block around it.
		{"255.255.255.255", Broadcast}, {"255.255.255.254", Reserved}, {"240.0.0.0", Reserved},
		// RFC 1918 and ULA.
		{"10.0.0.0", Private}, {"10.255.255.255", Private}, {"11.0.0.0", Public}, {"9.255.255.255", Public},
		{"172.16.0.1", Private}, {"172.31.255.255", Private}, {"172.15.255.255", Public}, {"172.32.0.0", Public},
		{"192.168.1.1", Private}, {"192.169.0.0", Public},
		{"fd00::1", Private}, {"fc00::", Private}, {"fbff::1", Public}, {"fe00::1", Public},
		// RFC 6598 shared address space.
		{"100.64.0.0", Shared}, {"100.127.255.255", Shared}, {"100.63.255.255", Public}, {"100.128.0.0", Public},
		// Documentation: RFC 5737, RFC 3849, RFC 9637.
		{"192.0.2.1", Documentation}, {"198.51.100.7", Documentation}, {"203.0.113.255", Documentation},
		{"203.0.114.0", Public}, {"192.0.3.0", Public},
		{"2001:db8::25", Documentation}, {"2001:db9::", Public}, {"3fff:fff::1", Documentation}, {"3fff:1000::", Public},
		// Benchmarking: RFC 2544, RFC 5180.
		{"198.18.0.1", Benchmarking}, {"198.19.255.255", Benchmarking}, {"198.20.0.0", Public},
		{"2001:2::1", Benchmarking}, {"2001:2:1::", Public},
		// IPv4-mapped IPv6 is where the dial really goes.
		{"::ffff:0.0.0.0", Unspecified}, {"::ffff:10.1.2.3", Private}, {"::ffff:8.8.8.8", Public},
		// Ordinary public unicast.
		{"8.8.8.8", Public}, {"2a00:1450:4001::1a", Public},
	}
	for _, c := range cases {
		if got := Of(netip.MustParseAddr(c.addr)); got != c.want {
			t.Errorf("Of(%s) = %s, want %s", c.addr, got, c.want)
		}
	}
	if got := Of(netip.Addr{}); got != Unspecified {
		t.Errorf("Of(invalid) = %s, want unspecified", got)
	}
}

// TestDialableAndGlobal pins which classes the walk refuses to dial and
// which only get a warning (issue 10, item 5).
func TestDialableAndGlobal(t *testing.T) {
	never := map[Class]bool{Unspecified: true, Multicast: true, Broadcast: true, LinkLocal: true, Reserved: true}
	for _, c := range Classes() {
		if c.Dialable() == never[c] {
			t.Errorf("%s.Dialable() = %v", c, c.Dialable())
		}
		if c.Global() != (c == Public) {
			t.Errorf("%s.Global() = %v", c, c.Global())
		}
		if c.String() == "unknown" || c.Words() == "" || c.RFC() == "" {
			t.Errorf("class %d has no name, words or RFC", int(c))
		}
	}
}

func BenchmarkOf(b *testing.B) {
	a := netip.MustParseAddr("2a00:1450:4001::1a")
	for b.Loop() {
		Of(a)
	}
}
