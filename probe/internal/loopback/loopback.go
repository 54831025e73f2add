// Package loopback starts throwaway TCP servers on 127.0.0.1 for the
// transports' tests: each accepted connection goes to a handler, and test
// cleanup closes the listener and every connection and waits for the
// handlers, so no goroutine outlives the test.
package loopback

import (
	"context"
	"crypto/tls"
	"net"
	"sync"
	"syscall"
	"testing"
)

// Serve runs handle on every accepted connection, wrapped in TLS when cfg
// is set, and returns the listening address.
func Serve(t testing.TB, cfg *tls.Config, handle func(net.Conn)) string {
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

// Routes maps the addresses a transport dials ("192.0.2.1:443") onto
// loopback listeners, like the probe's dial hook in the lab. A missing
// address is unreachable; the value "refused" refuses the connection.
type Routes map[string]string

// Dial is a DialContext for the transports' requests.
func (r Routes) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
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
