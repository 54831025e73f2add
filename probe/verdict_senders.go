package probe

import (
	"slices"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/senders"
)

// senderVerdicts says what each real sender does with no cached policy,
// applying its own readings and rules (probe/senders) to what the walk
// found, rfc first.
func (w *walk) senderVerdicts() []SenderVerdict {
	out := []SenderVerdict{}
	for _, s := range senders.Defaults() {
		out = append(out, w.senderVerdict(s))
	}
	return out
}

func (w *walk) senderVerdict(s senders.Sender) SenderVerdict {
	sv := SenderVerdict{Name: string(s.Name), Reports: s.Reports.Sends, TLSRPTResultTypes: []policy.ResultType{}}
	report := func(discovery bool, rt policy.ResultType) {
		if rt != "" && s.Reports.Sends && (!discovery || s.Reports.FetchErrors) && !slices.Contains(sv.TLSRPTResultTypes, rt) {
			sv.TLSRPTResultTypes = append(sv.TLSRPTResultTypes, rt)
		}
	}
	rec := w.record
	if rec.temporary {
		sv.WithoutCache = s.Failure.TXTTempErrorNoCache
		sv.Reason = rec.reason + ": it delivers without MTA-STS"
		if sv.WithoutCache == senders.OutcomeDefer {
			sv.Reason = rec.reason + ": it postpones delivery and retries"
		}
		report(true, policy.ResultSTSPolicyFetchError)
		return sv
	}
	if r := s.ReadRecord(rec.rawTXT); !r.Valid {
		sv.WithoutCache, sv.Reason = senders.OutcomeNone, "no MTA-STS record"
		if rec.announced {
			sv.WithoutCache, sv.Reason = senders.OutcomeFailOpen, "sees no usable _mta-sts record ("+r.Reason+"), so it delivers without MTA-STS"
		}
		return sv
	}
	if !w.fetch.ok {
		sv.WithoutCache, sv.Reason = senders.OutcomeFailOpen, w.fetch.reason+", so it delivers without MTA-STS"
		report(true, w.fetch.resultType)
		return sv
	}
	p := s.ReadServed(w.fetch.contentType, w.fetch.body)
	if !p.Valid {
		sv.WithoutCache, sv.Reason = senders.OutcomeFailOpen, "rejects the policy ("+p.Reason+"), so it delivers without MTA-STS"
		report(true, policy.ResultSTSPolicyInvalid)
		return sv
	}
	mode := p.Mode
	switch {
	case mode == policy.ModeNone:
		sv.WithoutCache, sv.Reason = senders.OutcomeNone, "mode none: no active policy"
		return sv
	case mode == policy.ModeTesting && s.Policy.Testing == senders.TestingAsNone:
		sv.WithoutCache, sv.Reason = senders.OutcomeNone, "treats mode testing as no policy: nothing is validated or reported"
		return sv
	case mode == policy.ModeTesting && s.Policy.Testing == senders.TestingAsEnforce:
		mode = policy.ModeEnforce
	}
	// MX names are matched with the RFC matcher for every sender; the two
	// Postfix plugins leave matching to Postfix's "secure" level, which
	// compares the patterns with the certificate's names instead.
	var uncovered, refused []string
	for _, h := range w.mx.hosts {
		if !slices.ContainsFunc(p.MX, func(pat string) bool { return policy.MatchMX(pat, h) }) {
			uncovered = append(uncovered, h)
			refused = append(refused, h)
			report(false, policy.ResultValidationFailure)
		}
	}
	for _, r := range w.mxTLS {
		if r.Status == StatusFail && !slices.Contains(uncovered, r.MX) {
			if !slices.Contains(refused, r.MX) {
				refused = append(refused, r.MX)
			}
			report(false, r.ResultType)
		}
	}
	switch {
	case mode == policy.ModeTesting:
		sv.WithoutCache, sv.Reason = senders.OutcomeTesting, "mode testing: it validates, reports and delivers regardless"
		if !s.Reports.Sends {
			sv.Reason = "mode testing: it delivers regardless and sends no reports"
		}
	case len(w.mx.hosts) == 0:
		sv.WithoutCache, sv.Reason = senders.OutcomeEnforce, "there is no MX host to deliver to"
	case len(uncovered) == len(w.mx.hosts):
		sv.WithoutCache = s.Failure.UncoveredMX
		sv.Reason = "the policy lists none of the MX hosts: it defers the mail and retries"
		if sv.WithoutCache == senders.OutcomeBounce {
			sv.Reason = "the policy lists none of the MX hosts: it bounces the mail at once (a permanent 5xx)"
		}
	case len(refused) == len(w.mx.hosts):
		sv.WithoutCache, sv.Reason = senders.OutcomeDefer, "every MX host fails validation: it defers the mail and retries"
	case len(refused) > 0:
		sv.WithoutCache, sv.Reason = senders.OutcomeEnforce, "it refuses "+shortList(refused)+" and delivers to the others over validated TLS"
	default:
		sv.WithoutCache, sv.Reason = senders.OutcomeEnforce, "it delivers only over validated TLS"
	}
	if len(uncovered) > 0 && len(uncovered) < len(w.mx.hosts) && s.Failure.UncoveredMX == senders.OutcomeBounce {
		sv.Reason += "; should only unlisted MX hosts answer, it bounces the mail"
	}
	if p.Reason != "" {
		sv.Reason += "; " + p.Reason
	}
	return sv
}

// sendersRejecting names the default senders that reject the fetched
// policy although its grammar is valid: the ones whose fetch rules
// (Content-Type, charset, size) fail it.
func (w *walk) sendersRejecting() []string {
	var out []string
	for _, s := range senders.Defaults()[1:] {
		if s.ReadPolicy(w.fetch.body).Valid && !s.ReadServed(w.fetch.contentType, w.fetch.body).Valid {
			out = append(out, string(s.Name))
		}
	}
	return out
}

// sendersAccepting names the default senders that accept a policy the
// RFC reading rejects.
func (w *walk) sendersAccepting() []string {
	var out []string
	for _, s := range senders.Defaults()[1:] {
		if s.ReadServed(w.fetch.contentType, w.fetch.body).Valid {
			out = append(out, string(s.Name))
		}
	}
	return out
}

// andList joins names as "a, b and c".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
