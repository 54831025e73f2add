package main

import (
	"context"
	"sync"
)

// defaultParallel is how many domains a batch walks at once by default. A
// walk spends its time waiting on round trips, not on the CPU, so 50
// domains take two walks' time rather than fifty
// (BenchmarkCheckBatch50); each walk holds a handful of sockets, so 25 stay
// well inside the usual descriptor limits (1024 on Linux, 256 on macOS).
const defaultParallel = 25

// inOrder runs work for items 0..n-1, at most parallel at once, and calls
// emit for each in input order as soon as it and every item before it are
// done, so output streams while later items still run. emit runs on the
// caller's goroutine.
//
// At most 4×parallel results wait for their turn: a slow early item holds
// back the start of new ones rather than letting finished reports pile up
// without bound. When ctx ends no further item starts; those already
// started are emitted (their walks end promptly with what they had) and
// the rest are not. inOrder returns how many items it emitted, after every
// goroutine it started has ended.
func inOrder[T any](ctx context.Context, n, parallel int, work func(ctx context.Context, i int) T, emit func(i int, v T)) int {
	parallel = max(1, min(parallel, n))
	results := make([]T, n)
	done := make([]chan struct{}, n)
	for i := range done {
		done[i] = make(chan struct{})
	}
	// notStarted[i] is written before done[i] is closed, and read after.
	notStarted := make([]bool, n)
	window := make(chan struct{}, 4*parallel)
	next := make(chan int)

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(next)
		for i := range n {
			select {
			case window <- struct{}{}:
				select {
				case next <- i:
					continue
				case <-ctx.Done():
				}
			case <-ctx.Done():
			}
			for j := i; j < n; j++ {
				notStarted[j] = true
				close(done[j])
			}
			return
		}
	}()
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = work(ctx, i)
				close(done[i])
			}
		}()
	}

	emitted := 0
	for i := range n {
		<-done[i]
		if notStarted[i] {
			break
		}
		emit(i, results[i])
		var zero T
		results[i] = zero // emitted: let it go
		emitted++
		<-window
	}
	wg.Wait()
	return emitted
}
