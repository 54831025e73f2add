package reports

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeReports writes n gzip reports shaped like a large sender's: one
// policy, a success count and three failure-details records each.
func writeReports(tb testing.TB, dir string, n int) {
	tb.Helper()
	for i := range n {
		day := 1 + i%28
		doc := fmt.Sprintf(`{"organization-name":"Sender %d","date-range":{"start-datetime":"2026-11-%02dT00:00:00Z","end-datetime":"2026-11-%02dT23:59:59Z"},
"contact-info":"tlsrpt@sender%d.example","report-id":"r-%d","policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1","mode: enforce","mx: mx1.example.com","max_age: 604800"],
"policy-domain":"d%d.example","mx-host":["mx1.example.com"]},"summary":{"total-successful-session-count":%d,"total-failure-session-count":6},
"failure-details":[{"result-type":"sts-policy-fetch-error","sending-mta-ip":"192.0.2.%d","receiving-mx-hostname":"mx1.example.com","receiving-ip":"198.51.100.1","failed-session-count":3},
{"result-type":"certificate-expired","sending-mta-ip":"192.0.2.1","receiving-mx-hostname":"mx1.example.com","receiving-ip":"198.51.100.1","failed-session-count":2},
{"result-type":"starttls-not-supported","sending-mta-ip":"192.0.2.1","receiving-mx-hostname":"mx2.example.com","receiving-ip":"198.51.100.2","failed-session-count":1}]}]}`,
			i%50, day, day, i%50, i, i%20, 100+i, i%250)
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(doc))
		zw.Close()
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("sender!d%d.example!%d.json.gz", i%20, i)), buf.Bytes(), 0o600); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkRead10000Reports reads and aggregates 10,000 gzip reports from a
// directory (issue 15: the note gives time and peak memory for this).
//
//	go test ./probe/reports -run '^$' -bench Read10000 -benchtime 3x -benchmem
func BenchmarkRead10000Reports(b *testing.B) {
	dir := b.TempDir()
	writeReports(b, dir, 10000)
	b.ResetTimer()
	for b.Loop() {
		r := NewReader(DefaultLimits())
		if err := r.ReadPath(context.Background(), dir, nil); err != nil {
			b.Fatal(err)
		}
		s := r.Set()
		if len(s.Reports) != 10000 || len(s.Errors) != 0 {
			b.Fatalf("read %d reports, %d errors", len(s.Reports), len(s.Errors))
		}
		if agg := Summarize(s, Filter{}); len(agg.Domains) != 20 {
			b.Fatalf("%d domains", len(agg.Domains))
		}
	}
}

// TestWriteBenchReports writes the benchmark's reports to
// $MTASTS_BENCH_REPORTS, for measuring the CLI's peak memory with
// /usr/bin/time; it does nothing otherwise.
func TestWriteBenchReports(t *testing.T) {
	dir := os.Getenv("MTASTS_BENCH_REPORTS")
	if dir == "" {
		t.Skip("set MTASTS_BENCH_REPORTS=DIR to write 10,000 reports there")
	}
	os.MkdirAll(dir, 0o755)
	writeReports(t, dir, 10000)
}
