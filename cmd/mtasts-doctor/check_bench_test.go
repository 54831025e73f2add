package main

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// BenchmarkCheckBatch50 runs check over 50 healthy domains at 100 ms per
// round trip, through the command's own pool and output, and reports the
// batch's wall time against one domain's (x-one-domain, goal ≤ 3).
//
//	go test ./cmd/mtasts-doctor -run '^$' -bench CheckBatch50 -benchtime 3x
func BenchmarkCheckBatch50(b *testing.B) {
	const latency = 100 * time.Millisecond
	const n = 50
	var healthy probetest.Scenario
	all, err := probetest.Scenarios()
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range all {
		if s.Name == "healthy-enforce" {
			healthy = s
		}
	}
	cfg := probetest.Config{Latency: latency}
	items := make([]batchItem, n)
	for i := range n {
		d := probetest.ScenarioDomain(healthy)
		d.Name = fmt.Sprintf("d%02d.test", i)
		cfg.Domains = append(cfg.Domains, d)
		t, err := probe.ParseTarget(d.Name)
		if err != nil {
			b.Fatal(err)
		}
		items[i] = batchItem{input: d.Name, target: t}
	}
	w := probetest.New(b, cfg)
	cmd := &cobra.Command{}
	cmd.SetContext(context.Background())
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	run := checkRun{opts: w.Options(), format: formatNDJSON, failOn: failOnFail, parallel: defaultParallel}
	timeRun := func(items []batchItem) time.Duration {
		start := time.Now()
		if err := run.run(cmd, items); err != nil {
			b.Fatalf("check of %d domains: %v", len(items), err)
		}
		return time.Since(start)
	}
	one := timeRun(items[:1])
	b.ResetTimer()
	var total time.Duration
	for range b.N {
		total += timeRun(items)
	}
	perBatch := total / time.Duration(b.N)
	b.ReportMetric(float64(perBatch)/float64(one), "x-one-domain")
	b.ReportMetric(float64(one.Milliseconds()), "one-ms")
	b.ReportMetric(float64(perBatch.Milliseconds()), "batch-ms")
}
