package simulate

import "time"

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

// valid reports whether the cached policy is within its max_age at t
// (RFC 8461 §3.2).
func (m *sim) valid(t time.Duration) bool { return m.e.has && t < m.e.expires }

// cacheState is what the sender holds at t, as an Attempt reports it.
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

// lifetime is how long the sender keeps version i: its max_age, or less
// under the profile's cap (postfix-tlspol keeps at most 30 days).
func (m *sim) lifetime(i int) time.Duration {
	return m.p.Lifetime(m.version(i).MaxAge)
}

// Lifetime is how long the profile keeps a policy with this max_age.
func (p Profile) Lifetime(maxAge time.Duration) time.Duration {
	if p.CacheCap > 0 && maxAge > p.CacheCap {
		return p.CacheCap
	}
	return maxAge
}

// store caches a freshly fetched version: max_age runs from now.
func (m *sim) store(t time.Duration, version int, id string) {
	m.e.has, m.e.version, m.e.id = true, version, id
	m.e.updated, m.e.expires, m.e.lastCheck = t, t+m.lifetime(version), t
	m.e.failedID, m.e.retryAt = "", 0
	m.wrote = true
}

// extend restarts max_age of the cached version without fetching, as
// senders that trust an unchanged TXT id do.
func (m *sim) extend(t time.Duration) {
	m.e.updated, m.e.expires, m.e.lastCheck = t, t+m.lifetime(m.e.version), t
	m.wrote = true
}

// anyID as failedID backs off from the domain, not from one id: the
// sender does not even look up the TXT record until retryAt.
const anyID = "\x00any"

// failed notes a failed fetch of id at t, so the profile's back-off keeps
// the next deliveries from fetching it again at once. valid says whether
// the sender still holds a valid policy.
func (m *sim) failed(t time.Duration, id string, f FetchFailure, valid bool) {
	p := m.p
	d := p.Backoff
	if p.NegativeCache > 0 && f.NoPolicy() {
		// postfix-tlspol remembers a "no policy" answer (non-200, wrong
		// type, bad policy) longer than a temporary failure.
		d = p.NegativeCache
	}
	switch {
	case d <= 0:
		return
	case p.BackoffOverwrites && valid:
		// mox backs off only when it has nothing valid to fall back on
		// (a failed refetch for a new id keeps the cache, no back-off).
		return
	case p.BackoffOverwrites:
		// mox: the back-off is a mode-none entry that replaces the
		// (expired) cached policy; nothing is looked up until it ends.
		m.e.has = false
		m.e.failedID = anyID
	case p.NegativeCache > 0:
		// postfix-tlspol caches the answer, "no policy" or "try later":
		// no lookup at all meanwhile.
		m.e.failedID = anyID
	default:
		m.e.failedID = id
	}
	m.e.retryAt = t + d
	m.wrote = true
}

// holdOff starts a back-off of d from t in which nothing is looked up
// (postfix-tlspol after a failed TXT lookup).
func (m *sim) holdOff(t, d time.Duration) {
	if d > 0 {
		m.e.failedID, m.e.retryAt = anyID, t+d
		m.wrote = true
	}
}

// holdingOff reports whether the sender looks nothing up at t.
func (m *sim) holdingOff(t time.Duration) bool {
	return m.e.failedID == anyID && t < m.e.retryAt
}
