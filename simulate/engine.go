package simulate

import (
	"slices"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Run replays the senders against the timeline. It is pure: the same
// input always gives the same Result.
func Run(tl Timeline, senders []Sender) Result {
	r, _ := run(tl, senders)
	return r
}

// runStats counts the shortcuts a run took, for tests that must reach them.
type runStats struct {
	cycleJumps    int // jumps over repeating refresh cycles
	cyclesSkipped int // refresh cycles those jumps covered
	steps         int // refresh runs and delivery decisions made one by one
}

func run(tl Timeline, senders []Sender) (Result, runStats) {
	var st runStats
	w := compile(tl)
	res := Result{Timeline: tl, Markers: worldMarkers(tl)}
	res.Buckets = makeBuckets(tl, senders)
	res.Senders = make([]SenderResult, len(senders))
	tally := newTally(res.Buckets)
	var keep results
	m := new(sim) // one for all senders: a population is thousands
	for i, s := range senders {
		m.reset(w, s, tally, &keep, &st)
		m.run()
		res.Senders[i] = m.out
	}
	tally.finish()
	return res, st
}

// sim replays one sender against the compiled world; run resets it for
// each sender instead of allocating one per sender.
type sim struct {
	w     *world
	p     Profile
	s     Sender
	e     entry
	hint  int // world segment of the last event: senders walk time forward
	out   SenderResult
	tally *tally
	keep  *results
	until time.Duration

	// scratch for the sender in progress, reused by the next one
	segBuf  []Segment
	protBuf []Interval

	anchor time.Duration // refresh job phase
	lastT  time.Duration // previous event time, for tick ordering

	protOpen bool
	protFrom time.Duration

	// wrote: the last delivery wrote to the entry (even the same values).
	wrote bool

	mark  cycleMark // cycle detection (cycle.go)
	stats *runStats

	// fast-forward bookkeeping: the previous delivery
	prevOK    bool
	prevT     time.Duration
	prevKey   attemptKey
	prevEntry entry
}

// reset starts sender s, with the policy it held before it starts, if any,
// already cached and protecting.
func (m *sim) reset(w *world, s Sender, tally *tally, keep *results, stats *runStats) {
	segs, prot := m.segBuf[:0], m.protBuf[:0]
	*m = sim{w: w, p: s.Profile, s: s, tally: tally, keep: keep, until: w.tl.Until, anchor: s.Start, lastT: minTime, stats: stats}
	m.out.Segments, m.out.Protected = segs, prot
	m.out.Sender = s
	if s.Cache != nil && s.Cache.Version >= 0 && s.Cache.Version < len(w.tl.Versions) {
		v := w.tl.Versions[s.Cache.Version]
		m.e = entry{has: true, version: s.Cache.Version, id: v.ID, updated: s.Cache.FetchedAt,
			expires: s.Cache.FetchedAt + s.Profile.Lifetime(v.MaxAge), lastCheck: s.Cache.FetchedAt}
		m.anchor = s.Cache.FetchedAt
		if v.Mode == policy.ModeEnforce && m.e.expires > s.Cache.FetchedAt {
			m.protOpen, m.protFrom = true, s.Cache.FetchedAt
		}
	}
}

func (m *sim) version(i int) *Version { return &m.w.tl.Versions[i] }

// run steps through the sender's deliveries and refresh-job runs in time
// order, jumping over runs of deliveries that would all be decided alike
// (fastforward.go, cycle.go).
func (m *sim) run() {
	times := slices.Clone(m.s.Times)
	slices.Sort(times)
	ti := 0
	for ti < len(times) && times[ti] < m.s.Start {
		ti++
	}
	nextPeriodic := m.s.Start
	if m.s.Every <= 0 {
		nextPeriodic = Forever
		if len(times) == 0 || times[0] != m.s.Start {
			times = slices.Insert(times, ti, m.s.Start)
		}
	}
	nextExplicit := func() time.Duration {
		if ti < len(times) {
			return times[ti]
		}
		return Forever
	}
	for {
		td := nextPeriodic
		if ti < len(times) && times[ti] <= td {
			td = times[ti]
		}
		tr := m.nextTick()
		if tr <= td && tr < m.until {
			m.stats.steps++
			m.expireBefore(tr)
			m.refresh(tr)
			m.lastT = tr
			m.track(tr)
			m.prevOK = false
			m.cycleJump(tr, &nextPeriodic, nextExplicit())
			continue
		}
		if td >= m.until {
			break
		}
		m.stats.steps++
		// consume the delivery (a periodic and an explicit one at the same
		// moment are one delivery)
		if td == nextPeriodic {
			nextPeriodic += m.s.Every
		}
		for ti < len(times) && times[ti] == td {
			ti++
		}
		m.expireBefore(td)
		a := m.deliver(td)
		m.lastT = td
		m.track(td)
		m.record(&a, 1, 0)
		k := a.key()
		if periodic := m.s.Quiet && m.s.Every > 0 && td == nextPeriodic-m.s.Every; periodic {
			td, nextPeriodic = m.skipSteady(&a, k, td, nextPeriodic, nextExplicit())
		}
		m.prevOK, m.prevT, m.prevKey, m.prevEntry = true, td, k, m.e
	}
	m.finish()
}
