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

// store caches a freshly fetched version: max_age runs from now.
func (m *sim) store(t time.Duration, version int, id string) {
	m.e.has, m.e.version, m.e.id = true, version, id
	m.e.updated, m.e.expires, m.e.lastCheck = t, t+m.version(version).MaxAge, t
	m.e.failedID, m.e.retryAt = "", 0
	m.wrote = true
}

// extend restarts max_age of the cached version without fetching, as
// senders that trust an unchanged TXT id do.
func (m *sim) extend(t time.Duration) {
	m.e.updated, m.e.expires, m.e.lastCheck = t, t+m.version(m.e.version).MaxAge, t
	m.wrote = true
}

// failed notes a failed fetch of id, so the profile's back-off keeps the
// next deliveries from fetching it again at once.
func (m *sim) failed(t time.Duration, id string) {
	if m.p.Backoff > 0 {
		m.e.failedID, m.e.retryAt = id, t+m.p.Backoff
		m.wrote = true
	}
}
