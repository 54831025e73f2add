package serve

import (
	"context"
	"sync"
)

// tracker counts running session handlers and walks. Unlike a WaitGroup
// it may be waited on while new work still arrives (a connection accepted
// just before shutdown starts its session after the wait began).
type tracker struct {
	mu   sync.Mutex
	n    int
	zero chan struct{} // closed when n reaches 0 while someone waits
}

func (t *tracker) add() {
	t.mu.Lock()
	t.n++
	t.mu.Unlock()
}

func (t *tracker) done() {
	t.mu.Lock()
	t.n--
	if t.n == 0 && t.zero != nil {
		close(t.zero)
		t.zero = nil
	}
	t.mu.Unlock()
}

// wait returns true once nothing runs, false if ctx ends first.
func (t *tracker) wait(ctx context.Context) bool {
	t.mu.Lock()
	if t.n == 0 {
		t.mu.Unlock()
		return true
	}
	if t.zero == nil {
		t.zero = make(chan struct{})
	}
	z := t.zero
	t.mu.Unlock()
	select {
	case <-z:
		return true
	case <-ctx.Done():
		return false
	}
}
