package probetest

import (
	"fmt"
	"net"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/miekg/dns"
)

// A domain with NS entries (NameServer, scenario.go) publishes "@ NS host"
// records (and the hosts' addresses), and each server answers for the
// domain alone, on its own address, from its own copy of the zone — so one
// can lag behind the others, the way a secondary that missed a NOTIFY
// serves the old id.

// nameServer is a running authoritative server.
type nameServer struct {
	zone    atomic.Pointer[zone]
	fault   atomic.Value // string
	servers []*dns.Server
}

// NameserverAddr maps the address the probe asks ("127.77.1.9:53") to
// where that authoritative server really listens; other addresses are
// returned unchanged.
func (w *World) NameserverAddr(hostport string) string {
	w.state.RLock()
	defer w.state.RUnlock()
	if real, ok := w.nsPorts[hostport]; ok {
		return real
	}
	return hostport
}

// Nameservers lists every authoritative server of the world: Addr is the
// address the probe asks (port 53), Listen where it really listens.
func (w *World) Nameservers() []Mapping {
	w.state.RLock()
	defer w.state.RUnlock()
	out := make([]Mapping, 0, len(w.nsPorts))
	for addr, real := range w.nsPorts {
		out = append(out, Mapping{Service: "dns", Addr: addr, Listen: real})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Addr < out[j].Addr })
	return out
}

// startNS starts (or, after Set, updates) the authoritative servers of d.
// The caller holds w.state or the world is starting.
func (w *World) startNS(d Domain) error {
	origin := fqdn(d.Name)
	for _, ns := range d.NS {
		host := abs(ns.Host, origin)
		own := Domain{Name: d.Name, Zone: d.Zone, Names: d.Names, Web: d.Web, Mail: d.Mail, NS: d.NS}
		if ns.Zone != nil {
			own.Zone = ns.Zone
		}
		z, err := buildZone([]Domain{own}, w.alloc, w.ca)
		if err != nil {
			return fmt.Errorf("probetest: zone of %s on %s: %w", d.Name, host, err)
		}
		if s, ok := w.ns[host]; ok {
			s.zone.Store(z)
			s.fault.Store(ns.Fault)
			continue
		}
		s := &nameServer{}
		s.zone.Store(z)
		s.fault.Store(ns.Fault)
		addr := w.alloc.assign(host, "v4")[0]
		real, err := w.serveDNSAt(addr, dns.HandlerFunc(func(rw dns.ResponseWriter, req *dns.Msg) { w.answerAuthoritative(s, rw, req) }), s)
		if err != nil {
			return fmt.Errorf("probetest: nameserver %s: %w", host, err)
		}
		w.ns[host] = s
		w.nsPorts[netip.AddrPortFrom(addr, 53).String()] = real
	}
	return nil
}

// serveDNSAt listens on UDP and TCP at the same port of addr (53 with
// RealPorts) and returns the TCP address.
func (w *World) serveDNSAt(addr netip.Addr, h dns.Handler, s *nameServer) (string, error) {
	if !addr.IsLoopback() {
		return "", fmt.Errorf("refusing to listen on non-loopback %s", addr)
	}
	var (
		pc  net.PacketConn
		ln  net.Listener
		err error
	)
	for try := 0; try < 20; try++ {
		port := "0"
		if w.cfg.RealPorts {
			port = "53"
		}
		if pc, err = net.ListenPacket("udp", net.JoinHostPort(addr.String(), port)); err != nil {
			return "", err
		}
		port = strconv.Itoa(pc.LocalAddr().(*net.UDPAddr).Port)
		if ln, err = net.Listen("tcp", net.JoinHostPort(addr.String(), port)); err == nil {
			break
		}
		pc.Close()
	}
	if err != nil {
		return "", err
	}
	s.servers = append(s.servers, w.serveOn(pc, ln, h)...)
	return ln.Addr().String(), nil
}

// answerAuthoritative answers for the server's own zone only: names
// outside it get REFUSED, as from a real authoritative-only server.
func (w *World) answerAuthoritative(s *nameServer, rw dns.ResponseWriter, req *dns.Msg) {
	if len(req.Question) != 1 {
		m := new(dns.Msg)
		m.SetRcode(req, dns.RcodeFormatError)
		rw.WriteMsg(m)
		return
	}
	if !w.sleep(w.cfg.Latency) {
		return
	}
	z := s.zone.Load()
	name := strings.ToLower(req.Question[0].Name)
	inZone := false
	for _, o := range z.origins {
		inZone = inZone || dns.IsSubDomain(o, name)
	}
	switch fault, _ := s.fault.Load().(string); {
	case fault == "drop":
		return
	case fault == "refused" || !inZone:
		m := new(dns.Msg)
		m.SetRcode(req, dns.RcodeRefused)
		rw.WriteMsg(m)
		return
	}
	m := z.answer(req)
	m.RecursionAvailable = false
	if opt := req.IsEdns0(); opt != nil {
		m.SetEdns0(4096, opt.Do())
	}
	if _, udp := rw.RemoteAddr().(*net.UDPAddr); udp {
		size := dns.MinMsgSize
		if opt := req.IsEdns0(); opt != nil {
			size = max(int(opt.UDPSize()), dns.MinMsgSize)
		}
		m.Truncate(size)
	}
	rw.WriteMsg(m)
}
