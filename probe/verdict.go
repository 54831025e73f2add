package probe

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/senders"
)

// The values of Verdict.WithoutCache: the senders' vocabulary (the RFC
// verdict never defers or bounces: it is about the policy, not the queue).
const (
	VerdictEnforce  = senders.OutcomeEnforce
	VerdictTesting  = senders.OutcomeTesting
	VerdictNone     = senders.OutcomeNone
	VerdictFailOpen = senders.OutcomeFailOpen
	// VerdictUnknown is a walk that was canceled (or could not start)
	// before every step finished. Its partial evidence decides nothing: a
	// policy fetch cut short looks exactly like one that failed, and
	// calling that fail-open would blame the domain for the checker's stop.
	VerdictUnknown senders.Outcome = "unknown"
)

// runVerdict waits for every other step and says what a sender with no
// cached policy does now (RFC 8461 §3.3, §5).
func (w *walk) runVerdict() {
	for _, id := range StepOrder() {
		if id != StepVerdict {
			w.wait(id)
		}
	}
	w.begin(StepVerdict)
	start := time.Now()
	v := w.decide()
	v.Senders = w.senderVerdicts()
	w.verdict = v
	st := Step{ID: StepVerdict, Summary: verdictHeadline(v)}
	switch {
	case w.pastDeadline():
		st.Status = StatusError
		w.verdict = unknownVerdict("the walk's --max-time of " + FormatDuration(w.opts.maxTime()) + " ran out before every step finished, so what a sender does cannot be told; the steps show what was found until then")
		st.Summary = "deadline: --max-time ran out before every step finished"
	case w.stopped():
		st.Status = StatusError
		w.verdict = unknownVerdict("the walk was canceled before every step finished, so what a sender does cannot be told")
		st.Summary = "canceled before every step finished"
	case w.fetch.local && v.WithoutCache == VerdictFailOpen:
		st.Status = StatusError
		w.verdict = unknownVerdict("the policy could not be fetched because this machine ran out of file descriptors or ports, so what a sender does cannot be told")
		st.Summary = "the checker ran short of local resources"
	case v.WithoutCache == VerdictFailOpen:
		st.Status = StatusFail
	case v.WithoutCache == VerdictEnforce && len(v.RefusedMX) == len(w.mx.hosts) && len(w.mx.hosts) > 0:
		st.Status = StatusFail
	case v.WithoutCache == VerdictEnforce && len(v.RefusedMX) == 0 && w.slots[StepMXTLS].step.Status != StatusError && len(w.unverifiedHosts()) == 0:
		// Only when every MX host was reached: an MX that could not be
		// probed (a private address, say) is not known to pass.
		st.Status = StatusOK
	default:
		st.Status = StatusWarn
	}
	st.Duration = time.Since(start)
	w.finish(st)
}

// unknownVerdict is the verdict of a walk that did not finish.
// UnknownVerdict is the verdict of a walk that could not decide, or never
// ran (a served walk refused by a rate limit): reason says why.
func UnknownVerdict(reason string) Verdict { return unknownVerdict(reason) }

func unknownVerdict(reason string) Verdict {
	return Verdict{WithoutCache: VerdictUnknown, Reason: reason, RefusedMX: []string{}, TLSRPTResultTypes: []policy.ResultType{}, Senders: []SenderVerdict{}}
}

