package serve

import (
	"testing"
	"time"
)

func TestRateLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := newRateLimiter(2, time.Minute, func() time.Time { return now })
	for i := range 2 {
		if _, ok := r.allow("key A", "addr 1"); !ok {
			t.Fatalf("walk %d refused", i+1)
		}
		now = now.Add(10 * time.Second)
	}
	wait, ok := r.allow("key A", "addr 2")
	if ok || wait != 40*time.Second {
		t.Errorf("third walk of key A: allowed %v, wait %s (want refused, 40s)", ok, wait)
	}
	if _, ok := r.allow("key B", "addr 1"); ok {
		t.Error("another key from addr 1 escaped the address's limit")
	}
	if _, ok := r.allow("key B", "addr 2"); !ok {
		t.Error("a fresh key and address were refused (a refusal must not count)")
	}
	now = now.Add(41 * time.Second)
	if _, ok := r.allow("key A", "addr 1"); !ok {
		t.Error("the first walk's minute is over, yet refused")
	}
	now = now.Add(time.Hour)
	r.allow("key C")
	if len(r.seen) != 1 {
		t.Errorf("old keys are kept: %v", r.seen)
	}
}
