package simulate

import "time"

// A quiet sender with a refresh job, in a world that does not change, goes
// round the same cycle again and again: the job runs, deliveries follow
// with one outcome, the job runs again and leaves the cache as it left it
// a period earlier, only later. The engine then counts the cycles up to the
// next world change in one step instead of replaying each.
//
// The proof is by observation, not by case analysis of the profiles: the
// engine marks its whole state just after a run of the job and, at a later
// run, checks that the state is the mark moved forward by the period P.
// The model is deterministic and only reads time through the world
// (constant within a segment), the delivery times (a multiple of Every
// apart, so P must be one too), the job's schedule (anchor + k·RefreshEvery,
// and P is a multiple of it since both runs are on it) and the entry's time
// fields. A field that moved by exactly P keeps its distance to now; one
// that stayed put must be past every threshold it is compared with, or it
// would decide differently later. If all holds and the observed span added
// no segment and no protection interval, the span after it is the same
// span, moved by P, and so is the next, up to the segment's end.

// cycleMark is the engine's state just after a run of the refresh job.
type cycleMark struct {
	set       bool
	at        time.Duration // when the job ran
	e         entry
	seg       int           // world segment
	phase     time.Duration // next periodic delivery − at
	segments  int
	protected int
	protOpen  bool
	protFrom  time.Duration
	counts    [numOutcomes]int
	alerts    int
}

func (m *sim) markCycle(at, nextDelivery time.Duration) {
	m.mark = cycleMark{set: true, at: at, e: m.e, seg: m.hint, phase: nextDelivery - at,
		segments: len(m.out.Segments), protected: len(m.out.Protected), protOpen: m.protOpen,
		protFrom: m.protFrom, counts: m.out.Counts, alerts: m.out.RefreshAlerts}
}

// cycleJump runs just after the refresh job ran at t, with the next
// periodic delivery at *nextDelivery and the next explicit one at
// nextExplicit (Forever if none). When the span since the mark repeats, it
// records the repeats that end before the world changes and moves the
// state past them.
func (m *sim) cycleJump(t time.Duration, nextDelivery *time.Duration, nextExplicit time.Duration) {
	if !m.s.Quiet || m.s.Every <= 0 {
		return
	}
	k := &m.mark
	if !k.set || !m.cleanSince(k) {
		m.markCycle(t, *nextDelivery)
		return
	}
	if *nextDelivery-t != k.phase {
		// Deliveries fall elsewhere in this period than in the marked
		// one; keep the mark until they come round (P a multiple of
		// Every).
		return
	}
	period := t - k.at
	perCycle := int(period / m.s.Every)
	moved, ok := m.translated(k, period)
	protMoved, protOK := m.protectionTranslated(k, period)
	if !ok || !protOK || perCycle < 1 || !m.onlyLastOutcome(k, perCycle) {
		m.markCycle(t, *nextDelivery)
		return
	}
	end := min(m.w.next(m.hint), m.until) - 1
	if nextExplicit < end {
		end = nextExplicit
	}
	cycles := (end - t) / period
	if cycles <= 0 {
		return
	}
	skip := cycles * period
	a := Attempt{At: *nextDelivery, Sender: m.s.Name, Outcome: m.out.Segments[len(m.out.Segments)-1].Outcome}
	m.record(&a, int(cycles)*perCycle, m.s.Every)
	// Each repeat fails (and alerts about) the refreshes the marked span did.
	m.out.RefreshAlerts += int(cycles) * (m.out.RefreshAlerts - k.alerts)
	// The protection intervals the marked span closed close again in
	// each repeat, a period later each time.
	added := len(m.out.Protected) - k.protected
	for c := time.Duration(1); c <= cycles; c++ {
		for i := range added {
			iv := m.out.Protected[k.protected+i]
			m.out.Protected = append(m.out.Protected, Interval{From: iv.From + c*period, To: iv.To + c*period})
		}
	}
	if protMoved {
		m.protFrom += skip
	}
	m.e = shiftTo(m.e, moved, t, t+skip)
	m.lastT = t + skip
	*nextDelivery += skip
	m.stats.cycleJumps++
	m.stats.cyclesSkipped += int(cycles)
	m.markCycle(t+skip, *nextDelivery)
}

// cleanSince reports whether the span since the mark stayed in its world
// segment, began no segment and left protection open or closed as it was.
func (m *sim) cleanSince(k *cycleMark) bool {
	return m.hint == k.seg && len(m.out.Segments) == k.segments && k.segments > 0 && m.protOpen == k.protOpen
}

// protectionTranslated reports whether the protection interval in
// progress is where the marked one was, moved by period (then moved is
// true), or is the same one with no interval closed since. The intervals
// closed in the span are then the span's own, and each repeat closes the
// same ones a period later. With no interval in progress its start is
// never read again before a new one sets it.
func (m *sim) protectionTranslated(k *cycleMark, period time.Duration) (moved, ok bool) {
	switch {
	case !m.protOpen:
		return false, true
	case m.protFrom == k.protFrom+period:
		return true, true
	}
	return false, m.protFrom == k.protFrom && len(m.out.Protected) == k.protected
}

// onlyLastOutcome reports whether the span since the mark made exactly n
// deliveries, all with the outcome of the current segment.
func (m *sim) onlyLastOutcome(k *cycleMark, n int) bool {
	o := m.out.Segments[len(m.out.Segments)-1].Outcome
	for i, c := range m.out.Counts {
		want := k.counts[i]
		if Outcome(i) == o {
			want += n
		}
		if c != want {
			return false
		}
	}
	return true
}

// translated reports whether the entry is the marked one moved forward by
// period: each time field moved by exactly period, or stayed where every
// comparison made with it is already decided.
func (m *sim) translated(k *cycleMark, period time.Duration) (movedFields, bool) {
	a, b, p := k.e, m.e, m.p
	var mv movedFields
	if !a.sameHolding(b) {
		return mv, false
	}
	field := func(x, y, threshold time.Duration, moved *bool) bool {
		switch {
		case y == x+period:
			*moved = true
			return true
		case y == x:
			return threshold <= k.at
		}
		return false
	}
	// The thresholds are the largest times each field is compared with:
	// the job's minimum age (nextTick), the expiry (and the job's window
	// before it), the cache grace (deliver), the back-off. The back-off
	// time is read only for the id in failedID: with none it is moot.
	grace := minTime
	if p.CacheGrace > 0 {
		grace = a.lastCheck + p.CacheGrace + 1
	}
	ok := field(a.updated, b.updated, a.updated+p.RefreshMinAge, &mv.updated) &&
		field(a.expires, b.expires, a.expires, &mv.expires) &&
		field(a.lastCheck, b.lastCheck, grace, &mv.lastCheck) &&
		(field(a.retryAt, b.retryAt, a.retryAt, &mv.retryAt) || a.failedID == "")
	return mv, ok
}
