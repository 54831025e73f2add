package simulate

import (
	"sort"
	"time"
)

// Interval is a span of time [From, To); To may be Forever.
type Interval struct {
	From time.Duration `json:"from"`
	To   time.Duration `json:"to"`
}

// Segment is a span in which every delivery of a sender had one outcome:
// from the first such delivery to the next delivery with another outcome
// (or the end of the simulation).
type Segment struct {
	From    time.Duration `json:"from"`
	To      time.Duration `json:"to"`
	Outcome Outcome       `json:"outcome"`
	// Deliveries counts the attempts in the segment.
	Deliveries int `json:"deliveries"`
}

// MarkerKind names a moment worth drawing on a timeline.
type MarkerKind string

const (
	MarkOutageStart   MarkerKind = "outage-start"     // policy file goes missing
	MarkOutageEnd     MarkerKind = "outage-end"       // policy file back
	MarkTXTGone       MarkerKind = "txt-gone"         // TXT lookup starts failing
	MarkTXTBack       MarkerKind = "txt-back"         // TXT lookup works again
	MarkVersion       MarkerKind = "policy-version"   // a policy file version published
	MarkTXTID         MarkerKind = "txt-id"           // a TXT id published
	MarkMXChange      MarkerKind = "mx-change"        // MX hosts replaced
	MarkTLSBreak      MarkerKind = "tls-break"        // an MX's TLS starts failing
	MarkTLSFixed      MarkerKind = "tls-fixed"        // and is fixed
	MarkAttackStart   MarkerKind = "attack-start"     // attacker active
	MarkAttackEnd     MarkerKind = "attack-end"       // attacker gone
	MarkCacheExpiry   MarkerKind = "cache-expiry"     // a sender's enforce policy expires
	MarkRefresh       MarkerKind = "refresh"          // a proactive refresh (Detail says how it went)
	MarkFetch         MarkerKind = "fetch"            // a fetch during a delivery
	MarkProtected     MarkerKind = "protection-start" // a sender starts enforcing
	MarkProtectionEnd MarkerKind = "protection-end"   // a sender stops enforcing
)

// Marker is a moment on the timeline; Sender is empty for world markers.
type Marker struct {
	At     time.Duration `json:"at"`
	Kind   MarkerKind    `json:"kind"`
	Sender string        `json:"sender,omitempty"`
	Detail string        `json:"detail,omitempty"`
}

// Bucket counts deliveries per outcome in [From, To), across all senders.
type Bucket struct {
	From   time.Duration    `json:"from"`
	To     time.Duration    `json:"to"`
	Counts [numOutcomes]int `json:"-"`
}

// Count returns the deliveries with outcome o.
func (b Bucket) Count(o Outcome) int { return b.Counts[o] }

// Total returns all deliveries in the bucket.
func (b Bucket) Total() int {
	n := 0
	for _, c := range b.Counts {
		n += c
	}
	return n
}

// Share returns the fraction of the bucket's deliveries with outcome o.
func (b Bucket) Share(o Outcome) float64 {
	if t := b.Total(); t > 0 {
		return float64(b.Counts[o]) / float64(t)
	}
	return 0
}

// SenderResult is everything one sender did.
type SenderResult struct {
	Sender Sender `json:"sender"`
	// Attempts are in time order; empty for quiet senders.
	Attempts []Attempt `json:"attempts,omitempty"`
	Segments []Segment `json:"segments"`
	// Protected are the spans when the sender held a valid enforce policy.
	Protected []Interval `json:"protected"`
	// ProtectedUntil is when the protection held at t = 0 ends: 0 when the
	// sender held none at t = 0, Forever when it outlasts the simulation.
	ProtectedUntil time.Duration `json:"protected_until"`
	// RefreshAlerts counts the failed refreshes the sender alerted its
	// admin about (RFC 8461 §3.3, §10.2).
	RefreshAlerts int `json:"refresh_alerts"`
	// Markers are this sender's cache expiries, refreshes and fetches
	// (only for senders that are not quiet).
	Markers []Marker         `json:"markers,omitempty"`
	Counts  [numOutcomes]int `json:"-"`
}

// Count returns the sender's deliveries with outcome o.
func (s SenderResult) Count(o Outcome) int { return s.Counts[o] }

// Result is a whole run.
type Result struct {
	Timeline Timeline       `json:"timeline"`
	Senders  []SenderResult `json:"senders"`
	// Markers are the world's changes, in time order.
	Markers []Marker `json:"markers"`
	// Buckets count deliveries per outcome over time.
	Buckets []Bucket `json:"buckets"`
}

// Sender returns the named sender's result.
func (r Result) Sender(name string) (SenderResult, bool) {
	for _, s := range r.Senders {
		if s.Sender.Name == name {
			return s, true
		}
	}
	return SenderResult{}, false
}

// At returns the decision in force for a sender at t: its last attempt at
// or before t. For a quiet sender only At, Sender and Outcome are set,
// from its segments. False when the sender is unknown or had made no
// attempt by t.
func (r Result) At(sender string, t time.Duration) (Attempt, bool) {
	s, ok := r.Sender(sender)
	if !ok {
		return Attempt{}, false
	}
	if len(s.Attempts) > 0 {
		i := sort.Search(len(s.Attempts), func(i int) bool { return s.Attempts[i].At > t })
		if i == 0 {
			return Attempt{}, false
		}
		return s.Attempts[i-1], true
	}
	i := sort.Search(len(s.Segments), func(i int) bool { return s.Segments[i].From > t })
	if i == 0 {
		return Attempt{}, false
	}
	seg := s.Segments[i-1]
	return Attempt{At: seg.From, Sender: sender, Outcome: seg.Outcome}, true
}

// ProtectedAt reports whether the sender held a valid enforce policy at t.
func (s SenderResult) ProtectedAt(t time.Duration) bool {
	for _, iv := range s.Protected {
		if within(t, iv.From, iv.To) {
			return true
		}
	}
	return false
}

// Attempts returns every sender's attempts merged in time order.
func (r Result) Attempts() []Attempt {
	var out []Attempt
	for _, s := range r.Senders {
		out = append(out, s.Attempts...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At < out[j].At })
	return out
}
