package dnsx

import (
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// startDNS serves h over UDP and TCP on the same 127.0.0.1 port, as a real
// resolver does, so the TCP fallback reaches the same server.
func startDNS(t *testing.T, h dns.HandlerFunc) string {
	t.Helper()
	for range 20 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := pc.LocalAddr().(*net.UDPAddr).Port
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			pc.Close()
			continue
		}
		udp := &dns.Server{PacketConn: pc, Handler: h}
		tcp := &dns.Server{Listener: l, Handler: h}
		started := make(chan struct{}, 2)
		udp.NotifyStartedFunc = func() { started <- struct{}{} }
		tcp.NotifyStartedFunc = func() { started <- struct{}{} }
		go udp.ActivateAndServe()
		go tcp.ActivateAndServe()
		<-started
		<-started
		t.Cleanup(func() {
			udp.Shutdown()
			tcp.Shutdown()
		})
		return pc.LocalAddr().String()
	}
	t.Fatal("no free port for UDP and TCP together")
	return ""
}

// startRawUDP answers each datagram with whatever reply returns (nothing,
// garbage, several datagrams), for servers miekg/dns would not imitate.
func startRawUDP(t *testing.T, reply func(query []byte) [][]byte) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 65535)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			for _, d := range reply(append([]byte(nil), buf[:n]...)) {
				pc.WriteTo(d, from)
			}
		}
	}()
	t.Cleanup(func() {
		pc.Close()
		<-done
	})
	return pc.LocalAddr().String()
}

// isTCP reports whether w is a TCP exchange.
func isTCP(w dns.ResponseWriter) bool { return w.LocalAddr().Network() == "tcp" }

func reply(w dns.ResponseWriter, r *dns.Msg, rcode int, rrs ...string) {
	m := new(dns.Msg)
	m.SetRcode(r, rcode)
	for _, s := range rrs {
		rr, err := dns.NewRR(s)
		if err != nil {
			panic(err)
		}
		m.Answer = append(m.Answer, rr)
	}
	w.WriteMsg(m)
}

func testClient(servers ...string) *Client {
	// A second per exchange: ample for loopback even on a loaded CI machine
	// running -race, short enough for the tests of silent servers.
	return &Client{Servers: servers, Timeout: time.Second}
}
