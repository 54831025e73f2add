package simulate

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Observation is what a sender finds when it looks at the world at one
// moment: the TXT record, the policy file, and the TLS of each MX host. A
// Timeline gives the simulator its observations; a sender that really
// looks (simulate/live, against the lab's sandbox) gives them to a Stepper,
// so both decide with the same rules.
type Observation struct {
	// TXTID is the id the _mta-sts record carries; "" with TXTFailure set
	// when there is no usable record.
	TXTID      string
	TXTFailure TXTFailure
	// Served is the index (into the Stepper's versions) of the policy a
	// fetch returns, -1 when the fetch failed with FetchFailure.
	Served       int
	FetchFailure FetchFailure
	// Latency is how long a FailSlow fetch took; whether that is too slow
	// is the sender's FetchTimeout to judge.
	Latency time.Duration
	// MX are the MX hosts in preference order with the RFC 8460 result
	// type of a TLS session to each ("" when STARTTLS and the certificate
	// validate). Coverage by the policy's mx patterns is the Stepper's to
	// judge, per cached version.
	MX []MXObservation
	// Attack says an attacker is on the path (the sender cannot see it;
	// it only turns what would be delivered in plain text into exposed).
	Attack bool
}

// MXObservation is one MX host as a sender finds it.
type MXObservation struct {
	Host   string
	Result string
}

// Stepper decides one sender's deliveries one at a time, with the same
// rules as Run, against observations the caller makes. Versions can grow
// as the world publishes new policies.
type Stepper struct {
	m sim
}

// NewStepper starts sender s; versions are the policies published so far
// (s.Cache, if set, indexes them).
func NewStepper(s Sender, versions []Version) *Stepper {
	st := &Stepper{}
	w := st.world(versions, Observation{Served: -1})
	st.m.reset(w, s, newTally(nil), &results{}, &runStats{})
	st.m.until = Forever
	return st
}

// AddVersion publishes a new policy version and returns its index.
func (st *Stepper) AddVersion(v Version) int {
	st.m.w.tl.Versions = append(st.m.w.tl.Versions, v)
	st.m.w.versions = len(st.m.w.tl.Versions)
	return len(st.m.w.tl.Versions) - 1
}

// Versions returns the versions the Stepper knows.
func (st *Stepper) Versions() []Version { return st.m.w.tl.Versions }

// NextRefresh is when the sender's refresh job next touches its cache
// (Forever when it has none). A refresh due at or before a delivery runs
// first, as in Run.
func (st *Stepper) NextRefresh() time.Duration { return st.m.nextTick() }

// Refresh runs the sender's proactive refresh at t (RFC 8461 §3.3).
func (st *Stepper) Refresh(t time.Duration, o Observation) {
	m := &st.m
	m.w = st.world(m.w.tl.Versions, o)
	m.expireBefore(t)
	m.refresh(t)
	m.lastT = t
	m.track(t)
}

// Deliver decides one delivery at t, as Run would with the world o shows.
func (st *Stepper) Deliver(t time.Duration, o Observation) Attempt {
	m := &st.m
	m.w = st.world(m.w.tl.Versions, o)
	m.expireBefore(t)
	a := m.deliver(t)
	m.lastT = t
	m.track(t)
	m.record(&a, 1, 0)
	return a
}

// Cache is what the sender holds at t.
func (st *Stepper) Cache(t time.Duration) CacheState { return st.m.cacheState(t) }

// Markers are the sender's refresh and protection markers so far.
func (st *Stepper) Markers() []Marker { return st.m.out.Markers }

// RefreshAlerts counts failed refreshes that alerted the admin (§3.3).
func (st *Stepper) RefreshAlerts() int { return st.m.out.RefreshAlerts }

// world turns one observation into a one-segment world, so the rules
// (deliver, refresh, apply) read it exactly as they read a compiled
// Timeline.
func (st *Stepper) world(versions []Version, o Observation) *world {
	w := &world{tl: Timeline{Versions: versions, Until: Forever}, starts: []time.Duration{minTime}, versions: len(versions)}
	state := worldState{served: o.Served, fileFail: o.FetchFailure, latency: o.Latency, txtVersion: -1, txtFail: o.TXTFailure, attack: o.Attack}
	if state.served < 0 && state.fileFail == "" {
		state.fileFail = FailNotFound
	}
	if o.TXTFailure == "" {
		// The latest version carrying the id: an id may be reused.
		for i := len(versions) - 1; i >= 0; i-- {
			if versions[i].ID == o.TXTID {
				state.txtVersion = i
				break
			}
		}
		if state.txtVersion < 0 {
			state.txtFail = TXTAbsent
		}
	}
	w.states = []worldState{state}
	hosts := make([]string, len(o.MX))
	for i, h := range o.MX {
		hosts[i] = h.Host
	}
	w.mx = [][]string{hosts}
	w.evals = make(map[int]mxEval, len(versions))
	for v := range versions {
		w.evals[v] = evaluateObserved(o.MX, versions[v].MX)
	}
	return w
}

// evaluateObserved is world.evaluate for hosts whose TLS was really
// tried: the observed result first, then coverage (RFC 8461 §4.1).
func evaluateObserved(mx []MXObservation, patterns []string) mxEval {
	hosts := make([]string, len(mx))
	for i, h := range mx {
		hosts[i] = h.Host
	}
	return foldMX(hosts, patterns, func(i int) string {
		if r := mx[i].Result; r != "" || covered(mx[i].Host, patterns) {
			return r
		}
		return string(policy.ResultValidationFailure)
	})
}
