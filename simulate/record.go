package simulate

import (
	"cmp"
	"slices"
	"time"
)

// record adds n deliveries, every apart from a.At, all decided like a.
func (m *sim) record(a *Attempt, n int, every time.Duration) {
	o := a.Outcome
	m.out.Counts[o] += n
	if k := len(m.out.Segments); k > 0 && m.out.Segments[k-1].Outcome == o {
		m.out.Segments[k-1].Deliveries += n
	} else {
		if k > 0 {
			m.out.Segments[k-1].To = a.At
		}
		m.out.Segments = append(m.out.Segments, Segment{From: a.At, To: m.until, Outcome: o, Deliveries: n})
	}
	if !m.s.Quiet && n == 1 {
		m.out.Attempts = append(m.out.Attempts, *a)
		if a.Fetch.Tried {
			d := "fetched policy id " + a.TXT.ID
			if a.Fetch.Failure != "" {
				d = "fetch failed (" + string(a.Fetch.Failure) + ")"
			}
			m.out.Markers = append(m.out.Markers, Marker{At: a.At, Kind: MarkFetch, Sender: m.s.Name, Detail: d})
		}
	}
	m.tally.add(a.At, n, every, o)
}

// finish closes what the sender left open, sorts its markers and moves
// its slices into the run's arenas, keeping the scratch for the next one.
func (m *sim) finish() {
	if m.protOpen {
		if m.e.expires < m.until {
			m.closeProt(m.e.expires, MarkCacheExpiry)
		} else {
			m.protOpen = false
			m.out.Protected = append(m.out.Protected, Interval{From: m.protFrom, To: Forever})
		}
	}
	m.out.Protected = mergeTouching(m.out.Protected)
	for _, iv := range m.out.Protected {
		if within(0, iv.From, iv.To) {
			m.out.ProtectedUntil = iv.To
		}
	}
	slices.SortStableFunc(m.out.Markers, func(a, b Marker) int { return cmp.Compare(a.At, b.At) })
	m.out.Markers = dropRenewedAtExpiry(m.out.Markers)
	m.segBuf, m.protBuf = m.out.Segments, m.out.Protected
	m.out.Segments = m.keep.segments.keep(m.out.Segments)
	m.out.Protected = m.keep.protected.keep(m.out.Protected)
}
