package probetest

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"strings"
	"time"
)

// mailHost is a running SMTP server for one MX host. It speaks enough of
// RFC 5321 and RFC 3207 for a STARTTLS probe and never accepts mail.
type mailHost struct {
	w    *World
	name string // FQDN without trailing dot
	spec MailHost
	tls  *tls.Config
}

func (w *World) startMail(origin string, h MailHost, alloc *allocator) error {
	host := abs(h.Host, origin)
	mh := &mailHost{w: w, name: strings.TrimSuffix(host, "."), spec: h}
	// A wrong name an MX typically has: the snake-oil certificate of a
	// fresh install.
	cert, err := w.ca.leaf(h.Cert, certNames(h.CertNames, host, origin), []string{"localhost.localdomain"})
	if err != nil {
		return err
	}
	mh.tls = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{*cert}}
	for _, a := range alloc.assign(host, h.IP) {
		if err := w.expose(host, "smtp", a, 25, h.Behaviour == "refused", h.Behaviour == "unreachable", mh.handle); err != nil {
			return err
		}
	}
	return nil
}

func (h *mailHost) handle(c net.Conn) {
	var conn net.Conn = c
	switch h.spec.Behaviour {
	case "banner-never":
		io.Copy(io.Discard, c)
		return
	case "banner-4xx":
		// RFC 5321 §3.1: 421 and the server closes.
		io.WriteString(c, "421 4.3.2 "+h.name+" Service not available, closing transmission channel\r\n")
		return
	case "banner-5xx":
		io.WriteString(c, "554 5.3.2 "+h.name+" No SMTP service here\r\n")
	case "trickle":
		banner := "220 " + h.name + " ESMTP lab\r\n"
		every := h.w.scaled(h.spec.Delay, time.Second)
		for i := 0; i < len(banner); i++ {
			if _, err := c.Write([]byte{banner[i]}); err != nil || !h.w.sleep(every) {
				return
			}
		}
	case "banner-endless":
		// A multi-line greeting (220-) that never reaches its last line,
		// a line every Delay (default 300 ms): well inside any line limit,
		// only the deadline ends it.
		every := h.w.scaled(h.spec.Delay, 300*time.Millisecond)
		for {
			if _, err := io.WriteString(c, "220-"+h.name+" still greeting\r\n"); err != nil || !h.w.sleep(every) {
				return
			}
		}
	case "escapes":
		io.WriteString(c, "220 "+h.name+" ESMTP \x1b]0;owned\x07\x1b[2J\x1b[31mred\x9b0m\r\n")
	default:
		io.WriteString(c, "220 "+h.name+" ESMTP lab (never accepts mail)\r\n")
	}
	r := bufio.NewReaderSize(conn, 1024)
	secure := false
	var msg Delivery
	for {
		line, err := r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			io.WriteString(conn, "500 5.5.6 Line too long\r\n")
			return
		}
		if err != nil {
			return
		}
		verb, _, _ := strings.Cut(strings.TrimSpace(string(line)), " ")
		verb = strings.ToUpper(verb)
		reply := ""
		switch {
		case h.spec.Behaviour == "banner-5xx" && verb != "QUIT":
			// RFC 5321 §3.1: after a 554 greeting only QUIT makes sense.
			reply = "503 5.5.1 No SMTP service here\r\n"
		case verb == "EHLO":
			if h.spec.Behaviour == "endless-continuation" {
				h.endless(conn)
				return
			}
			reply = h.ehlo(secure)
		case verb == "HELO":
			reply = "250 " + h.name + "\r\n"
		case verb == "STARTTLS" && (secure || h.spec.Behaviour == "no-starttls"):
			reply = "502 5.5.1 STARTTLS not available\r\n"
		case verb == "STARTTLS":
			if _, err := io.WriteString(conn, "220 2.0.0 Ready to start TLS\r\n"); err != nil {
				return
			}
			tc := tls.Server(c, h.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			// RFC 3207 §4.2: all knowledge from before TLS is discarded.
			conn, r, secure = tc, bufio.NewReaderSize(tc, 1024), true
			msg = Delivery{}
			continue
		case verb == "QUIT":
			io.WriteString(conn, "221 2.0.0 Bye\r\n")
			return
		case verb == "RSET":
			msg = Delivery{}
			reply = "250 2.0.0 OK\r\n"
		case verb == "NOOP":
			reply = "250 2.0.0 OK\r\n"
		case h.spec.Accept && (verb == "MAIL" || verb == "RCPT" || verb == "DATA"):
			if !h.transaction(conn, r, verb, line, secure, &msg) {
				return
			}
			continue
		case verb == "MAIL" || verb == "RCPT" || verb == "DATA" || verb == "BDAT":
			reply = "502 5.5.1 This lab host never accepts mail\r\n"
		default:
			reply = "500 5.5.2 Command unrecognised\r\n"
		}
		if _, err := io.WriteString(conn, reply); err != nil {
			return
		}
	}
}

func (h *mailHost) ehlo(secure bool) string {
	greet := h.name + " greets you"
	if h.spec.Behaviour == "escapes" {
		greet = h.name + " \x1b[5mblink\x1b[0m \x1b]8;;https://evil.invalid/\x07link\x1b]8;;\x07"
	}
	lines := []string{greet, "PIPELINING", "SIZE 10240000"}
	if !secure && h.spec.Behaviour != "no-starttls" {
		lines = append(lines, "STARTTLS")
	}
	lines = append(lines, "8BITMIME")
	var b strings.Builder
	for i, l := range lines {
		sep := "-"
		if i == len(lines)-1 {
			sep = " "
		}
		b.WriteString("250" + sep + l + "\r\n")
	}
	return b.String()
}

// endless answers EHLO with continuation lines that never end (RFC 5321
// §4.2.1: only a line with a space after the code ends a reply).
func (h *mailHost) endless(c net.Conn) {
	line := "250-" + h.name + " " + strings.Repeat("x", 60) + "\r\n"
	chunk := strings.Repeat(line, 64)
	for {
		if _, err := io.WriteString(c, chunk); err != nil {
			return
		}
	}
}
