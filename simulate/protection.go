package simulate

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// enforcing reports whether the sender holds a valid enforce policy at t:
// the spans where this holds are its Protected intervals.
func (m *sim) enforcing(t time.Duration) bool {
	return m.e.has && t < m.e.expires && m.version(m.e.version).Mode == policy.ModeEnforce
}

// expireBefore closes a protection interval whose policy expired before t.
func (m *sim) expireBefore(t time.Duration) {
	if m.protOpen && m.e.expires <= t {
		m.closeProt(m.e.expires, MarkCacheExpiry)
	}
}

// closeProt ends the protection interval in progress at at, with a
// marker saying why it ended.
func (m *sim) closeProt(at time.Duration, kind MarkerKind) {
	m.protOpen = false
	m.out.Protected = append(m.out.Protected, Interval{From: m.protFrom, To: at})
	if !m.s.Quiet {
		d := "enforce policy " + m.e.id + " expired"
		if kind != MarkCacheExpiry {
			d = "no longer an enforce policy"
		}
		m.out.Markers = append(m.out.Markers, Marker{At: at, Kind: kind, Sender: m.s.Name, Detail: d})
	}
}

// track opens or closes the protection interval after an event at t.
func (m *sim) track(t time.Duration) {
	on := m.enforcing(t)
	switch {
	case on && !m.protOpen:
		m.protOpen, m.protFrom = true, t
		if !m.s.Quiet {
			m.out.Markers = append(m.out.Markers, Marker{At: t, Kind: MarkProtected, Sender: m.s.Name, Detail: "enforce policy " + m.e.id + " cached"})
		}
	case !on && m.protOpen:
		m.closeProt(t, MarkProtectionEnd)
	}
}

// mergeTouching joins protection intervals that meet: a policy renewed at
// the very moment it expired (a refresh or delivery at t = expiry) leaves
// no instant unprotected, so "protected until 6d, protected again from 6d"
// is one span. The intervals are in time order and do not overlap.
func mergeTouching(ivs []Interval) []Interval {
	out := ivs[:0]
	for _, iv := range ivs {
		if k := len(out); k > 0 && out[k-1].To >= iv.From {
			out[k-1].To = max(out[k-1].To, iv.To)
			continue
		}
		out = append(out, iv)
	}
	return out
}

// dropRenewedAtExpiry removes the expiry and protection-start markers of a
// policy renewed at the moment it expired, the pair mergeTouching joins
// into one span. markers are sorted by time.
func dropRenewedAtExpiry(ms []Marker) []Marker {
	out := ms[:0]
	for i := 0; i < len(ms); i++ {
		if ms[i].Kind == MarkCacheExpiry {
			if j := renewedAt(ms, i); j >= 0 {
				ms[j].Kind = "" // dropped below
				continue
			}
		}
		if ms[i].Kind != "" {
			out = append(out, ms[i])
		}
	}
	return out
}

// renewedAt finds a protection-start marker at the same moment as the
// expiry marker ms[i], -1 if none.
func renewedAt(ms []Marker, i int) int {
	for j := i + 1; j < len(ms) && ms[j].At == ms[i].At; j++ {
		if ms[j].Kind == MarkProtected {
			return j
		}
	}
	return -1
}
