package fetch

import (
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/certs/certstest"
	"github.com/mtasts-doctor/mtasts-doctor/probe/internal/loopback"
)

const policyHost = "mta-sts.example.test"

const goodPolicy = "version: STSv1\r\nmode: enforce\r\nmx: mx.example.test\r\nmax_age: 604800\r\n"

// routes maps the "IP:443" the fetch dials onto loopback listeners, like
// the probe's dial hook in the lab.
type routes = loopback.Routes

type pki struct {
	ca   *certstest.CA
	good tls.Certificate
}

func newPKI(t *testing.T) pki {
	ca := certstest.NewCA(t, "Test Root")
	return pki{ca: ca, good: ca.Issue(t, certstest.Leaf{DNSNames: []string{policyHost}})}
}

// httpsServer serves h with cert; getCert, when set, chooses by SNI.
func httpsServer(t *testing.T, cfg *tls.Config, h http.HandlerFunc) string {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.TLS = cfg
	// Hostile clients are the point of these tests; their errors are noise.
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.StartTLS()
	t.Cleanup(s.Close)
	return s.Listener.Addr().String()
}

// rawServer runs handle on every accepted connection (wrapped in TLS when
// cfg is set) until the test ends.
func rawServer(t *testing.T, cfg *tls.Config, handle func(net.Conn)) string {
	return loopback.Serve(t, cfg, handle)
}

func request(p pki, r routes, addrs ...string) Request {
	req := Request{Host: policyHost, RootCAs: p.ca.Pool, DialContext: r.Dial, Timeout: 2 * time.Second}
	for _, a := range addrs {
		req.Addresses = append(req.Addresses, netip.MustParseAddr(a))
	}
	return req
}
