package simulate

import (
	"testing"
	"time"
)

// A year of 10,000 senders with hourly deliveries (87.6 million delivery
// attempts), mixed profiles, a two-week policy-file outage in the middle.
func BenchmarkPopulationYear(b *testing.B) {
	tl := OutageTimeline(DefaultPolicy(Week), 14*Day, 365*Day)
	tl.FileOutages[0].From, tl.FileOutages[0].To = 180*Day, 194*Day
	tl.Bucket = Day
	sc := Population(tl, PopulationSpec{N: 10000, Seed: 1, Every: time.Hour, NewShare: 0.1})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r := sc.Run()
		if len(r.Buckets) != 365 {
			b.Fatal(len(r.Buckets))
		}
	}
}
