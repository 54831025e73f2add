package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// State says whether a reported failure still happens now.
type State string

const (
	// StillFailing: the fresh walk fails the same way.
	StillFailing State = "still-failing"
	// Fixed: the step that explains the failure passes now.
	Fixed State = "fixed"
	// Undecided: the walk could not tell (port 25 blocked from here, the
	// step was skipped, a result type the walk cannot observe).
	Undecided State = "undecided"
)

// Link ties what senders reported (a result type, for a domain and maybe
// one MX) to the step of a fresh walk that explains it.
type Link struct {
	Domain      string       `json:"policy_domain"`
	ResultType  string       `json:"result_type"`
	ReceivingMX string       `json:"receiving_mx_hostname,omitempty"`
	Sessions    int64        `json:"failed_sessions"`
	LastDay     string       `json:"last_day"`
	Step        probe.StepID `json:"step,omitempty"`
	State       State        `json:"state"`
	// Now says what the fresh walk shows, in one sentence.
	Now string `json:"now"`
}

// StepFor returns the walk step that explains a result type (RFC 8460 §4.3
// against RFC 8461 §3-§5), or "" when the walk has none.
func StepFor(resultType string) probe.StepID {
	switch policy.ResultType(resultType) {
	case policy.ResultSTSPolicyFetchError, policy.ResultSTSWebPKIInvalid:
		return probe.StepPolicyFetch
	case policy.ResultSTSPolicyInvalid:
		return probe.StepPolicy
	case policy.ResultSTARTTLSNotSupported, policy.ResultCertHostMismatch, policy.ResultCertExpired, policy.ResultCertNotTrusted:
		return probe.StepMXTLS
	case policy.ResultValidationFailure:
		return probe.StepMX
	case policy.ResultTLSAInvalid, policy.ResultDNSSECInvalid, policy.ResultDANERequired:
		return probe.StepDANE
	}
	return ""
}

type linkKey struct{ domain, result, mx string }

// Correlate groups the failure rows of agg by domain, result type and MX,
// and judges each against walks[domain], a walk made now. A domain with no
// walk gets Undecided links.
func Correlate(agg Aggregate, walks map[string]*probe.Report) []Link {
	byKey := map[linkKey]*Link{}
	for _, row := range agg.Rows {
		if row.ResultType == "" || row.ResultType == NotDetailed || row.Failed == 0 {
			continue
		}
		mx := row.ReceivingMX
		if step := StepFor(row.ResultType); step == probe.StepPolicyFetch || step == probe.StepPolicy {
			// A policy failure is the domain's, whichever MX the sender
			// was about to reach.
			mx = ""
		}
		k := linkKey{row.Domain, row.ResultType, mx}
		l := byKey[k]
		if l == nil {
			l = &Link{Domain: row.Domain, ResultType: row.ResultType, ReceivingMX: mx, Step: StepFor(row.ResultType)}
			byKey[k] = l
		}
		l.Sessions += row.Failed
		l.LastDay = max(l.LastDay, row.Day)
	}
	var links []Link
	for _, l := range byKey {
		l.State, l.Now = judge(*l, walks[l.Domain])
		links = append(links, *l)
	}
	slices.SortFunc(links, func(a, b Link) int {
		return cmp.Or(cmp.Compare(a.Domain, b.Domain), cmp.Compare(b.Sessions, a.Sessions),
			cmp.Compare(a.ResultType, b.ResultType), cmp.Compare(a.ReceivingMX, b.ReceivingMX))
	})
	return links
}

func judge(l Link, rep *probe.Report) (State, string) {
	if rep == nil {
		return Undecided, "not walked (run with --check to walk the domain now)"
	}
	if l.Step == "" {
		return Undecided, fmt.Sprintf("the walk cannot observe %q failures", l.ResultType)
	}
	st, ok := rep.Step(l.Step)
	if !ok {
		return Undecided, "the walk has no " + string(l.Step) + " step"
	}
	switch l.Step {
	case probe.StepMXTLS:
		return judgeMX(l, rep, st)
	case probe.StepMX:
		return judgeCoverage(l, rep, st)
	}
	if slices.Contains(rep.Verdict.TLSRPTResultTypes, policy.ResultType(l.ResultType)) {
		return StillFailing, stepSays(st)
	}
	switch st.Status {
	case probe.StatusOK, probe.StatusWarn:
		return Fixed, stepSays(st)
	case probe.StatusFail:
		return StillFailing, stepSays(st)
	case probe.StatusSkipped:
		if rec, ok := rep.Step(probe.StepRecord); ok && rec.Status != probe.StatusOK && rec.Status != probe.StatusWarn {
			return Undecided, "no usable MTA-STS record now: " + stepSays(rec)
		}
	}
	return Undecided, stepSays(st)
}

// judgeMX looks at the MX the report names (or every MX when it names
// none): the failure still happens if any of its addresses gives the same
// result type now.
func judgeMX(l Link, rep *probe.Report, st probe.Step) (State, string) {
	var hosts []probe.HostResult
	for _, h := range st.Hosts {
		if l.ReceivingMX == "" || strings.EqualFold(strings.TrimSuffix(h.MX, "."), l.ReceivingMX) {
			hosts = append(hosts, h)
		}
	}
	if len(hosts) == 0 {
		if l.ReceivingMX != "" {
			return Undecided, l.ReceivingMX + " is not among the MX hosts probed now (moved, or beyond the probe limit)"
		}
		return Undecided, stepSays(st)
	}
	undecided := 0
	for _, h := range hosts {
		if string(h.ResultType) == l.ResultType {
			return StillFailing, fmt.Sprintf("%s (%s): %s", h.MX, h.Address, firstNonEmpty(h.Error, string(h.Status)))
		}
		if h.Status == probe.StatusError || h.Status == probe.StatusSkipped {
			undecided++
		}
	}
	if undecided == len(hosts) {
		return Undecided, fmt.Sprintf("%s could not be probed from here: %s", hosts[0].MX, firstNonEmpty(hosts[0].Error, string(hosts[0].Status)))
	}
	for _, h := range hosts {
		if h.ResultType != "" {
			return StillFailing, fmt.Sprintf("%s (%s) now fails differently: %s", h.MX, h.Address, h.ResultType)
		}
	}
	return Fixed, fmt.Sprintf("%s negotiates TLS with a valid certificate now", hosts[0].MX)
}

// judgeCoverage: validation-failure is what a sender reports when the MX it
// reached is not covered by the policy's mx patterns (RFC 8461 §4.1).
func judgeCoverage(l Link, rep *probe.Report, st probe.Step) (State, string) {
	refused := rep.Verdict.RefusedMX
	if l.ReceivingMX != "" {
		if slices.ContainsFunc(refused, func(mx string) bool { return strings.EqualFold(strings.TrimSuffix(mx, "."), l.ReceivingMX) }) {
			return StillFailing, l.ReceivingMX + " is still not covered by the policy"
		}
	} else if len(refused) > 0 {
		return StillFailing, "not covered by the policy: " + strings.Join(refused, ", ")
	}
	switch st.Status {
	case probe.StatusOK, probe.StatusWarn:
		return Fixed, stepSays(st)
	case probe.StatusFail:
		return StillFailing, stepSays(st)
	}
	return Undecided, stepSays(st)
}

func stepSays(st probe.Step) string {
	s := string(st.Status)
	if st.Summary != "" {
		s += ": " + st.Summary
	}
	return s
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
