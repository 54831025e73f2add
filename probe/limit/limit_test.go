package limit

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// However many ask at once, no more than Size slots are ever held.
func TestNeverMoreThanSize(t *testing.T) {
	l := New(3)
	var held, peak atomic.Int64
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			n := 1 + i%2
			release, err := l.Acquire(context.Background(), n)
			if err != nil {
				t.Error(err)
				return
			}
			now := held.Add(int64(n))
			for {
				p := peak.Load()
				if now <= p || peak.CompareAndSwap(p, now) {
					break
				}
			}
			time.Sleep(time.Millisecond)
			held.Add(-int64(n))
			release()
		})
	}
	wg.Wait()
	if p := peak.Load(); p > 3 || p < 2 {
		t.Errorf("peak %d slots held, want 2..3", p)
	}
}

// A waiter gives up when its context ends, and asking for more than the
// whole limiter takes all of it rather than waiting forever.
func TestAcquireEnds(t *testing.T) {
	l := New(2)
	release, err := l.Acquire(context.Background(), 5)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := l.Acquire(ctx, 1); err == nil {
		t.Fatal("acquired a slot of a full limiter")
	}
	release()
	r2, err := l.Acquire(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	r2()
	var none *Limiter
	r3, err := none.Acquire(context.Background(), 100)
	if err != nil || none.Size() != 0 {
		t.Fatal("the nil limiter limits")
	}
	r3()
}
