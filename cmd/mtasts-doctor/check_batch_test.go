package main

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// Results come out in input order however the work finishes, and never
// more than parallel items run at once.
func TestInOrderKeepsInputOrderAndBound(t *testing.T) {
	defer goleak.VerifyNone(t)
	const n, parallel = 40, 5
	var running, peak atomic.Int32
	work := func(_ context.Context, i int) int {
		r := running.Add(1)
		for {
			p := peak.Load()
			if r <= p || peak.CompareAndSwap(p, r) {
				break
			}
		}
		// Later items finish first: item i sleeps (n-i) ticks.
		time.Sleep(time.Duration(n-i) * 100 * time.Microsecond)
		running.Add(-1)
		return i * i
	}
	var got []int
	emitted := inOrder(context.Background(), n, parallel, work, func(i, v int) {
		if v != i*i {
			t.Errorf("item %d carries %d", i, v)
		}
		got = append(got, i)
	})
	if emitted != n || len(got) != n {
		t.Fatalf("emitted %d, want %d", emitted, n)
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("emitted out of order: %v", got)
		}
	}
	if p := peak.Load(); p > parallel || p < 2 {
		t.Errorf("peak concurrency %d, want 2..%d", p, parallel)
	}
}

// Each item is emitted as soon as it and those before it are done, not at
// the end: item 0 is out while item 1 is still held up.
func TestInOrderStreams(t *testing.T) {
	defer goleak.VerifyNone(t)
	release := make(chan struct{})
	firstOut := make(chan struct{})
	work := func(_ context.Context, i int) int {
		if i == 1 {
			<-release
		}
		return i
	}
	var once sync.Once
	go func() {
		select {
		case <-firstOut:
		case <-time.After(10 * time.Second):
			t.Error("item 0 was not emitted while item 1 ran")
		}
		close(release)
	}()
	inOrder(context.Background(), 3, 3, work, func(i, _ int) {
		if i == 0 {
			once.Do(func() { close(firstOut) })
		}
	})
}

// A slow first item holds back new starts once the window of waiting
// results is full, so memory stays bounded.
func TestInOrderWindowBoundsWaitingResults(t *testing.T) {
	defer goleak.VerifyNone(t)
	const n, parallel = 100, 2
	release := make(chan struct{})
	var started atomic.Int32
	work := func(_ context.Context, i int) int {
		started.Add(1)
		if i == 0 {
			<-release
		}
		return i
	}
	go func() {
		// Give the pool time to run ahead as far as it may.
		time.Sleep(200 * time.Millisecond)
		if s := started.Load(); s > 4*parallel {
			t.Errorf("%d items started while item 0 held the line; the window is %d", s, 4*parallel)
		}
		close(release)
	}()
	if got := inOrder(context.Background(), n, parallel, work, func(int, int) {}); got != n {
		t.Fatalf("emitted %d, want %d", got, n)
	}
}

// Cancelling stops new starts; what started is emitted, the rest is not,
// and no goroutine is left behind.
func TestInOrderCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(context.Background())
	work := func(ctx context.Context, i int) int {
		if i == 3 {
			cancel()
		}
		<-ctx.Done()
		return i
	}
	var got []int
	emitted := inOrder(ctx, 1000, 4, work, func(i, _ int) { got = append(got, i) })
	if emitted != len(got) || emitted < 4 || emitted > 4+4*4 {
		t.Fatalf("emitted %d (%v) after a cancel at item 3", emitted, got)
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("out of order: %v", got)
		}
	}
}

// A domain list is split into lines with comments and space removed, never
// more lines than the input holds, and every entry reads as a domain or
// an error: nothing in a list can panic the batch or smuggle a newline
// into an entry.
func FuzzDomainLines(f *testing.F) {
	f.Add([]byte("example.com\n# comment\n\n  example.net  # trailing\r\n"))
	f.Add([]byte("\xff\x00#\n\x1b[31mred.example\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := domainLines(data)
		if len(lines) > strings.Count(string(data), "\n")+1 {
			t.Fatalf("%d lines from %d newlines", len(lines), strings.Count(string(data), "\n"))
		}
		for _, l := range lines {
			if strings.ContainsAny(l, "#\n") || strings.TrimSpace(l) != l {
				t.Fatalf("entry %q keeps a comment, a newline or surrounding space", l)
			}
			if l == "" {
				continue
			}
			if tg, err := batchTarget(l, false); err == nil && (tg.ASCII == "" || strings.ContainsAny(tg.ASCII, " \n\x1b")) {
				t.Fatalf("entry %q read as domain %q", l, tg.ASCII)
			}
		}
	})
}
