package probe_test

import (
	"context"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// criticalRoundTrips is the longest chain of dependent network turns a
// sender needs for a healthy domain: MX lookup → A lookup of the MX → TCP
// connect → banner → EHLO → STARTTLS → TLS handshake → EHLO after TLS (the
// QUIT is sent, not waited for). The policy chain (TXT → A → TCP → TLS →
// GET) is shorter and runs beside it.
const criticalRoundTrips = 8

// BenchmarkWalkRoundTrips measures one walk of a healthy domain at 100 ms
// per round trip against criticalRoundTrips of them (x-critical-rtt, goal
// ≤ 1.1): anything above 1 is a turn the walk waits for that a sender
// would not, or work done in series that could overlap.
//
//	go test ./probe -run '^$' -bench WalkRoundTrips -benchtime 5x
func BenchmarkWalkRoundTrips(b *testing.B) {
	const latency = 100 * time.Millisecond
	w := labWorld(b, latency, "healthy-enforce")
	opts := w.Options()
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		rep := probe.Check(context.Background(), "healthy-enforce.test", opts)
		if rep.Verdict.WithoutCache != probe.VerdictEnforce {
			b.Fatalf("verdict %s: %s", rep.Verdict.WithoutCache, rep.Verdict.Reason)
		}
	}
	perRun := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(perRun)/float64(criticalRoundTrips*latency), "x-critical-rtt")
	b.ReportMetric(float64(perRun.Milliseconds()), "walk-ms")
}
