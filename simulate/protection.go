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
