package serve

import (
	"runtime"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// BenchmarkSessionMemory measures the heap each session holds: sessions
// idle on the home screen, then the same sessions each in the middle of a
// walk (hang.test: the policy fetch waits until cancelled). Client and
// server share the process, so the figures include the test client's side
// of each channel: an upper bound for the server's.
//
//	go test ./tui/serve -run '^$' -bench SessionMemory -benchtime 1x
func BenchmarkSessionMemory(b *testing.B) {
	const n = 16
	for b.Loop() {
		func() {
			w, scenarios := labWorld(b)
			defer w.Close()
			opts := w.Options()
			opts.Timeout = time.Minute
			key := newKey(b)
			ts := start(b, Config{AuthorizedKeys: []gossh.PublicKey{key.PublicKey()}, Runner: runnerFor(opts), Scenarios: scenarios, WalksPerMinute: 1000})
			defer ts.stop()
			c, err := ts.dial(key)
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			base := heapInUse()
			terms := make([]*term, n)
			for i := range terms {
				terms[i] = ts.openTerm(b, c, "xterm-256color", 80, 24, nil)
				terms[i].waitFor("Domain to check")
			}
			idle := heapInUse()
			for _, tm := range terms {
				tm.send("hang.test\r")
			}
			for _, tm := range terms {
				tm.waitFor("walking")
			}
			walking := heapInUse()
			b.ReportMetric(float64(idle-base)/n, "idle-B/session")
			b.ReportMetric(float64(walking-base)/n, "walking-B/session")
			for _, tm := range terms {
				tm.send("\x03")
				<-tm.ended
			}
		}()
	}
}

// heapInUse is the live heap after a full collection.
func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse)
}
