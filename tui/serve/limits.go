package serve

import (
	"sync"
	"time"
)

// rateLimiter allows at most n events per window for each of several keys
// at once (the session's public key and its source address): a walk is
// refused when either has had n walks in the last minute, so one user
// cannot turn the server into a scanner by opening many sessions with one
// key, nor by using many keys from one address.
type rateLimiter struct {
	n      int
	window time.Duration
	now    func() time.Time

	mu   sync.Mutex
	seen map[string][]time.Time
}

func newRateLimiter(n int, window time.Duration, now func() time.Time) *rateLimiter {
	return &rateLimiter{n: n, window: window, now: now, seen: map[string][]time.Time{}}
}

// allow records one event for all keys, or for none: it returns how long
// until the busiest key has room again when any is full.
func (r *rateLimiter) allow(keys ...string) (time.Duration, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	r.prune(now)
	var wait time.Duration
	for _, k := range keys {
		if ts := r.seen[k]; len(ts) >= r.n {
			wait = max(wait, ts[len(ts)-r.n].Add(r.window).Sub(now))
		}
	}
	if wait > 0 {
		return wait, false
	}
	for _, k := range keys {
		r.seen[k] = append(r.seen[k], now)
	}
	return 0, true
}

// prune drops events older than the window and keys with none left, so
// the map holds only who walked in the last minute.
func (r *rateLimiter) prune(now time.Time) {
	for k, ts := range r.seen {
		i := 0
		for i < len(ts) && now.Sub(ts[i]) >= r.window {
			i++
		}
		if i == len(ts) {
			delete(r.seen, k)
		} else if i > 0 {
			r.seen[k] = append(ts[:0:0], ts[i:]...)
		}
	}
}
