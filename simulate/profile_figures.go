package simulate

import (
	"fmt"
	"time"
)

// The headline figures differ per sender: how often a profile renews a
// policy decides how long an outage of the policy file it rides out, and
// what a wrong update order (RFC 8461 §8.1) costs. These functions answer
// for one profile, from its parameters, for a sender that delivers every
// `every` and a policy whose file and TXT id stay put.

// RenewalCycle is the longest a steady sender of the profile goes without
// renewing (fetching, or restarting max_age for) a policy with this
// max_age: the age of its copy is spread over [0, RenewalCycle) at any
// moment. A daily refresher renews daily; a sender that only refetches on
// expiry renews once per lifetime.
func (p Profile) RenewalCycle(maxAge, every time.Duration) time.Duration {
	c := p.Lifetime(maxAge)
	if p.TXTOnDelivery && p.ExtendOnDelivery && every > 0 {
		// postfix-mta-sts-resolver restarts max_age at each use after its
		// grace.
		c = min(c, max(every, p.CacheGrace))
	}
	if r := p.RefreshEvery; r > 0 {
		if p.RefreshWindow > 0 {
			// The first run inside the window before expiry refetches.
			c = min(c, max(c-p.RefreshWindow+r, 0))
		} else {
			// The job skips entries younger than RefreshMinAge: it
			// renews on the first run at or past it.
			runs := max((p.RefreshMinAge+r-1)/r, 1)
			c = min(c, runs*r)
		}
	}
	return c
}

// KeepsUnchangedID reports whether the profile restarts max_age when the
// TXT id is unchanged, without fetching: such a sender keeps its copy of the
// policy file as long as the record stays, however long the file is gone,
// and never picks up a new file published under the old id.
func (p Profile) KeepsUnchangedID() bool {
	return p.TXTOnDelivery && p.ExtendOnDelivery || p.RefreshEvery > 0 && p.RefreshChecksTXT && p.ExtendOnRefresh
}

// SurvivableOutage is the longest policy-file outage (the TXT record
// unchanged) every sender of the profile rides out with the policy, when
// the outage starts at any moment of its renewal cycle: its copy's lifetime
// less the cycle. Forever for profiles that keep an unchanged id's policy;
// zero when some sender's copy may be about to expire as the outage starts.
func (p Profile) SurvivableOutage(maxAge, every time.Duration) time.Duration {
	if p.KeepsUnchangedID() {
		return Forever
	}
	l, c := p.Lifetime(maxAge), p.RenewalCycle(maxAge, every)
	if c >= l {
		return 0
	}
	return l - c
}

// SurvivableSentence says SurvivableOutage for the profile in words.
func (p Profile) SurvivableSentence(maxAge, every time.Duration) string {
	s := p.SurvivableOutage(maxAge, every)
	capped := ""
	if l := p.Lifetime(maxAge); l < maxAge {
		capped = fmt.Sprintf("; it keeps a policy %s at most, whatever max_age says", FormatDuration(l))
	}
	switch {
	case s == Forever:
		return fmt.Sprintf("%s: with max_age %s your policy outlasts any policy-file outage while the TXT id stays: an unchanged id restarts max_age without a fetch (so a file changed under the old id is never picked up).",
			p.Name, FormatDuration(maxAge))
	case s == 0:
		return fmt.Sprintf("%s: with max_age %s, a policy-file outage can cost some of these senders your policy at once (they renew it only at expiry%s).",
			p.Name, FormatDuration(maxAge), capped)
	}
	return fmt.Sprintf("%s: with max_age %s and %s, your policy survives a policy-file outage of up to %s%s (RFC 8461 §3.3: the cache wins over a failed fetch until it expires).",
		p.Name, FormatDuration(maxAge), p.renewalWords(maxAge, every), FormatDuration(s), capped)
}

