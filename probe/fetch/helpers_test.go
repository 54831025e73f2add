package fetch

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/certs/certstest"
)

const policyHost = "mta-sts.example.test"

const goodPolicy = "version: STSv1\r\nmode: enforce\r\nmx: mx.example.test\r\nmax_age: 604800\r\n"

// routes maps the "IP:443" the fetch dials onto loopback listeners, like
// the probe's dial hook in the lab.
type routes map[string]string

func (r routes) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	to, ok := r[addr]
	switch {
	case !ok:
		return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ENETUNREACH}
	case to == "refused":
		return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
	}
	var d net.Dialer
	return d.DialContext(ctx, network, to)
}

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
// cfg is set) and, on cleanup, closes everything and waits for handlers.
func rawServer(t *testing.T, cfg *tls.Config, handle func(net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			if cfg != nil {
				c = tls.Server(c, cfg)
			}
			wg.Go(func() { handle(c) })
		}
	})
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return l.Addr().String()
}

func request(p pki, r routes, addrs ...string) Request {
	req := Request{Host: policyHost, RootCAs: p.ca.Pool, DialContext: r.dial, Timeout: 2 * time.Second}
	for _, a := range addrs {
		req.Addresses = append(req.Addresses, netip.MustParseAddr(a))
	}
	return req
}
