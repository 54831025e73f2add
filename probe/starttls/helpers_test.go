package starttls

import (
	"bufio"
	"crypto/tls"
	"net"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/certs/certstest"
	"github.com/mtasts-doctor/mtasts-doctor/probe/internal/loopback"
)

const mxHost = "mx.example.test"

// routes maps the "IP:25" the probe dials onto loopback listeners.
type routes = loopback.Routes

// rawServer runs handle on every accepted connection until the test ends.
func rawServer(t *testing.T, handle func(net.Conn)) string {
	return loopback.Serve(t, nil, handle)
}

// mta is a tiny scripted SMTP server: enough of RFC 5321 and RFC 3207 to
// be probed, with knobs for each fault.
type mta struct {
	tls           *tls.Config
	banner        string   // default "220 mx.example.test ESMTP"
	ehloCode      int      // default 250
	ext           []string // default PIPELINING, STARTTLS
	starttlsReply string   // default "220 2.0.0 Ready"
	// quitSilent never answers QUIT and holds the connection open until
	// the client closes it; then it closes quitSeen.
	quitSilent bool
	quitSeen   chan struct{}
	// forbidden is set if a client ever sends MAIL, RCPT or DATA.
	forbidden atomic.Bool
	sni       atomic.Value
}

func (m *mta) serve(c net.Conn) {
	defer c.Close()
	w := func(s string) { c.Write([]byte(s + "\r\n")) }
	w(or(m.banner, "220 "+mxHost+" ESMTP"))
	br := bufio.NewReader(c)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.Fields(line + " x")[0])
		switch verb {
		case "EHLO":
			if m.ehloCode != 0 && m.ehloCode != 250 {
				w(itoa(m.ehloCode) + " 5.5.1 go away")
				continue
			}
			ext := m.ext
			if ext == nil {
				ext = []string{"PIPELINING", "STARTTLS"}
			}
			lines := append([]string{mxHost + " greets you"}, ext...)
			for i, l := range lines {
				sep := "-"
				if i == len(lines)-1 {
					sep = " "
				}
				w("250" + sep + l)
			}
		case "STARTTLS":
			r := or(m.starttlsReply, "220 2.0.0 Ready")
			w(r)
			if !strings.HasPrefix(r, "220 ") {
				continue
			}
			cfg := m.tls.Clone()
			cfg.GetConfigForClient = func(h *tls.ClientHelloInfo) (*tls.Config, error) {
				m.sni.Store(h.ServerName)
				return nil, nil
			}
			tc := tls.Server(c, cfg)
			if tc.Handshake() != nil {
				return
			}
			c, br = tc, bufio.NewReader(tc)
		case "QUIT":
			if m.quitSilent {
				close(m.quitSeen)
				br.ReadString('\n') // until the client closes
				return
			}
			w("221 2.0.0 Bye")
			return
		case "MAIL", "RCPT", "DATA":
			m.forbidden.Store(true)
			w("503 5.5.1 no")
		default:
			w("502 5.5.2 unknown")
		}
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func newRequest(ca *certstest.CA, r routes) Request {
	return Request{MX: mxHost, Address: netip.MustParseAddr("192.0.2.25"), RootCAs: ca.Pool, DialContext: r.Dial, Timeout: 2 * time.Second}
}
