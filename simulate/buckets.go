package simulate

import "time"

// makeBuckets spans the senders' deliveries up to Until.
func makeBuckets(tl Timeline, senders []Sender) []Bucket {
	if len(senders) == 0 || tl.Until <= minTime+1 {
		return nil
	}
	start := tl.Until
	for _, s := range senders {
		start = min(start, s.Start)
	}
	if start >= tl.Until {
		return nil
	}
	width := tl.Bucket
	if width <= 0 {
		width = (tl.Until - start + 59) / 60
		if width <= 0 {
			width = 1
		}
	}
	n := int((tl.Until - start + width - 1) / width)
	if n > 10000 {
		n = 10000
		width = (tl.Until - start + time.Duration(n) - 1) / time.Duration(n)
	}
	out := make([]Bucket, n)
	for i := range out {
		out[i].From = start + time.Duration(i)*width
		out[i].To = out[i].From + width
	}
	return out
}

// tally adds deliveries to the buckets, which all have one width. A run
// of periodic deliveries covering many whole buckets with the same count
// each (the width a multiple of the cadence) is noted as a difference,
// +count from its first bucket and −count after its last, and folded in
// by finish: a jump over half a year costs two additions, not 180.
type tally struct {
	buckets      []Bucket
	start, width time.Duration
	diff         [][numOutcomes]int // len(buckets)+1, nil until needed
}

func newTally(buckets []Bucket) *tally {
	t := &tally{buckets: buckets}
	if len(buckets) > 0 {
		t.start, t.width = buckets[0].From, buckets[0].To-buckets[0].From
	}
	return t
}

func (t *tally) index(at time.Duration) int {
	if at < t.start || t.width <= 0 {
		return -1
	}
	i := int((at - t.start) / t.width)
	if i >= len(t.buckets) {
		return -1
	}
	return i
}

// add counts n deliveries with outcome o at t0, t0+every, ...
func (t *tally) add(t0 time.Duration, n int, every time.Duration, o Outcome) {
	if len(t.buckets) == 0 || t.width <= 0 || n <= 0 {
		return
	}
	if n == 1 || every <= 0 {
		if b := t.index(t0); b >= 0 {
			t.buckets[b].Counts[o] += n
		}
		return
	}
	b := 0
	if t0 > t.start {
		b = int((t0 - t.start) / t.width)
	}
	if b >= len(t.buckets) {
		return
	}
	var per int64 // deliveries in a whole bucket after t0, if the same in each
	if t.width%every == 0 {
		per = int64(t.width / every)
	}
	total := int64(n)
	// lo counts the deliveries before bucket b: t0 + k*every < From.
	lo := max(ceilDiv(t.buckets[b].From-t0, every), 0)
	for b < len(t.buckets) && lo < total {
		if per > 0 && t.buckets[b].From >= t0 {
			if whole := min((total-lo)/per, int64(len(t.buckets)-b)); whole > 1 {
				if t.diff == nil {
					t.diff = make([][numOutcomes]int, len(t.buckets)+1)
				}
				t.diff[b][o] += int(per)
				t.diff[b+int(whole)][o] -= int(per)
				lo += whole * per
				b += int(whole)
				continue
			}
		}
		hi := min(ceilDiv(t.buckets[b].To-t0, every), total)
		t.buckets[b].Counts[o] += int(hi - lo)
		lo = hi
		b++
	}
}

// finish folds the runs noted by add into the buckets.
func (t *tally) finish() {
	if t.diff == nil {
		return
	}
	var run [numOutcomes]int
	for b := range t.buckets {
		for o := range run {
			run[o] += t.diff[b][o]
			t.buckets[b].Counts[o] += run[o]
		}
	}
}

func ceilDiv(a, b time.Duration) int64 {
	q := a / b
	if a%b != 0 && (a > 0) == (b > 0) {
		q++
	}
	return int64(q)
}
