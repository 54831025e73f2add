package simulate

import (
	"strings"
	"time"
)

// Action says in a few words what the sender did: the TXT lookup, the fetch
// and the policy used, e.g. "TXT id=1; cached policy used" or
// "TXT id=1; fetch failed (404)".
func (a Attempt) Action() string {
	var parts []string
	switch {
	case !a.TXT.Looked && a.Fetch.BackedOff:
	case !a.TXT.Looked:
		parts = append(parts, "no TXT lookup")
	case a.TXT.Failure != "":
		parts = append(parts, "TXT "+string(a.TXT.Failure))
	default:
		parts = append(parts, "TXT id="+a.TXT.ID)
	}
	switch {
	case a.Fetch.BackedOff && !a.TXT.Looked:
		parts = append(parts, "lookup skipped (back-off)")
	case a.Fetch.BackedOff:
		parts = append(parts, "fetch skipped (back-off)")
	case a.Fetch.Tried && a.Fetch.Failure != "":
		parts = append(parts, "fetch failed ("+string(a.Fetch.Failure)+")")
	case a.Fetch.Tried && a.Rule == RuleLazy:
		parts = append(parts, "background fetch ok")
	case a.Fetch.Tried:
		parts = append(parts, "fetch ok")
	}
	switch {
	case a.Extended:
		parts = append(parts, "cached policy used, expiry restarted")
	case a.Policy.Mode != "" && !a.Fetch.Tried:
		parts = append(parts, "cached policy used")
	case a.Policy.Mode != "" && a.Fetch.Failure != "":
		parts = append(parts, "cached policy used")
	}
	return strings.Join(parts, "; ")
}

// Explain is one sentence a person can read: what the cache held, what the
// sender did and what that means for the message, e.g. "cached policy
// expired 2 d ago, refetch failed (404) → delivers fail-open".
func (a Attempt) Explain() string {
	var b strings.Builder
	ago := func(t time.Duration) string {
		if d := a.At - t; d >= 0 {
			return Approx(d) + " ago"
		}
		return "in " + Approx(t-a.At)
	}
	switch a.Cache.Kind {
	case CacheNone:
		b.WriteString("no cached policy")
	case CacheValid:
		b.WriteString("cached " + string(a.Cache.Mode) + " policy valid for " + Approx(a.Cache.Until-a.At))
	case CacheExpired:
		b.WriteString("cached policy expired " + ago(a.Cache.Until))
	}
	switch {
	case !a.TXT.Looked && a.Fetch.BackedOff:
	case !a.TXT.Looked:
		b.WriteString(", no lookup")
	case a.TXT.Failure != "":
		b.WriteString(", TXT record " + map[TXTFailure]string{TXTAbsent: "missing", TXTDNSError: "lookup failed"}[a.TXT.Failure])
	case a.Rule == RuleCachedSameID || a.Rule == RuleExtended:
		b.WriteString(", TXT id unchanged")
	case a.Cache.Kind != CacheNone && a.TXT.ID != a.Cache.ID:
		b.WriteString(", TXT has new id " + a.TXT.ID)
	}
	switch {
	case a.Fetch.BackedOff && !a.TXT.Looked:
		b.WriteString(", nothing looked up (held back after a failed lookup)")
	case a.Fetch.BackedOff:
		b.WriteString(", fetch held back (back-off after a failed fetch)")
	case a.Fetch.Tried && a.Fetch.Failure != "":
		verb := "fetch"
		if a.Cache.Kind != CacheNone {
			verb = "refetch"
		}
		b.WriteString(", " + verb + " failed (" + string(a.Fetch.Failure) + ")")
	case a.Fetch.Tried && a.Rule == RuleLazy:
		b.WriteString(", policy fetched in the background for next time")
	case a.Fetch.Tried:
		b.WriteString(", fetched policy id " + a.Policy.ID + " (" + string(a.Policy.Mode) + ")")
	}
	if a.Extended {
		b.WriteString(", max_age restarted without refetching")
	}
	if a.Rule == RuleTestingIgnored {
		b.WriteString(", testing treated as no policy")
	}
	b.WriteString(" → ")
	b.WriteString(outcomeSentence(a))
	return b.String()
}

func outcomeSentence(a Attempt) string {
	switch a.Outcome {
	case Enforced:
		return "delivers over validated TLS (enforced)"
	case Deferred:
		if a.Rule == RuleTXTErrorDefer {
			return "defers: the TXT lookup failed and no valid policy is cached, mail waits"
		}
		return "defers: no MX passes (" + a.MXResult + "), mail waits"
	case Bounced:
		return "bounces: the MX is not in the enforce policy (550 5.7.0), mail returned to its sender"
	case TestingDelivered:
		if a.MXResult != "" {
			return "delivers anyway (testing), reports " + a.MXResult
		}
		return "delivers (testing)"
	case Exposed:
		if a.Policy.Mode == "testing" {
			return "delivers to the attacker (testing does not refuse): exposed"
		}
		return "delivers without a policy while an attacker strips STARTTLS: exposed"
	case FailOpen:
		if a.Policy.Mode == "none" {
			return "mode none: delivers fail-open"
		}
		return "delivers fail-open"
	}
	return a.Outcome.String()
}
