package history

import "time"

// Facts are what the history knows that the §8.3 removal plan needs.
type Facts struct {
	Domain string    `json:"domain"`
	Walks  int       `json:"walks"`
	First  time.Time `json:"first"`
	Last   time.Time `json:"last"`
	// LargestMaxAge is the largest max_age any walk saw (seconds), and
	// LargestSeenLast the last walk that saw it: a sender that fetched
	// then keeps it until LargestSeenLast + LargestMaxAge.
	LargestMaxAge   int64     `json:"largest_max_age"`
	LargestSeenLast time.Time `json:"largest_seen_last"`
	// RecordTTL is the largest TTL the _mta-sts record was seen with
	// (seconds; -1 unknown): how long a resolver may keep showing senders
	// the old id after a change.
	RecordTTL int64 `json:"record_ttl"`
	// Current is the newest walk.
	Current Walk `json:"current"`
}

// FactsOf sums up a domain's walks (oldest first); ok is false when no
// walk fetched a valid policy, so there is nothing to remove.
func FactsOf(walks []Walk) (Facts, bool) {
	f := Facts{Walks: len(walks), RecordTTL: -1}
	if len(walks) == 0 {
		return f, false
	}
	f.Domain, f.First, f.Last, f.Current = walks[0].Domain, walks[0].Time, walks[len(walks)-1].Time, walks[len(walks)-1]
	seen := false
	for _, w := range walks {
		f.RecordTTL = max(f.RecordTTL, w.RecordTTL)
		if !w.PolicyOK {
			continue
		}
		seen = true
		if w.MaxAge >= f.LargestMaxAge {
			f.LargestMaxAge, f.LargestSeenLast = w.MaxAge, w.Time
		}
	}
	return f, seen
}

// LargestBindsUntil is when a sender that fetched the largest max_age at
// its last sighting lets it go.
func (f Facts) LargestBindsUntil() time.Time {
	return f.LargestSeenLast.Add(time.Duration(f.LargestMaxAge) * time.Second)
}
