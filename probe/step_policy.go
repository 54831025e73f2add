package probe

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// fetchOutcome is what the policy step needs from the fetch.
type fetchOutcome struct {
	ok          bool
	body        []byte
	contentType string
	// from is the address the policy was fetched from.
	from netip.Addr
	// reason says in words why no policy could be fetched.
	reason string
	// resultType is the RFC 8460 result type a sender reports for the
	// failure: sts-policy-fetch-error or sts-webpki-invalid.
	resultType policy.ResultType
	// local: it failed only because this machine ran out of file
	// descriptors or ports, which says nothing about the domain.
	local bool
}

// policyOutcome is the parsed policy for the MX steps and the verdict.
type policyOutcome struct {
	policy *policy.Policy
	reason string
	// contentTypeRisk names the senders that reject the policy for its
	// Content-Type although the RFC only says SHOULD.
	contentTypeRisk string
}

// runPolicyFetch fetches the policy over HTTPS (RFC 8461 §3.3), from
// every address of the policy host.
func (w *walk) runPolicyFetch() {
	w.begin(StepPolicyFetch)
	start := time.Now()
	st := Step{ID: StepPolicyFetch}
	if len(w.policyHost.addrs) == 0 {
		st.Status = StatusSkipped
		st.Summary = "no address to fetch the policy from"
		w.fetch.reason = "the policy host " + w.policyHost.name + " has no address"
		if w.policyHost.unusable > 0 {
			st.Summary = "no address a sender can connect to"
			w.fetch.reason = "the policy host " + w.policyHost.name + " has no address a sender can connect to"
		}
		w.fetch.resultType = policy.ResultSTSPolicyFetchError
		st.Duration = time.Since(start)
		w.finish(st)
		return
	}
	w.fetchPolicy(&st)
	st.Duration = time.Since(start)
	w.addSlowness(&st, st.Duration, "fetching the policy")
	w.finish(st)
}

// addSlowness says which real senders would already have given up on an
// operation that took d (RFC-NOTES §5: postfix-tlspol 2 s,
// postfix-mta-sts-resolver 4 s).
func (w *walk) addSlowness(st *Step, d time.Duration, what string) {
	switch {
	case d > 4*time.Second:
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeSlowResolver, diag.Warning, "RFC 8461 §3.3",
			"%s took %s: postfix-mta-sts-resolver (4 s) and postfix-tlspol (2 s) would already have given up and treated it as a failure",
			what, FormatDuration(d)))
	case d > 2*time.Second:
		st.Diagnostics = append(st.Diagnostics, diag.Newf(CodeSlowFastSenders, diag.Warning, "RFC 8461 §3.3",
			"%s took %s: postfix-tlspol (2 s) would already have given up and treated it as a failure", what, FormatDuration(d)))
	default:
		return
	}
	if st.Status == StatusOK {
		st.Status = StatusWarn
	}
}

// runPolicy parses the fetched policy (RFC 8461 §3.2).
func (w *walk) runPolicy() {
	w.begin(StepPolicy)
	start := time.Now()
	st := Step{ID: StepPolicy}
	if !w.fetch.ok {
		st.Status = StatusSkipped
		st.Summary = "no policy was fetched"
		w.policy.reason = "no policy was fetched"
		st.Duration = time.Since(start)
		w.finish(st)
		return
	}
	st.Commands = appendCmd(nil, w.see.curl(w.policyHost.name, w.fetch.from, false))
	pol, diags := policy.ParsePolicy(w.fetch.body)
	st.Diagnostics = append(st.Diagnostics, diags...)
	// The fetch step reports the Content-Type; here it only matters for
	// which senders would accept the policy.
	ctDiags := policy.CheckContentType(w.fetch.contentType)
	st.Evidence.Body = sanitize.Text(string(w.fetch.body), 8192)
	w.policy.policy = pol
	switch {
	case pol == nil:
		st.Status = StatusFail
		w.policy.reason = firstError(diags)
		st.Summary = "invalid policy: " + w.policy.reason
	default:
		st.Status = StatusOK
		if st.Diagnostics.Worst() >= diag.Warning || pol.Mode == policy.ModeNone {
			st.Status = StatusWarn
		}
		st.Summary = summarize(fmt.Sprintf("mode %s, max_age %d (%s), %s", pol.Mode, pol.MaxAge, humanSeconds(pol.MaxAge), count(len(pol.MX), "mx pattern")))
		if rej := w.sendersRejecting(); ctDiags.Worst() >= diag.Warning && len(rej) > 0 {
			w.policy.contentTypeRisk = andList(rej) + " reject this policy for its Content-Type and fail open"
		}
	}
	st.Duration = time.Since(start)
	w.finish(st)
}

// humanSeconds renders a max_age the way admins think of it.
func humanSeconds(s int64) string {
	d := time.Duration(s) * time.Second
	switch {
	case s >= 86400 && s%86400 == 0:
		return fmt.Sprintf("%d d", s/86400)
	case s >= 86400:
		return fmt.Sprintf("%.1f d", d.Hours()/24)
	case s >= 3600:
		return fmt.Sprintf("%.1f h", d.Hours())
	default:
		return fmt.Sprintf("%d s", s)
	}
}