// decide applies RFC 8461 to what the walk found, as a sender would.
func (w *walk) decide() Verdict {
	v := Verdict{RefusedMX: []string{}, TLSRPTResultTypes: []policy.ResultType{}, DANE: len(w.dane.validated) > 0}
	rec := w.record
	switch {
	case rec.record == nil && rec.temporary:
		v.WithoutCache = VerdictFailOpen
		v.Reason = rec.reason + "; senders that cached the policy earlier keep applying it (RFC 8461 §3.3)"
		return w.withDANE(v)
	case rec.record == nil && rec.announced:
		// §3.1: an unusable record means "no available policy", though the
		// domain clearly meant to publish one.
		v.WithoutCache = VerdictFailOpen
		v.Reason = rec.reason + " — senders MUST assume there is no MTA-STS policy (RFC 8461 §3.1)"
		return w.withDANE(v)
	case rec.record == nil:
		v.WithoutCache = VerdictNone
		v.Reason = rec.reason
		return w.withDANE(v)
	}
	if !w.fetch.ok {
		v.WithoutCache = VerdictFailOpen
		v.Reason = "the TXT record announces MTA-STS but " + w.fetch.reason +
			" (RFC 8461 §3.3). Senders that cached the policy earlier keep enforcing it until its max_age runs out"
		addType(&v, w.fetch.resultType)
		return w.withDANE(v)
	}
	pol := w.policy.policy
	if pol == nil {
		v.WithoutCache = VerdictFailOpen
		v.Reason = "the policy file was fetched but is invalid (" + w.policy.reason + "); senders treat the domain as having no policy (RFC 8461 §3.3)"
		if acc := w.sendersAccepting(); len(acc) > 0 {
			v.Reason += ", though " + andList(acc) + " accept it (see the senders table)"
		}
		addType(&v, policy.ResultSTSPolicyInvalid)
		return w.withDANE(v)
	}
	switch pol.Mode {
	case policy.ModeNone:
		v.WithoutCache = VerdictNone
		v.Reason = "the policy's mode is none: senders treat the domain as having no active policy (RFC 8461 §5)"
		return w.withDANE(v)
	case policy.ModeTesting:
		v.WithoutCache = VerdictTesting
	default:
		v.WithoutCache = VerdictEnforce
	}
	refused := w.refusedHosts(&v)
	switch {
	case len(w.mx.hosts) == 0:
		v.Reason = "there is no MX host to deliver to (" + w.slots[StepMX].step.Summary + "), so the policy protects nothing"
	case pol.Mode == policy.ModeTesting && len(refused) > 0:
		v.Reason = fmt.Sprintf("mode testing: senders deliver anyway and report the failures of %s (RFC 8461 §5)", shortList(refused))
	case pol.Mode == policy.ModeTesting:
		v.Reason = "mode testing: senders validate and report failures but deliver regardless (RFC 8461 §5)"
	case len(refused) == 0 && len(w.unverifiedHosts()) > 0:
		v.Reason = fmt.Sprintf("senders deliver only over validated TLS; %s could not be probed from here, so whether it passes is unknown",
			shortList(w.unverifiedHosts()))
	case len(refused) == 0:
		v.Reason = "senders deliver only over validated TLS, and " + allWords(len(w.mx.hosts), "MX host", "passes", "pass")
	case len(refused) == len(w.mx.hosts):
		v.RefusedMX = refused
		v.Reason = "every MX host fails validation: enforcing senders defer all mail, and bounce it once their retry time runs out (RFC 8461 §5)"
	default:
		v.RefusedMX = refused
		v.Reason = fmt.Sprintf("enforcing senders refuse %s and deliver to the other MX hosts (RFC 8461 §5, §8.4)", shortList(refused))
	}
	if w.policy.contentTypeRisk != "" {
		v.Reason += "; " + w.policy.contentTypeRisk
	}
	return w.withDANE(v)
}

// refusedHosts lists the MX hosts a sender applying the policy would not
// deliver to, with the result type it reports for each (RFC 8460 §4.3).
func (w *walk) refusedHosts(v *Verdict) []string {
	var refused []string
	refuse := func(h string, resultType policy.ResultType) {
		if !slices.Contains(refused, h) {
			refused = append(refused, h)
		}
		addType(v, resultType)
	}
	for _, h := range w.mx.hosts {
		if _, ok := w.policy.policy.Covering(h); !ok {
			// RFC 8460 has no dedicated type for an MX outside the policy;
			// real reports use validation-failure (failure-reason-code
			// mx-mismatch).
			refuse(h, policy.ResultValidationFailure)
		}
	}
	for _, r := range w.mxTLS {
		if r.Status == StatusFail {
			refuse(r.MX, r.ResultType)
		}
	}
	return refused
}

// unverifiedHosts lists MX hosts none of whose addresses the STARTTLS probe
// could reach (or that it did not probe at all), so their fate under the
// policy is unknown.
func (w *walk) unverifiedHosts() []string {
	var out []string
	for _, h := range w.mx.hosts {
		reached := false
		for _, r := range w.mxTLS {
			if r.MX == h && r.Status != StatusError {
				reached = true
			}
		}
		if !reached && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	if w.opts.NoSMTP {
		return nil // skipped on request; the step says so
	}
	return out
}

func (w *walk) withDANE(v Verdict) Verdict {
	if v.DANE {
		has := "has"
		if len(w.dane.validated) > 1 {
			has = "have"
		}
		v.Reason += fmt.Sprintf(". DANE: %s %s DNSSEC-validated TLSA records, which a DANE-aware sender uses instead (RFC 8461 §2)", strings.Join(w.dane.validated, ", "), has)
	}
	return v
}

func addType(v *Verdict, t policy.ResultType) {
	if t != "" && !slices.Contains(v.TLSRPTResultTypes, t) {
		v.TLSRPTResultTypes = append(v.TLSRPTResultTypes, t)
	}
}

// verdictHeadline is the one-line form of a verdict for step lists; the
// Reason carries the whole story.
func verdictHeadline(v Verdict) string {
	switch v.WithoutCache {
	case VerdictEnforce:
		if len(v.RefusedMX) > 0 {
			return "enforce: senders refuse " + count(len(v.RefusedMX), "MX host")
		}
		return "enforce: mail goes only over validated TLS"
	case VerdictTesting:
		return "testing: failures are reported, mail is delivered anyway"
	case VerdictNone:
		return "none: no MTA-STS protection"
	case VerdictUnknown:
		return "unknown: the walk did not finish"
	default:
		return "fail-open: MTA-STS is announced but no valid policy can be had"
	}
}

// Strings turns typed words (result types, outcomes) into plain strings,
// for joining and for formats that know no types.
func Strings[T ~string](l []T) []string {
	out := make([]string, len(l))
	for i, v := range l {
		out[i] = string(v)
	}
	return out
}
