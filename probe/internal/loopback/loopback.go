// Package loopback starts throwaway TCP servers on 127.0.0.1 for the
// transports' tests: each accepted connection goes to a handler, and test
// cleanup closes the listener and every connection and waits for the
// handlers, so no goroutine outlives the test.
package loopback

import (
	"crypto/tls"
	"net"
	"sync"
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
