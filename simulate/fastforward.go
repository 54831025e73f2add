package simulate

import "time"

// skipSteady runs after a quiet sender's periodic delivery at td, decided
// as a, with the next periodic delivery at next. When the deliveries after
// it would all be decided alike up to the horizon (and before nextExplicit),
// it records them in one step and returns the last one's time and the
// periodic delivery after it; otherwise td and next unchanged.
func (m *sim) skipSteady(a *Attempt, k attemptKey, td, next, nextExplicit time.Duration) (last, after time.Duration) {
	// Steady when the delivery did not write the entry (the next
	// one in this segment sees the same state until a threshold),
	// or when it moved it exactly as the previous one did. A write
	// of the same values is not steady: an extension at the
	// moment of a refresh writes what the refresh wrote, but the
	// next delivery's extension will not.
	moved, ok := movedFields{}, !m.wrote
	if !ok && m.prevOK && k == m.prevKey {
		moved, ok = shifted(m.prevEntry, m.e, m.prevT, td)
	}
	// An entry whose expiry moves with each delivery but comes
	// before the next one expires between every two deliveries:
	// each expiry ends a protection interval, so step.
	if ok && moved.expires && m.e.has && m.e.expires <= next {
		ok = false
	}
	if !ok {
		return td, next
	}
	horizon := min(m.horizon(td, moved), nextExplicit)
	n := countBefore(next, m.s.Every, horizon)
	if n <= 0 {
		return td, next
	}
	last = next + time.Duration(n-1)*m.s.Every
	a.At = next
	m.record(a, n, m.s.Every)
	m.e = shiftTo(m.e, moved, td, last)
	m.lastT = last
	return last, last + m.s.Every
}

// countBefore counts t0 + k*every < h for k >= 0.
func countBefore(t0, every, h time.Duration) int {
	if h <= t0 || every <= 0 {
		return 0
	}
	return int((h-t0-1)/every + 1)
}

// Which entry fields moved with the delivery time between two deliveries.
type movedFields struct{ updated, expires, lastCheck, retryAt bool }

// shifted reports whether b is a with every time field either unchanged or
// moved exactly with the delivery time (set to now plus a constant): then
// the next delivery sees the same state relative to its own time.
func shifted(a, b entry, ta, tb time.Duration) (movedFields, bool) {
	var mv movedFields
	if !a.sameHolding(b) {
		return mv, false
	}
	d := tb - ta
	same := func(x, y time.Duration, moved *bool) bool {
		if x == y {
			return true
		}
		if y-x == d {
			*moved = true
			return true
		}
		return false
	}
	ok := same(a.updated, b.updated, &mv.updated) && same(a.expires, b.expires, &mv.expires) &&
		same(a.lastCheck, b.lastCheck, &mv.lastCheck) && same(a.retryAt, b.retryAt, &mv.retryAt)
	return mv, ok
}

func shiftTo(e entry, mv movedFields, from, to time.Duration) entry {
	d := to - from
	if mv.updated {
		e.updated += d
	}
	if mv.expires {
		e.expires += d
	}
	if mv.lastCheck {
		e.lastCheck += d
	}
	if mv.retryAt {
		e.retryAt += d
	}
	return e
}

// horizon is the first moment after t at which a delivery could be decided
// differently: a world change, a refresh, or a threshold of a field that
// does not move with time.
func (m *sim) horizon(t time.Duration, mv movedFields) time.Duration {
	h := m.until
	if n := m.w.next(m.hint); n < h {
		h = n
	}
	if !m.tickHeldOff(t, mv) {
		if tr := m.nextTick(); tr < h {
			h = tr
		}
	}
	consider := func(moved bool, v time.Duration) {
		if !moved && v > t && v < h {
			h = v
		}
	}
	if m.e.has {
		consider(mv.expires, m.e.expires)
		if m.p.CacheGrace > 0 {
			consider(mv.lastCheck, m.e.lastCheck+m.p.CacheGrace+1)
		}
	}
	consider(mv.retryAt, m.e.retryAt)
	return h
}

// tickHeldOff reports whether, in a run of periodic deliveries that each
// move the entry as the one at t did, the refresh job can never run: each
// delivery pushes the job's earliest time (updated + RefreshMinAge, or
// expires − RefreshWindow) past the next delivery. postfix-mta-sts-resolver
// with proactive fetching is such a sender: every delivery restarts the
// entry's age, so its 12 h job never finds an entry old enough.
func (m *sim) tickHeldOff(t time.Duration, mv movedFields) bool {
	p, every := m.p, m.s.Every
	if p.RefreshEvery <= 0 || every <= 0 || !m.e.has {
		return false
	}
	if mv.updated && m.e.updated-t+p.RefreshMinAge > every {
		return true
	}
	return p.RefreshWindow > 0 && mv.expires && m.e.expires-t-p.RefreshWindow > every
}
