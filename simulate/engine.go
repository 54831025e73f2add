package simulate

import (
	"cmp"
	"slices"
	"strings"
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

// entry is a sender's cache entry for the domain (RFC 8461 §3.2: keyed by
// policy domain).
type entry struct {
	has       bool
	version   int
	id        string
	updated   time.Duration // last fetch, or last extension; max_age runs from here
	expires   time.Duration
	lastCheck time.Duration // last successful TXT check (cache grace)
	failedID  string        // id whose fetch failed last (back-off)
	retryAt   time.Duration
}

// sameHolding reports whether e and o hold the same policy and back off
// from the same id: they may differ only in their times.
func (e entry) sameHolding(o entry) bool {
	return e.has == o.has && e.version == o.version && e.id == o.id && e.failedID == o.failedID
}

type sim struct {
	w     *world
	p     Profile
	s     Sender
	e     entry
	hint  int
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

func (m *sim) reset(w *world, s Sender, tally *tally, keep *results, stats *runStats) {
	segs, prot := m.segBuf[:0], m.protBuf[:0]
	*m = sim{w: w, p: s.Profile, s: s, tally: tally, keep: keep, until: w.tl.Until, anchor: s.Start, lastT: minTime, stats: stats}
	m.out.Segments, m.out.Protected = segs, prot
	m.out.Sender = s
	if s.Cache != nil && s.Cache.Version >= 0 && s.Cache.Version < len(w.tl.Versions) {
		v := w.tl.Versions[s.Cache.Version]
		m.e = entry{has: true, version: s.Cache.Version, id: v.ID, updated: s.Cache.FetchedAt,
			expires: s.Cache.FetchedAt + v.MaxAge, lastCheck: s.Cache.FetchedAt}
		m.anchor = s.Cache.FetchedAt
		if v.Mode == policy.ModeEnforce && m.e.expires > s.Cache.FetchedAt {
			m.protOpen, m.protFrom = true, s.Cache.FetchedAt
		}
	}
}

func (m *sim) version(i int) *Version { return &m.w.tl.Versions[i] }

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
			nextExplicit := Forever
			if ti < len(times) {
				nextExplicit = times[ti]
			}
			m.cycleJump(tr, &nextPeriodic, nextExplicit)
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
		periodic := m.s.Quiet && m.s.Every > 0 && td == nextPeriodic-m.s.Every
		if periodic {
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
			if ok && moved.expires && m.e.has && m.e.expires <= nextPeriodic {
				ok = false
			}
			if ok {
				horizon := m.horizon(td, moved)
				if ti < len(times) && times[ti] < horizon {
					horizon = times[ti]
				}
				if n := countBefore(nextPeriodic, m.s.Every, horizon); n > 0 {
					last := nextPeriodic + time.Duration(n-1)*m.s.Every
					a.At = nextPeriodic
					m.record(&a, n, m.s.Every)
					m.e = shiftTo(m.e, moved, td, last)
					td = last
					nextPeriodic = last + m.s.Every
					m.lastT = last
				}
			}
		}
		m.prevOK, m.prevT, m.prevKey, m.prevEntry = true, td, k, m.e
	}
	m.finish()
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

// nextTick is the next run of the refresh job that would touch the entry,
// Forever if none.
func (m *sim) nextTick() time.Duration {
	p := m.p
	if p.RefreshEvery <= 0 || !m.e.has {
		return Forever
	}
	lb := m.lastT + 1
	if m.s.Start > lb {
		lb = m.s.Start
	}
	if v := m.e.updated + p.RefreshMinAge; v > lb {
		lb = v
	}
	if p.RefreshWindow > 0 {
		if v := m.e.expires - p.RefreshWindow; v > lb {
			lb = v
		}
	}
	if !p.RefreshExpired && lb >= m.e.expires {
		return Forever
	}
	// smallest anchor + k*every >= lb
	k := (lb - m.anchor + p.RefreshEvery - 1) / p.RefreshEvery
	if lb < m.anchor {
		k = 0
	}
	t := m.anchor + k*p.RefreshEvery
	if t < lb { // negative division rounding
		t += p.RefreshEvery
	}
	return t
}

func (m *sim) valid(t time.Duration) bool { return m.e.has && t < m.e.expires }

func (m *sim) cacheState(t time.Duration) CacheState {
	if !m.e.has {
		return CacheState{}
	}
	v := m.version(m.e.version)
	c := CacheState{Kind: CacheValid, ID: m.e.id, Mode: v.Mode, Until: m.e.expires}
	if t >= m.e.expires {
		c.Kind = CacheExpired
	}
	return c
}

// txt is what a TXT lookup returns in the segment.
func (m *sim) txt(st worldState) TXTResult {
	r := TXTResult{Looked: true}
	switch {
	case st.txtFail != "":
		r.Failure = st.txtFail
	case st.txtVersion < 0:
		r.Failure = TXTAbsent
	default:
		r.ID = m.version(st.txtVersion).ID
	}
	return r
}

// fetch is what an HTTPS policy fetch returns (RFC 8461 §3.3).
func (m *sim) fetch(st worldState) FetchResult {
	r := FetchResult{Tried: true, Version: -1}
	switch {
	case st.attack && st.blocksFetch:
		r.Failure = FailTimeout
	case st.fileFail == FailSlow:
		if st.latency > m.p.FetchTimeout {
			r.Failure, r.Latency = FailSlow, st.latency
		} else {
			r.Version, r.Latency = st.served, st.latency
		}
	case st.fileFail != "":
		r.Failure = st.fileFail
	case st.served < 0:
		r.Failure = FailNotFound
	default:
		r.Version = st.served
	}
	if r.Failure == "" && r.Version >= 0 && m.p.StrictContentType {
		// RFC 8461 §3.2: senders SHOULD check the media type is text/plain.
		if ct := m.version(r.Version).ContentType; ct != "" && ct != "text/plain" {
			r.Failure, r.Version = FailContentType, -1
		}
	}
	if r.Failure != "" {
		r.Version = -1
	}
	return r
}

func (m *sim) store(t time.Duration, version int, id string) {
	m.e.has, m.e.version, m.e.id = true, version, id
	m.e.updated, m.e.expires, m.e.lastCheck = t, t+m.version(version).MaxAge, t
	m.e.failedID, m.e.retryAt = "", 0
	m.wrote = true
}

func (m *sim) extend(t time.Duration) {
	m.e.updated, m.e.expires, m.e.lastCheck = t, t+m.version(m.e.version).MaxAge, t
	m.wrote = true
}

func (m *sim) failed(t time.Duration, id string) {
	if m.p.Backoff > 0 {
		m.e.failedID, m.e.retryAt = id, t+m.p.Backoff
		m.wrote = true
	}
}

// deliver decides one delivery attempt (RFC 8461 §5.1's control flow, with
// the profile's variations).
func (m *sim) deliver(t time.Duration) Attempt {
	m.wrote = false
	m.hint = m.w.segment(t, m.hint)
	st := m.w.states[m.hint]
	a := Attempt{At: t, Sender: m.s.Name, Cache: m.cacheState(t), Attack: st.attack, Fetch: FetchResult{Version: -1}}
	valid := m.valid(t)
	lookup := true
	if valid && (!m.p.TXTOnDelivery || (m.p.CacheGrace > 0 && t-m.e.lastCheck <= m.p.CacheGrace)) {
		lookup = false
	}
	lazyNow := false
	if !lookup {
		a.Rule = RuleCachedNoLookup
	} else {
		a.TXT = m.txt(st)
		switch {
		case a.TXT.Failure != "":
			// §3.1: the absence of a usable TXT record does not remove a
			// cached policy.
			switch {
			case valid:
				a.Rule = RuleCachedTXTGone
			case m.e.has:
				a.Rule = RuleExpiredOpen
			default:
				a.Rule = RuleNoRecord
			}
		case m.e.has && a.TXT.ID == m.e.id && (valid || m.p.ReviveExpired):
			// §3: an unchanged id means the cached policy is current.
			if m.p.CacheGrace > 0 {
				m.e.lastCheck, m.wrote = t, true
			}
			if m.p.ExtendOnDelivery {
				m.extend(t)
				a.Extended, valid = true, true
				a.Rule = RuleExtended
			} else {
				a.Rule = RuleCachedSameID
			}
		default:
			// No valid cache, or a new id: fetch (§3.3), unless backing off.
			if m.e.failedID == a.TXT.ID && t < m.e.retryAt {
				a.Fetch.BackedOff = true
			} else {
				a.Fetch = m.fetch(st)
			}
			switch {
			case a.Fetch.Tried && a.Fetch.Failure == "":
				if !valid && m.p.LazyFirstFetch {
					lazyNow = true
					a.Rule = RuleLazy
				} else {
					a.Rule = RuleFetched
				}
				m.store(t, a.Fetch.Version, a.TXT.ID)
				valid = true
			case valid:
				a.Rule = RuleCachedFetchFail
			case m.e.has:
				a.Rule = RuleExpiredOpen
			case a.Fetch.BackedOff:
				a.Rule = RuleBackoffOpen
			default:
				a.Rule = RuleFetchFailOpen
			}
			if a.Fetch.Tried && a.Fetch.Failure != "" {
				m.failed(t, a.TXT.ID)
			}
		}
	}
	if valid && !lazyNow {
		v := m.version(m.e.version)
		a.Policy = Applied{Mode: v.Mode, ID: m.e.id, ValidUntil: m.e.expires}
	}
	m.apply(&a, st)
	return a
}

// apply turns the policy into an outcome (RFC 8461 §5, §8.4).
func (m *sim) apply(a *Attempt, st worldState) {
	mode := a.Policy.Mode
	if mode == policy.ModeTesting && !m.p.HonoursTesting {
		a.Rule = RuleTestingIgnored
		mode = ""
	}
	if mode == policy.ModeTesting && m.p.EnforcesTesting {
		mode = policy.ModeEnforce
	}
	switch mode {
	case policy.ModeEnforce, policy.ModeTesting:
		ev := m.w.evals[m.hint*m.w.versions+m.e.version]
		if mode == policy.ModeEnforce {
			if ev.anyValid {
				a.Outcome = Enforced
			} else {
				a.Outcome, a.MXResult = Deferred, ev.anyResult
			}
		} else {
			a.MXResult = ev.firstResult
			a.Outcome = TestingDelivered
			if st.attack {
				a.Outcome = Exposed
			}
		}
	default:
		if mode == policy.ModeNone {
			a.Rule = RuleModeNone
		}
		a.Outcome = FailOpen
		if st.attack {
			a.Outcome = Exposed
		}
	}
	if m.p.Reports {
		switch {
		case a.MXResult != "":
			a.Reported = a.MXResult
		case a.Fetch.Failure != "" && (a.Policy.Mode == "" || a.Policy.Mode != policy.ModeNone):
			// RFC 8461 §6 / RFC 8460 §4.3: fetch failures are reported.
			a.Reported = a.Fetch.Failure.ResultType()
		}
	}
}

// refresh is one run of the proactive refresh job (RFC 8461 §3.3, §10.2).
func (m *sim) refresh(t time.Duration) {
	m.hint = m.w.segment(t, m.hint)
	st := m.w.states[m.hint]
	txt := m.txt(st)
	doFetch, extended := true, false
	if m.p.RefreshChecksTXT {
		switch {
		case txt.Failure != "":
			doFetch = m.p.RefreshFetchOnTXTError && m.version(m.e.version).Mode != policy.ModeNone
		case txt.ID == m.e.id && m.p.ExtendOnRefresh:
			m.extend(t)
			doFetch, extended = false, true
		}
	}
	var f FetchResult
	if doFetch {
		f = m.fetch(st)
		if f.Failure == "" {
			id := m.e.id
			if txt.ID != "" {
				id = txt.ID
			}
			m.store(t, f.Version, id)
		}
	}
	if m.s.Quiet {
		return
	}
	var detail string
	switch {
	case extended:
		detail = "TXT id unchanged: expiry pushed to " + FormatDuration(m.e.expires) + " without fetching"
	case doFetch && f.Failure == "":
		detail = "refetched policy id " + m.e.id + ", valid until " + FormatDuration(m.e.expires)
	case doFetch:
		detail = "refetch failed (" + string(f.Failure) + ")"
	case txt.Failure != "":
		detail = "TXT " + string(txt.Failure) + ": nothing refreshed"
	default:
		return
	}
	m.out.Markers = append(m.out.Markers, Marker{At: t, Kind: MarkRefresh, Sender: m.s.Name, Detail: detail})
}

func (m *sim) enforcing(t time.Duration) bool {
	return m.e.has && t < m.e.expires && m.version(m.e.version).Mode == policy.ModeEnforce
}

// expireBefore closes a protection interval whose policy expired before t.
func (m *sim) expireBefore(t time.Duration) {
	if m.protOpen && m.e.expires <= t {
		m.closeProt(m.e.expires, MarkCacheExpiry)
	}
}

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

func (m *sim) finish() {
	if m.protOpen {
		if m.e.expires < m.until {
			m.closeProt(m.e.expires, MarkCacheExpiry)
		} else {
			m.protOpen = false
			m.out.Protected = append(m.out.Protected, Interval{From: m.protFrom, To: Forever})
		}
	}
	for _, iv := range m.out.Protected {
		if within(0, iv.From, iv.To) {
			m.out.ProtectedUntil = iv.To
		}
	}
	slices.SortStableFunc(m.out.Markers, func(a, b Marker) int { return cmp.Compare(a.At, b.At) })
	m.segBuf, m.protBuf = m.out.Segments, m.out.Protected
	m.out.Segments = m.keep.segments.keep(m.out.Segments)
	m.out.Protected = m.keep.protected.keep(m.out.Protected)
}

// worldMarkers lists the timeline's changes in time order.
func worldMarkers(tl Timeline) []Marker {
	var out []Marker
	add := func(t time.Duration, k MarkerKind, d string) {
		if t != Forever {
			out = append(out, Marker{At: t, Kind: k, Detail: d})
		}
	}
	for _, v := range tl.Versions {
		add(v.At, MarkVersion, "policy file id "+v.ID+" ("+string(v.Mode)+", max_age "+FormatDuration(v.MaxAge)+") served")
		add(v.TXTAt, MarkTXTID, "TXT record id="+v.ID+" published")
	}
	for _, o := range tl.FileOutages {
		add(o.From, MarkOutageStart, "policy file fails: "+string(o.Failure))
		add(o.To, MarkOutageEnd, "policy file back")
	}
	for _, o := range tl.TXTOutages {
		add(o.From, MarkTXTGone, "TXT lookup fails: "+string(o.Kind))
		add(o.To, MarkTXTBack, "TXT lookup works again")
	}
	for _, c := range tl.MXChanges {
		add(c.At, MarkMXChange, "MX hosts now "+strings.Join(c.Hosts, ", "))
	}
	for _, b := range tl.TLSBreaks {
		h := b.Host
		if h == "" {
			h = "every MX"
		}
		add(b.From, MarkTLSBreak, h+": "+b.Result)
		add(b.To, MarkTLSFixed, h+" TLS fixed")
	}
	for _, a := range tl.Attacks {
		add(a.From, MarkAttackStart, "attacker strips STARTTLS")
		add(a.To, MarkAttackEnd, "attacker gone")
	}
	slices.SortStableFunc(out, func(a, b Marker) int { return cmp.Compare(a.At, b.At) })
	return out
}
