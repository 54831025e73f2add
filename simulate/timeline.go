package simulate

import (
	"sort"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Version is one policy published by the domain: the file served over HTTPS
// from At, and the TXT record carrying its ID from TXTAt. RFC 8461 §8.1 says
// to update the file first and the TXT record second; a TXTAt before At
// reproduces the wrong order (senders see the new id, fetch the old file).
type Version struct {
	ID     string        `json:"id"`
	Mode   policy.Mode   `json:"mode"`
	MaxAge time.Duration `json:"max_age"`
	// MX holds the policy's mx patterns (RFC 8461 §3.2, §4.1).
	MX []string `json:"mx"`
	// ContentType is what the policy host sends; empty means text/plain.
	ContentType string        `json:"content_type,omitempty"`
	At          time.Duration `json:"at"`
	TXTAt       time.Duration `json:"txt_at"`
}

// FetchFailure says how a policy fetch fails.
type FetchFailure string

// The ways a policy fetch fails (RFC 8461 §3.3), with the RFC 8460 §4.3
// result type a sender reports for each.
const (
	FetchOK         FetchFailure = ""
	FailNotFound    FetchFailure = "404"          // any non-200 answer
	FailRedirect    FetchFailure = "redirect"     // 3xx MUST NOT be followed (§3.3)
	FailTLS         FetchFailure = "tls"          // certificate invalid for mta-sts.<domain>
	FailTimeout     FetchFailure = "timeout"      // host unreachable or hangs
	FailSlow        FetchFailure = "slow"         // answers after Latency: fails where Latency > a sender's timeout
	FailInvalid     FetchFailure = "invalid"      // the body does not parse
	FailContentType FetchFailure = "content-type" // not text/plain: only strict senders reject
)

// NoPolicy reports whether f is an answer, "there is no (usable) policy",
// rather than a temporary failure to get one: senders that remember
// answers (postfix-tlspol) keep these longer.
func (f FetchFailure) NoPolicy() bool {
	switch f {
	case FailNotFound, FailRedirect, FailInvalid, FailContentType:
		return true
	}
	return false
}

// ResultType is the RFC 8460 §4.3 result type a sender reports for f.
func (f FetchFailure) ResultType() policy.ResultType {
	switch f {
	case FetchOK:
		return ""
	case FailTLS:
		return policy.ResultSTSWebPKIInvalid
	case FailInvalid, FailContentType:
		return policy.ResultSTSPolicyInvalid
	default:
		return policy.ResultSTSPolicyFetchError
	}
}

// Known reports whether f is one of the failures above.
func (f FetchFailure) Known() bool {
	switch f {
	case FailNotFound, FailRedirect, FailTLS, FailTimeout, FailSlow, FailInvalid, FailContentType:
		return true
	}
	return false
}

// FileOutage is an interval when the policy file cannot be fetched.
type FileOutage struct {
	From    time.Duration `json:"from"`
	To      time.Duration `json:"to"` // Forever: never comes back
	Failure FetchFailure  `json:"failure"`
	// Latency applies to FailSlow.
	Latency time.Duration `json:"latency,omitempty"`
}

// TXTFailure says how the _mta-sts TXT lookup fails.
type TXTFailure string

const (
	// TXTAbsent: NXDOMAIN, no record, several or an invalid one: "no
	// available policy" (§3.1).
	TXTAbsent TXTFailure = "absent"
	// TXTDNSError: SERVFAIL or timeout.
	TXTDNSError TXTFailure = "dns-error"
)

// TXTOutage is an interval when the TXT lookup fails.
type TXTOutage struct {
	From time.Duration `json:"from"`
	To   time.Duration `json:"to"`
	Kind TXTFailure    `json:"kind"`
}

// MXChange replaces the domain's MX host names from At.
type MXChange struct {
	At    time.Duration `json:"at"`
	Hosts []string      `json:"hosts"`
}

// TLSBreak is an interval when an MX host's TLS fails validation.
type TLSBreak struct {
	From time.Duration `json:"from"`
	To   time.Duration `json:"to"`
	// Host is the MX host; empty means every host.
	Host string `json:"host,omitempty"`
	// Result is the RFC 8460 §4.3 result type, e.g. certificate-expired.
	Result string `json:"result"`
}

// Attack is an interval when an on-path attacker strips STARTTLS from every
// MX session and, if BlocksPolicyFetch, also blocks the HTTPS policy fetch,
// the downgrade MTA-STS exists to stop (RFC 8461 §10.2).
type Attack struct {
	From              time.Duration `json:"from"`
	To                time.Duration `json:"to"`
	BlocksPolicyFetch bool          `json:"blocks_policy_fetch"`
}

// Timeline is the world: what the domain publishes and what breaks when.
type Timeline struct {
	Domain   string    `json:"domain"`
	Versions []Version `json:"versions"`
	// MX is the MX host list before any MXChange; empty means one host
	// derived from each pattern of the first version.
	MX          []string     `json:"mx"`
	MXChanges   []MXChange   `json:"mx_changes,omitempty"`
	FileOutages []FileOutage `json:"file_outages,omitempty"`
	TXTOutages  []TXTOutage  `json:"txt_outages,omitempty"`
	TLSBreaks   []TLSBreak   `json:"tls_breaks,omitempty"`
	Attacks     []Attack     `json:"attacks,omitempty"`
	// Until ends the simulation; deliveries at or after it are not made.
	Until time.Duration `json:"until"`
	// Bucket is the width of the population buckets; zero picks about 60.
	Bucket time.Duration `json:"bucket,omitempty"`
}

func within(t, from, to time.Duration) bool { return t >= from && t < to }

// world is the timeline compiled into constant segments.
type world struct {
	tl     Timeline
	starts []time.Duration // segment i covers [starts[i], starts[i+1])
	states []worldState
	mx     [][]string // MX host sets, indexed by worldState.mx
	// evals caches evaluate(segment, version) by segment*versions+version.
	// It is filled on demand: a run uses a few of the pairs, and all of
	// them (segments × versions) would be gigabytes for a long timeline.
	evals    map[int]mxEval
	versions int
}

type worldState struct {
	served      int // version index whose file is served, -1 none
	fileFail    FetchFailure
	latency     time.Duration
	txtVersion  int // version index whose id is in TXT, -1 none
	txtFail     TXTFailure
	mx          int
	attack      bool
	blocksFetch bool
}

// mxEval is what applying a version's policy to the MX hosts of a segment
// gives (RFC 8461 §4, §5, §8.4).
type mxEval struct {
	anyValid    bool   // some host passes: enforce delivers
	firstResult string // RFC 8460 result type of the first (preferred) host, "" if valid
	anyResult   string // result type of the first failing host
	// lastUncovered: the last host in preference order is not covered by
	// the policy's mx patterns, whatever its TLS does (maddy checks the
	// name before it connects and fails the message on the last error).
	lastUncovered bool
}

func compile(tl Timeline) *world {
	w := &world{tl: tl, versions: len(tl.Versions)}
	points := []time.Duration{minTime}
	add := func(ts ...time.Duration) {
		for _, t := range ts {
			if t != Forever {
				points = append(points, t)
			}
		}
	}
	for _, v := range tl.Versions {
		add(v.At, v.TXTAt)
	}
	for _, c := range tl.MXChanges {
		add(c.At)
	}
	for _, o := range tl.FileOutages {
		add(o.From, o.To)
	}
	for _, o := range tl.TXTOutages {
		add(o.From, o.To)
	}
	for _, b := range tl.TLSBreaks {
		add(b.From, b.To)
	}
	for _, a := range tl.Attacks {
		add(a.From, a.To)
	}
	sort.Slice(points, func(i, j int) bool { return points[i] < points[j] })
	initial := tl.MX
	if len(initial) == 0 && len(tl.Versions) > 0 {
		for _, p := range tl.Versions[0].MX {
			initial = append(initial, hostForPattern(p))
		}
	}
	w.mx = append(w.mx, initial)
	for _, c := range tl.MXChanges {
		w.mx = append(w.mx, c.Hosts)
	}
	for i, t := range points {
		if i > 0 && t == points[i-1] {
			continue
		}
		w.starts = append(w.starts, t)
		w.states = append(w.states, w.stateAt(t))
	}
	w.evals = map[int]mxEval{}
	return w
}

// eval is what applying version v's policy to segment s's MX hosts gives,
// computed the first time a sender asks.
func (w *world) eval(s, v int) mxEval {
	k := s*w.versions + v
	if e, ok := w.evals[k]; ok {
		return e
	}
	e := w.evaluate(s, v)
	w.evals[k] = e
	return e
}

// minTime starts the first segment; far enough in the past for any input.
const minTime = -Forever

func (w *world) stateAt(t time.Duration) worldState {
	st := worldState{served: -1, txtVersion: -1}
	for i, v := range w.tl.Versions {
		if v.At <= t && (st.served < 0 || v.At >= w.tl.Versions[st.served].At) {
			st.served = i
		}
		if v.TXTAt <= t && (st.txtVersion < 0 || v.TXTAt >= w.tl.Versions[st.txtVersion].TXTAt) {
			st.txtVersion = i
		}
	}
	for _, o := range w.tl.FileOutages {
		if within(t, o.From, o.To) {
			st.fileFail, st.latency = o.Failure, o.Latency
		}
	}
	for _, o := range w.tl.TXTOutages {
		if within(t, o.From, o.To) {
			st.txtFail = o.Kind
		}
	}
	best := minTime
	for i, c := range w.tl.MXChanges {
		if c.At <= t && c.At >= best {
			st.mx, best = i+1, c.At
		}
	}
	for _, a := range w.tl.Attacks {
		if within(t, a.From, a.To) {
			st.attack = true
			st.blocksFetch = st.blocksFetch || a.BlocksPolicyFetch
		}
	}
	return st
}

// hostResult is the RFC 8460 result type of a session to host under a
// policy's patterns in segment s, "" when it validates.
func (w *world) hostResult(s int, host string, patterns []string) string {
	return w.hostResultAmong(s, host, patterns, w.tl.TLSBreaks)
}

// hostResultAmong is hostResult with the TLS breaks narrowed to those that
// may apply in segment s (evaluate filters them once for all hosts).
func (w *world) hostResultAmong(s int, host string, patterns []string, breaks []TLSBreak) string {
	st := w.states[s]
	if st.attack {
		return string(policy.ResultSTARTTLSNotSupported)
	}
	t := w.starts[s]
	for _, b := range breaks {
		if within(t, b.From, b.To) && (b.Host == "" || sameHost(b.Host, host)) {
			return b.Result
		}
	}
	if !covered(host, patterns) {
		// RFC 8461 §4.1; reported with failure-reason-code mx-mismatch.
		return string(policy.ResultValidationFailure)
	}
	return ""
}

func (w *world) evaluate(s, v int) mxEval {
	hosts := w.mx[w.states[s].mx]
	patterns := w.tl.Versions[v].MX
	// The breaks in force in this segment, in their order (the first that
	// names a host wins), looked up once rather than once per host.
	var active []TLSBreak
	t := w.starts[s]
	for _, b := range w.tl.TLSBreaks {
		if within(t, b.From, b.To) {
			active = append(active, b)
		}
	}
	return foldMX(hosts, patterns, func(i int) string { return w.hostResultAmong(s, hosts[i], patterns, active) })
}

// foldMX is what applying a policy's patterns to the MX hosts (in
// preference order) gives, from each host's RFC 8460 result ("" when its
// session validates): the one fold the timeline and observing senders
// (Stepper) share.
func foldMX(hosts, patterns []string, result func(i int) string) mxEval {
	var e mxEval
	for i := range hosts {
		r := result(i)
		if i == 0 {
			e.firstResult = r
		}
		if r == "" {
			e.anyValid = true
		} else if e.anyResult == "" {
			e.anyResult = r
		}
	}
	if len(hosts) == 0 {
		e.firstResult, e.anyResult = string(policy.ResultValidationFailure), string(policy.ResultValidationFailure)
	} else {
		e.lastUncovered = !covered(hosts[len(hosts)-1], patterns)
	}
	return e
}

// segment returns the index of the segment holding t, searching forward
// from hint (senders walk time forward).
func (w *world) segment(t time.Duration, hint int) int {
	if hint < 0 || hint >= len(w.starts) || w.starts[hint] > t {
		hint = 0
	}
	for hint+1 < len(w.starts) && w.starts[hint+1] <= t {
		hint++
	}
	return hint
}

// next returns the start of the segment after s, Forever if none.
func (w *world) next(s int) time.Duration {
	if s+1 < len(w.starts) {
		return w.starts[s+1]
	}
	return Forever
}
