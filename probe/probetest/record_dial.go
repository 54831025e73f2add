package probetest

import (
	"context"
	"net"
	"slices"
	"sync"
)

// DialRecorder remembers every address a walk asks to connect to and hands
// the dial on to Next (usually World.DialContext): tests that must show
// what was, or was never, dialled wrap a world's dialer with it.
type DialRecorder struct {
	Next func(ctx context.Context, network, addr string) (net.Conn, error)

	mu     sync.Mutex
	dialed []string
}

// DialContext records addr and dials it with Next.
func (r *DialRecorder) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	r.mu.Lock()
	r.dialed = append(r.dialed, addr)
	r.mu.Unlock()
	return r.Next(ctx, network, addr)
}

// Dialed returns the addresses asked for so far, in order.
func (r *DialRecorder) Dialed() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.dialed)
}
