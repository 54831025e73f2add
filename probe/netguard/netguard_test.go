package netguard

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"
)

func TestCheck(t *testing.T) {
	lab := netip.MustParseAddrPort("127.0.0.1:5353")
	strict, lenient := New(false, lab), New(true)
	for _, tc := range []struct {
		addr            string
		strict, lenient bool // allowed?
	}{
		{"192.0.43.10:443", true, true}, // public
		{"[2001:500:88:200::10]:25", true, true},
		{"10.0.0.1:25", false, true},
		{"172.16.5.4:443", false, true},
		{"192.168.1.1:443", false, true},
		{"[fd00::1]:25", false, true},
		{"100.64.0.1:25", false, true},
		{"192.0.2.1:443", false, true}, // documentation
		{"127.0.0.1:25", false, true},
		{"[::1]:25", false, true},
		{"[::ffff:10.0.0.1]:25", false, true}, // mapped is the v4 address
		{"169.254.169.254:443", false, false}, // cloud metadata: link-local
		{"[fe80::1%eth0]:25", false, false},
		{"0.0.0.0:25", false, false},
		{"[::]:25", false, false},
		{"224.0.0.1:25", false, false},
		{"255.255.255.255:25", false, false},
		{"240.0.0.1:25", false, false},
		// IPv6 that leads to IPv4: judged by where it leads.
		{"[64:ff9b::a00:1]:25", false, true},         // NAT64 of 10.0.0.1
		{"[64:ff9b::c000:2b0a]:25", true, true},      // NAT64 of 192.0.43.10
		{"[64:ff9b:1::a9fe:a9fe]:443", false, false}, // local-use NAT64 of 169.254.169.254
		{"[2002:a00:1::1]:25", false, true},          // 6to4 of 10.0.0.1
		{"[2002:c000:2b0a::1]:25", true, true},       // 6to4 of 192.0.43.10
		{"[::7f00:1]:25", false, true},               // IPv4-compatible 127.0.0.1
		{"127.0.0.1:5353", true, true},               // exactly the allowed one
		{"127.0.0.1:5354", false, true},
	} {
		a := netip.MustParseAddrPort(tc.addr)
		if got := strict.Check(a) == nil; got != tc.strict {
			t.Errorf("strict guard allows %s: %v, want %v", tc.addr, got, tc.strict)
		}
		if got := lenient.Check(a) == nil; got != tc.lenient {
			t.Errorf("--allow-private guard allows %s: %v, want %v", tc.addr, got, tc.lenient)
		}
	}
	err := strict.Check(netip.MustParseAddrPort("10.0.0.1:25"))
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "10.0.0.1:25") || !strings.Contains(err.Error(), "private") {
		t.Errorf("refusal: %v", err)
	}
	err = strict.Check(netip.MustParseAddrPort("[64:ff9b::a00:1]:25"))
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "leads to 10.0.0.1") {
		t.Errorf("NAT64 refusal: %v", err)
	}
	ranged := New(false).AllowRange(netip.MustParsePrefix("127.77.0.0/16"), 443, 25)
	for addr, want := range map[string]bool{"127.77.244.1:443": true, "127.77.1.1:25": true, "127.77.1.1:53": false, "127.0.0.1:443": false} {
		if got := ranged.Check(netip.MustParseAddrPort(addr)) == nil; got != want {
			t.Errorf("range guard allows %s: %v, want %v", addr, got, want)
		}
	}
	var nilGuard *Guard
	if nilGuard.Check(netip.MustParseAddrPort("127.0.0.1:25")) != nil {
		t.Error("a nil guard refused")
	}
}

// recorder is a dialer that records what it is asked for and never dials.
type recorder struct {
	mu    sync.Mutex
	asked []string
}

func (r *recorder) dial(_ context.Context, _, addr string) (net.Conn, error) {
	r.mu.Lock()
	r.asked = append(r.asked, addr)
	r.mu.Unlock()
	return nil, errors.New("recorder never dials")
}

func TestDialerChecksBeforeAnotherDialer(t *testing.T) {
	var rec recorder
	dial := New(false).Dialer(rec.dial)
	for _, addr := range []string{"10.0.0.1:25", "127.0.0.1:443", "mx.example:25"} {
		_, err := dial(t.Context(), "tcp", addr)
		if !errors.Is(err, ErrRefused) {
			t.Errorf("%s: %v, want a refusal", addr, err)
		}
	}
	if len(rec.asked) != 0 {
		t.Errorf("the inner dialer was asked for %v", rec.asked)
	}
	dial(t.Context(), "tcp", "192.0.43.10:443")
	if len(rec.asked) != 1 {
		t.Errorf("a public address did not reach the inner dialer: %v", rec.asked)
	}
}

// The default dialer is checked in Control, on the address the socket is
// about to connect to (after any name resolution), before any packet.
func TestControlRefusesAfterResolution(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan struct{}, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- struct{}{}
			c.Close()
		}
	}()
	_, err = New(false).Dialer(nil)(t.Context(), "tcp", ln.Addr().String())
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("dialling %s: %v, want a refusal", ln.Addr(), err)
	}
	select {
	case <-accepted:
		t.Error("the listener saw a connection")
	default:
	}
	// And exactly the allowed address gets through.
	ap := netip.MustParseAddrPort(ln.Addr().String())
	c, err := New(false, ap).Dialer(nil)(t.Context(), "tcp", ap.String())
	if err != nil {
		t.Fatalf("the allowed address: %v", err)
	}
	c.Close()
}
