package simulate

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

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
	cachedMode := m.version(m.e.version).Mode
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
	// §3.3, §10.2: a failed refresh alerts the admin, unless the cached
	// policy is mode none.
	failed := (doFetch && f.Failure != "") || (!doFetch && !extended && txt.Failure != "")
	alert := failed && m.p.AlertsOnRefreshFailure && cachedMode != policy.ModeNone
	if alert {
		m.out.RefreshAlerts++
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
	if alert {
		detail += "; the admin is alerted (RFC 8461 §3.3)"
	}
	m.out.Markers = append(m.out.Markers, Marker{At: t, Kind: MarkRefresh, Sender: m.s.Name, Detail: detail})
}
