package simulate

import "time"

// Sender is one sending MTA delivering to the domain.
type Sender struct {
	Name    string  `json:"name"`
	Profile Profile `json:"profile"`
	// Start is the first delivery (first contact when there is no Cache).
	// Nothing before it is replayed.
	Start time.Duration `json:"start"`
	// Every is the delivery cadence from Start; zero: only Times.
	Every time.Duration `json:"every,omitempty"`
	// Times are extra delivery times at or after Start.
	Times []time.Duration `json:"times,omitempty"`
	// Cache, when set, is the policy the sender holds at Start.
	Cache *Seed `json:"cache,omitempty"`
	// Quiet senders keep no per-attempt records, only segments and counts
	// (populations of thousands).
	Quiet bool `json:"quiet,omitempty"`
}

// Seed is a cached policy: the version (by index into Timeline.Versions)
// fetched at FetchedAt.
type Seed struct {
	Version   int           `json:"version"`
	FetchedAt time.Duration `json:"fetched_at"`
}
