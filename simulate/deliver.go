package simulate

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

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
	switch {
	case !lookup:
		a.Rule = RuleCachedNoLookup
	case !valid && m.holdingOff(t):
		// mox's mode-none back-off entry (mtastsdb/db.go:128-130) and
		// postfix-tlspol's remembered answer: nothing is looked up.
		a.Fetch.BackedOff = true
		a.Rule = RuleBackoffOpen
	default:
		a.TXT = m.txt(st)
		switch {
		case a.TXT.Failure != "":
			// §3.1: the absence of a usable TXT record does not remove a
			// cached policy.
			switch {
			case valid:
				a.Rule = RuleCachedTXTGone
			case a.TXT.Failure == TXTDNSError && m.p.TXTErrorDefers:
				// mox: a temporary DNS error is an error of Get
				// (mtastsdb/db.go:232-241), and the queue aborts the
				// attempt (queue/direct.go:171-181).
				a.Rule = RuleTXTErrorDefer
			case m.e.has:
				a.Rule = RuleExpiredOpen
			default:
				a.Rule = RuleNoRecord
			}
			if !valid && m.p.NegativeCache > 0 {
				// postfix-tlspol: no record is a "no policy" answer
				// kept NegativeCache (server.go:975-977); a DNS error
				// is temporary, retried after Backoff (server.go:1642).
				d := m.p.Backoff
				if a.TXT.Failure == TXTAbsent {
					d = m.p.NegativeCache
				}
				m.holdOff(t, d)
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
				m.failed(t, a.TXT.ID, a.Fetch.Failure, valid)
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
	switch {
	case a.Rule == RuleTXTErrorDefer:
		a.Outcome = Deferred
	case mode == policy.ModeEnforce:
		ev := m.w.eval(m.hint, m.e.version)
		switch {
		case ev.anyValid:
			a.Outcome = Enforced
		case m.p.BouncesUncoveredMX && ev.lastUncovered:
			// maddy: the last MX tried is not in the policy, a 550
			// 5.7.0 (security.go:185-191), and a permanent last error
			// fails the message (connect.go:353-356).
			a.Outcome, a.MXResult = Bounced, string(policy.ResultValidationFailure)
		default:
			a.Outcome, a.MXResult = Deferred, ev.anyResult
		}
	case mode == policy.ModeTesting:
		ev := m.w.eval(m.hint, m.e.version)
		a.MXResult = ev.firstResult
		a.Outcome = TestingDelivered
		if st.attack {
			a.Outcome = Exposed
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
		a.Reported = m.reported(a)
	}
}

// reported is the RFC 8460 §4.3 result type the sender reports for a, ""
// for none.
func (m *sim) reported(a *Attempt) string {
	switch {
	case a.MXResult != "":
		return a.MXResult
	case !m.p.ReportsFetchErrors:
		// postfix-tlspol passes Postfix policy data only, never a fetch
		// failure (mta-sts.go:346-353).
		return ""
	case a.Fetch.Failure != "" && a.Policy.Mode != policy.ModeNone:
		// RFC 8461 §6 / RFC 8460 §4.3: fetch failures are reported.
		return string(a.Fetch.Failure.ResultType())
	case a.Rule == RuleTXTErrorDefer:
		// mox: mtastsdb/db.go:237-239.
		return string(policy.ResultSTSPolicyFetchError)
	case a.Fetch.BackedOff && !a.TXT.Looked:
		// mox: "back-off-after-recent-fetch-error" (mtastsdb/db.go:262-268).
		return string(policy.ResultSTSPolicyFetchError)
	case a.Rule == RuleCachedTXTGone && a.Policy.Mode != policy.ModeNone:
		// RFC 8460 §4.3.2.2 counts a "failure to resolve the TXT record"
		// as sts-policy-fetch-error; mox reports it beside the cached
		// policy it falls back on, "+fallback-to-cached-policy"
		// (mtastsdb/db.go:279-299).
		return string(policy.ResultSTSPolicyFetchError)
	}
	return ""
}
