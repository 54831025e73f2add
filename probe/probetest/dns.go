package probetest

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/miekg/dns"
)

// startDNS serves the zone on UDP and TCP at the same loopback port.
func (w *World) startDNS() error {
	ip := ipv4Prefix + "0.53"
	var (
		pc  net.PacketConn
		ln  net.Listener
		err error
	)
	// UDP and TCP must share a port number; an ephemeral UDP port may be
	// taken on TCP, so retry a few times.
	for try := 0; try < 20; try++ {
		port := "0"
		if w.cfg.RealPorts {
			port = "53"
		}
		if pc, err = net.ListenPacket("udp", net.JoinHostPort(ip, port)); err != nil {
			return fmt.Errorf("probetest: dns: %w", err)
		}
		port = strconv.Itoa(pc.LocalAddr().(*net.UDPAddr).Port)
		if ln, err = net.Listen("tcp", net.JoinHostPort(ip, port)); err == nil {
			break
		}
		pc.Close()
		if w.cfg.RealPorts {
			return fmt.Errorf("probetest: dns: %w", err)
		}
	}
	if err != nil {
		return fmt.Errorf("probetest: dns: %w", err)
	}
	w.resolver = ln.Addr().String()
	w.serveOn(pc, ln, dns.HandlerFunc(w.serveDNS))
	return nil
}

// serveOn answers DNS with h over UDP on pc and TCP on ln until the world
// closes, and returns once both servers are up.
func (w *World) serveOn(pc net.PacketConn, ln net.Listener, h dns.Handler) []*dns.Server {
	servers := []*dns.Server{{PacketConn: pc, Handler: h}, {Listener: ln, Handler: h}}
	for _, srv := range servers {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			srv.ActivateAndServe()
		}()
		<-started
		w.mu.Lock()
		w.dns = append(w.dns, srv)
		w.mu.Unlock()
	}
	return servers
}

func (w *World) serveDNS(rw dns.ResponseWriter, req *dns.Msg) {
	if len(req.Question) != 1 {
		m := new(dns.Msg)
		m.SetRcode(req, dns.RcodeFormatError)
		rw.WriteMsg(m)
		return
	}
	if !w.sleep(w.cfg.Latency) {
		return
	}
	_, udp := rw.RemoteAddr().(*net.UDPAddr)
	z := w.zone.Load()
	opts := z.opts[strings.ToLower(req.Question[0].Name)]
	switch opts.Fault {
	case "drop":
		// Never answer: the client's deadline is the only way out.
		return
	case "servfail":
		m := new(dns.Msg)
		m.SetRcode(req, dns.RcodeServerFailure)
		m.RecursionAvailable = true
		rw.WriteMsg(m)
		return
	case "truncate":
		if udp {
			// RFC 7766 §5: TC set, so the client must retry over TCP.
			m := new(dns.Msg)
			m.SetReply(req)
			m.Truncated = true
			rw.WriteMsg(m)
			return
		}
	}
	m := z.answer(req)
	size := dns.MinMsgSize
	if opt := req.IsEdns0(); opt != nil {
		m.SetEdns0(4096, opt.Do())
		size = max(int(opt.UDPSize()), dns.MinMsgSize)
	}
	if udp {
		m.Truncate(size)
	} else {
		m.Truncate(dns.MaxMsgSize)
	}
	rw.WriteMsg(m)
}
