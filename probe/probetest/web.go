package probetest

import (
	"bufio"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"
)

// wellKnown is the one path a policy host serves (RFC 8461 §3.2).
const wellKnown = "/.well-known/mta-sts.txt"

// webHost is a running HTTPS policy host.
type webHost struct {
	w      *World
	host   string // FQDN with trailing dot
	origin string
	spec   WebHost
	tls    *tls.Config
}

func (w *World) startWeb(origin string, h WebHost, alloc *allocator) error {
	host := abs(h.Host, origin)
	wh := &webHost{w: w, host: host, origin: origin, spec: h}
	names := certNames(h.CertNames, host, origin)
	apex := strings.TrimSuffix(origin, ".")
	// The classic wrong name: the web server's certificate for the apex.
	cert, err := w.ca.leaf(h.Cert, names, []string{apex, "www." + apex})
	if err != nil {
		return err
	}
	other, err := w.ca.leaf("valid", []string{"default.lab.invalid"}, nil)
	if err != nil {
		return err
	}
	wh.tls = &tls.Config{
		MinVersion: tls.VersionTLS12,
		GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			if hello.ServerName != "" {
				return cert, nil
			}
			// RFC 8461 §7.1: the policy host may abort without SNI; some
			// serve a default certificate instead.
			switch h.NoSNI {
			case "other":
				return other, nil
			case "none":
				return nil, errors.New("no certificate without SNI")
			}
			return cert, nil
		},
	}
	for _, a := range alloc.assign(host, h.IP) {
		if err := w.expose(host, "https", a, 443, h.Behaviour == "refused", false, wh.handle); err != nil {
			return err
		}
	}
	return nil
}

// expose maps addr:port of host onto a fresh listener served by handle, or
// onto nothing (refused) or a black hole. The caller holds w.state (or the
// world is still starting).
func (w *World) expose(host, service string, a netip.Addr, port uint16, refused, blackhole bool, handle func(net.Conn)) error {
	key := netip.AddrPortFrom(a, port).String()
	if _, dup := w.ports[key]; dup {
		return fmt.Errorf("probetest: %s %s: %s is taken (IPv6 hosts share ::1, so a world holds one IPv6 host per service)", service, host, key)
	}
	m := Mapping{Host: strings.TrimSuffix(host, "."), Service: service, Addr: key}
	switch {
	case refused:
		// Nothing listens: the dialer answers "connection refused".
	case blackhole:
		w.ports[key] = target{blackhole: true}
	default:
		l, err := w.listen(a, int(port))
		if err != nil {
			return fmt.Errorf("probetest: %s %s: %w", service, host, err)
		}
		m.Listen = l.Addr().String()
		w.ports[key] = target{listen: m.Listen}
		w.served[service+" "+host] = append(w.served[service+" "+host], l)
		w.serve(l, handle)
	}
	w.mapping = append(w.mapping, m)
	return nil
}

func certNames(override []string, host, origin string) []string {
	if len(override) == 0 {
		return []string{strings.TrimSuffix(host, ".")}
	}
	out := make([]string, len(override))
	for i, n := range override {
		out[i] = strings.TrimSuffix(abs(n, origin), ".")
	}
	return out
}

func (h *webHost) handle(c net.Conn) {
	if h.spec.Behaviour == "stall-tls" {
		// Swallow the ClientHello and never answer it.
		io.Copy(io.Discard, c)
		return
	}
	tc := tls.Server(c, h.tls)
	if err := tc.Handshake(); err != nil {
		return
	}
	req, err := http.ReadRequest(bufio.NewReader(io.LimitReader(tc, 64<<10)))
	if err != nil {
		return
	}
	if h.spec.Behaviour == "hang" {
		// TLS is up, the request is in: never say a word.
		io.Copy(io.Discard, tc)
		return
	}
	if req.URL.Path != wellKnown {
		h.respond(tc, http.StatusNotFound, "text/plain", "not found\n", nil)
		return
	}
	body := expand(h.spec.Body, h.origin)
	ct := h.spec.ContentType
	if ct == "" {
		ct = "text/plain"
	}
	status := h.spec.Status
	if status == 0 {
		status = http.StatusOK
	}
	self := "https://" + strings.TrimSuffix(h.host, ".") + wellKnown
	switch h.spec.Behaviour {
	case "redirect":
		if h.spec.Status == 0 {
			status = http.StatusMovedPermanently
		}
		h.respond(tc, status, ct, body, []string{"Location: " + expand(h.spec.Location, h.origin)})
	case "redirect-loop":
		h.respond(tc, http.StatusMovedPermanently, ct, "", []string{"Location: " + self})
	case "slow":
		if h.w.sleep(h.w.scaled(h.spec.Delay, 5*time.Second)) {
			h.respond(tc, status, ct, body, nil)
		}
	case "huge":
		h.respond(tc, status, ct, pad(body, 80<<10), nil)
	case "huge-headers":
		extra := make([]string, 512)
		for i := range extra {
			extra[i] = fmt.Sprintf("X-Pad-%03d: %s", i, strings.Repeat("a", 4096))
		}
		h.respond(tc, status, ct, body, extra)
	case "endless":
		h.endless(tc, status, ct, body)
	case "trickle":
		h.trickle(tc, status, ct, body)
	default:
		var extra []string
		if h.spec.Location != "" {
			extra = []string{"Location: " + expand(h.spec.Location, h.origin)}
		}
		h.respond(tc, status, ct, body, extra)
	}
}

func head(status int, ct string, length int, extra []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	if ct != "-" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", ct)
	}
	if length >= 0 {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", length)
	}
	for _, e := range extra {
		b.WriteString(e + "\r\n")
	}
	b.WriteString("Connection: close\r\n\r\n")
	return b.String()
}

func (h *webHost) respond(c net.Conn, status int, ct, body string, extra []string) {
	io.WriteString(c, head(status, ct, len(body), extra)+body)
}

// endless sends a body with no length that never ends, until the client
// hangs up or the world closes.
func (h *webHost) endless(c net.Conn, status int, ct, body string) {
	if _, err := io.WriteString(c, head(status, ct, -1, nil)+body); err != nil {
		return
	}
	chunk := strings.Repeat("x_pad: "+strings.Repeat("a", 120)+"\r\n", 128)
	for {
		if _, err := io.WriteString(c, chunk); err != nil {
			return
		}
	}
}

// trickle sends the whole response one byte per Delay (default a second).
func (h *webHost) trickle(c net.Conn, status int, ct, body string) {
	resp := head(status, ct, len(body), nil) + body
	every := h.w.scaled(h.spec.Delay, time.Second)
	for i := 0; i < len(resp); i++ {
		if _, err := c.Write([]byte{resp[i]}); err != nil || !h.w.sleep(every) {
			return
		}
	}
}

// pad makes a policy body longer than n bytes with extension lines, which
// parsers ignore (RFC 8461 §3.2): only the size is wrong.
func pad(body string, n int) string {
	var b strings.Builder
	b.WriteString(body)
	line := "x_pad: " + strings.Repeat("a", 120) + "\r\n"
	for b.Len() <= n {
		b.WriteString(line)
	}
	return b.String()
}
