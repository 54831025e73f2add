// Package limit bounds how many connections the probe has open at once.
//
// One walk may want hundreds of them (16 MX hosts, several addresses each,
// a policy host with several addresses and a second handshake per address
// without SNI), and a batch of walks multiplies that. Opened all at once
// they exhaust the process's file descriptors ("too many open files"),
// which then looks like the network failing and makes the verdict change
// from run to run. A Limiter is a counting semaphore over connections;
// every HTTPS and SMTP attempt of a walk takes its slots before its own
// deadline starts, so waiting for a slot is never mistaken for a slow
// server. Walks that share a Limiter (a batch check) share the bound.
package limit

import (
	"context"

	"golang.org/x/sync/semaphore"
)

// Limiter allows at most Size connections at once, granted in FIFO order.
// The nil *Limiter allows everything.
type Limiter struct {
	sem  *semaphore.Weighted
	size int
}

// New returns a Limiter of n slots (at least 1).
func New(n int) *Limiter {
	n = max(n, 1)
	return &Limiter{sem: semaphore.NewWeighted(int64(n)), size: n}
}

// Size is the number of slots.
func (l *Limiter) Size() int {
	if l == nil {
		return 0
	}
	return l.size
}

// Acquire waits for n slots (at most Size: an attempt that needs more than
// the whole limiter still runs, alone) or until ctx ends. The release
// function must be called exactly once when the connections are closed.
func (l *Limiter) Acquire(ctx context.Context, n int) (release func(), err error) {
	if l == nil {
		return func() {}, ctx.Err()
	}
	w := int64(min(max(n, 1), l.size))
	if err := l.sem.Acquire(ctx, w); err != nil {
		return func() {}, err
	}
	return func() { l.sem.Release(w) }, nil
}
