package simulate

import (
	"math/rand/v2"
	"testing"
	"time"
)

// A run of periodic deliveries added at once lands in the same buckets as
// the deliveries added one by one, whether or not the bucket width is a
// multiple of the cadence and wherever the run starts and ends.
func TestTallyRunsMatchSingleDeliveries(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range 3000 {
		width := pick(rng, time.Hour, Day, 6*time.Hour, randDur(rng, time.Minute, 2*Day))
		buckets := make([]Bucket, 1+rng.IntN(50))
		start := randDur(rng, -10*Day, 10*Day)
		for b := range buckets {
			buckets[b] = Bucket{From: start + time.Duration(b)*width, To: start + time.Duration(b+1)*width}
		}
		every := pick(rng, time.Hour, 20*time.Minute, width, width/3, randDur(rng, time.Second, 3*Day))
		if every <= 0 {
			every = time.Hour
		}
		t0 := start + randDur(rng, -5*Day, time.Duration(len(buckets))*width+Day)
		n := 1 + rng.IntN(500)
		o := Outcome(1 + rng.IntN(int(numOutcomes)-1))

		bulk := newTally(append([]Bucket(nil), buckets...))
		bulk.add(t0, n, every, o)
		bulk.finish()
		one := newTally(append([]Bucket(nil), buckets...))
		for k := range n {
			one.add(t0+time.Duration(k)*every, 1, 0, o)
		}
		one.finish()
		for b := range buckets {
			if bulk.buckets[b] != one.buckets[b] {
				t.Fatalf("case %d: bucket %d (width %s, every %s, t0 %s, n %d): %v, one by one %v", i, b,
					FormatDuration(width), FormatDuration(every), FormatDuration(t0), n, bulk.buckets[b].Counts, one.buckets[b].Counts)
			}
		}
	}
}