// renewalWords names how the profile renews: "daily refresh".
func (p Profile) renewalWords(maxAge, every time.Duration) string {
	c := p.RenewalCycle(maxAge, every)
	if c == Day {
		return "daily refresh"
	}
	return "renewal every " + FormatDuration(c)
}

// WrongOrder is what RFC 8461 §8.1's wrong order (the new TXT id published
// before the new policy file) does to a sender of the profile that delivers
// every `every`: it fetches the old file under the new id, and keeps it for
// `recovery` (Forever: until the next id change); text says so.
func (p Profile) WrongOrder(maxAge, every time.Duration) (recovery time.Duration, text string) {
	l := p.Lifetime(maxAge)
	switch {
	case !p.looksAtID():
		// postfix-tlspol never compares ids: the order does not matter
		// to it, it takes whatever file is served when its copy expires.
		return l, fmt.Sprintf("%s does not look at the TXT id: it picks up the new file when its copy expires, up to %s later, whatever the order", p.Name, FormatDuration(l))
	case p.KeepsUnchangedID():
		return Forever, fmt.Sprintf("%s fetches the old file under the new id and keeps it indefinitely: it restarts max_age on the unchanged id without refetching, until the id changes again — publish a second new id after fixing the file", p.Name)
	case p.RefreshEvery > 0 && !p.RefreshChecksTXT:
		c := p.RenewalCycle(maxAge, every)
		return c, fmt.Sprintf("%s fetches the old file under the new id and recovers at its next refresh, which fetches regardless of the TXT record (RFC 8461 §10.2): within %s", p.Name, FormatDuration(c))
	case p.RefreshEvery > 0 && p.RefreshWindow > 0:
		c := p.RenewalCycle(maxAge, every)
		return c, fmt.Sprintf("%s fetches the old file under the new id and keeps it until its refresh refetches it within %s of expiry, or a delivery at expiry does: up to %s", p.Name, FormatDuration(p.RefreshWindow), FormatDuration(c))
	}
	return l, fmt.Sprintf("%s fetches the old file under the new id and keeps it until it expires: up to %s (max_age)", p.Name, FormatDuration(l))
}

// RemovalWait is how long after "mode: none" is published under a new id
// (RFC 8461 §8.3) a sender of the profile may still apply the old policy:
// one TXT TTL to see the new id plus the lifetime of a copy renewed just
// before, or less for a sender whose refresh job fetches "none" sooner.
func (p Profile) RemovalWait(largestMaxAge, txtTTL time.Duration) time.Duration {
	l := p.Lifetime(largestMaxAge)
	if !p.looksAtID() {
		return l // postfix-tlspol never compares ids: only expiry counts
	}
	w := txtTTL + l
	if r := p.RefreshEvery; r > 0 && p.RefreshWindow == 0 {
		w = min(w, txtTTL+max((p.RefreshMinAge+r-1)/r, 1)*r)
	}
	return w
}

// RemovalSentence says RemovalWait in words.
func (p Profile) RemovalSentence(largestMaxAge, txtTTL time.Duration) string {
	w := p.RemovalWait(largestMaxAge, txtTTL)
	switch {
	case !p.looksAtID():
		return fmt.Sprintf("%s may apply the old policy for %s after \"none\" is served: it does not look at the TXT id and refetches only when its copy expires", p.Name, FormatDuration(w))
	case w < txtTTL+p.Lifetime(largestMaxAge):
		return fmt.Sprintf("%s lets go within %s: its refresh job fetches \"none\"", p.Name, FormatDuration(w))
	}
	return fmt.Sprintf("%s may apply the old policy for %s: the TXT TTL plus the largest max_age, for a sender that renewed it just before the change and delivers nothing in between", p.Name, FormatDuration(w))
}

// looksAtID reports whether a sender of the profile ever compares the TXT
// id, on delivery or in its refresh job.
func (p Profile) looksAtID() bool {
	return p.TXTOnDelivery || p.RefreshEvery > 0 && p.RefreshChecksTXT
}
