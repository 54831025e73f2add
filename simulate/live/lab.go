package live

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// SenderSpec is one watched sender.
type SenderSpec struct {
	Name    string
	Profile simulate.Profile
	// Fresh senders meet the domain for the first time at every delivery:
	// a new sender each time, with no cache (what a cached policy is worth
	// shows against them).
	Fresh bool
	// Offset is the first delivery; Every the cadence after it.
	Offset, Every time.Duration
}

// DefaultSenders are the four the sandbox screen shows: the RFC's reading
// with and without a cache, mox and postfix-mta-sts-resolver, each
// delivering hourly.
func DefaultSenders() ([]SenderSpec, error) {
	var out []SenderSpec
	for _, s := range []struct {
		name, profile string
		fresh         bool
	}{
		{"rfc, cached", "rfc", false},
		{"rfc, no cache", "rfc", true},
		{"mox", "mox", false},
		{"postfix-mta-sts-resolver", "postfix-mta-sts-resolver", false},
	} {
		p, err := simulate.ProfileByName(s.profile)
		if err != nil {
			return nil, err
		}
		out = append(out, SenderSpec{Name: s.name, Profile: p, Fresh: s.fresh, Every: time.Hour})
	}
	return out, nil
}

// maxEvents bounds the log a Lab keeps for the screen; maxHistory the
// attempts kept per sender (a year of hourly deliveries).
const (
	maxEvents  = 400
	maxHistory = 9000
)

// Horizon is as far as the virtual clock runs: the lab's certificates are
// issued for 90 days from its start, and past that every sender would meet
// expired certificates the timeline knows nothing of.
const Horizon = 80 * simulate.Day

// ErrHorizon says the virtual clock reached Horizon.
var ErrHorizon = errors.New("live: the sandbox's clock stops at 80 days (its certificates were issued for 90)")

// Lab is the sandbox and its watched senders on one virtual clock. Its
// methods are safe for concurrent use; each does network I/O and belongs
// in a tea.Cmd, never in Update.
type Lab struct {
	mu      sync.Mutex
	sb      *probetest.Sandbox
	net     Net
	base    time.Time // the virtual clock's t = 0 on the certificates' clock
	now     time.Duration
	specs   []SenderSpec
	watched []*watched
	// versions are the policies published so far, shared by every sender.
	versions []simulate.Version
	changes  []change
	events   []Event
	seen     *Seen // the last look, reused while nothing changed at one instant
	seenAt   time.Duration
	serial   int
	seq      int
}

type watched struct {
	history   []simulate.Attempt // bounded by maxHistory
	spec      SenderSpec
	st        *simulate.Stepper // nil for Fresh senders
	next      time.Duration
	last      *Event
	counts    map[simulate.Outcome]int
	reportsBy map[string]int
}

// Event is one delivery attempt, or a change of the sandbox.
type Event struct {
	// Seq numbers events from 1 in the order they happened; the log drops
	// the oldest, so readers that follow it remember the last Seq seen.
	Seq    int           `json:"seq"`
	At     time.Duration `json:"at"`
	Sender string        `json:"sender,omitempty"`
	// Attempt is the decision (for a change, zero).
	Attempt simulate.Attempt `json:"attempt"`
	// Sent says what reached the MX: "delivered to mx1.sandbox.test over
	// TLS (recorded by the MX)", "not sent (deferred)", ...
	Sent string `json:"sent,omitempty"`
	// Change names the sandbox change made at At.
	Change string `json:"change,omitempty"`
	// Facts are what the sender found when it looked.
	Facts []string `json:"facts,omitempty"`
}

// New starts the sandbox in world w and the watched senders at virtual t = 0.
func New(w *probetest.World, n Net, specs []SenderSpec) (*Lab, error) {
	sb, err := probetest.NewSandbox(w)
	if err != nil {
		return nil, err
	}
	l := &Lab{sb: sb, net: n, base: time.Now(), specs: specs}
	l.changes = []change{{at: 0, state: sb.State(), what: "healthy start"}}
	first := version(sb.State(), published)
	first.At, first.TXTAt = published, published
	l.versions = []simulate.Version{first}
	for _, s := range specs {
		ws := &watched{spec: s, next: s.Offset, counts: map[simulate.Outcome]int{}, reportsBy: map[string]int{}}
		if !s.Fresh {
			ws.st = simulate.NewStepper(simulate.Sender{Name: s.Name, Profile: s.Profile, Start: s.Offset, Every: s.Every}, l.versions)
		}
		l.watched = append(l.watched, ws)
	}
	return l, nil
}

// Now is the virtual clock.
func (l *Lab) Now() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.now
}

// Apply makes a sandbox change (probetest.SandboxChanges) at the current
// virtual instant.
func (l *Lab) Apply(id string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	name := id
	for _, c := range probetest.SandboxChanges() {
		if c.ID == id {
			name = c.Name(l.sb.State())
		}
	}
	st, err := l.sb.Apply(id)
	if err != nil {
		return err
	}
	l.changed(st, name)
	return nil
}

// Undo reverts the last change; it reports false when there was none.
func (l *Lab) Undo() (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, ok, err := l.sb.Undo()
	if err != nil || !ok {
		return ok, err
	}
	l.changed(st, "undo")
	return true, nil
}

// changed records a new sandbox state at now: the timeline's history and,
// when it publishes a policy no sender has seen, a new version.
func (l *Lab) changed(st probetest.SandboxState, what string) {
	l.changes = append(l.changes, change{at: l.now, state: st, what: what})
	v := version(st, l.now)
	if !sameVersion(l.versions[len(l.versions)-1], v) {
		l.versions = append(l.versions, v)
		for _, w := range l.watched {
			if w.st != nil {
				w.st.AddVersion(v)
			}
		}
	}
	l.seen = nil
	l.log(Event{At: l.now, Change: what})
}

// AdvanceTo moves the virtual clock to t, making every delivery and
// refresh due before t, in time order (those due at t itself come with the
// next advance, after any change made at t). It stops early, with the
// error, when ctx ends or the horizon is reached.
func (l *Lab) AdvanceTo(ctx context.Context, t time.Duration) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t > Horizon {
		t = Horizon
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		at, w, refresh := l.nextEvent()
		if w == nil || at >= t {
			break
		}
		l.now = at
		if err := l.step(ctx, w, at, refresh); err != nil {
			return err
		}
	}
	if t > l.now {
		l.now = t
	}
	if l.now >= Horizon {
		return ErrHorizon
	}
	return nil
}

// nextEvent is the earliest pending refresh or delivery; a refresh due at a
// delivery's instant runs first, as in simulate.Run.
func (l *Lab) nextEvent() (time.Duration, *watched, bool) {
	best, bw, refresh := simulate.Forever, (*watched)(nil), false
	for _, w := range l.watched {
		if w.st != nil {
			if tr := w.st.NextRefresh(); tr <= w.next && tr < best {
				best, bw, refresh = tr, w, true
			}
		}
		if w.next < best {
			best, bw, refresh = w.next, w, false
		}
	}
	return best, bw, refresh
}

func (l *Lab) step(ctx context.Context, w *watched, at time.Duration, refresh bool) error {
	seen, err := l.look(ctx, at)
	if err != nil {
		return err
	}
	obs := seen.Obs
	obs.Attack = l.sb.State().StripTLS
	if refresh {
		w.st.Refresh(at, obs)
		return nil
	}
	st := w.st
	if w.spec.Fresh {
		st = simulate.NewStepper(simulate.Sender{Name: w.spec.Name, Profile: w.spec.Profile, Start: at}, l.versions)
	}
	a := st.Deliver(at, obs)
	w.next = at + w.spec.Every
	if w.spec.Every <= 0 {
		w.next = simulate.Forever
	}
	w.counts[a.Outcome]++
	if len(w.history) < maxHistory {
		w.history = append(w.history, a)
	}
	if a.Reported != "" {
		w.reportsBy[a.Reported]++
	}
	ev := Event{At: at, Sender: w.spec.Name, Attempt: a, Facts: seen.Facts}
	ev.Sent = l.send(ctx, w.spec.Name, a, seen)
	l.log(ev)
	w.last = &l.events[len(l.events)-1]
	return nil
}

// look observes the domain at virtual instant at; every sender deciding at
// the same instant sees the same world, so one look serves them all.
func (l *Lab) look(ctx context.Context, at time.Duration) (Seen, error) {
	if l.seen != nil && l.seenAt == at {
		return *l.seen, nil
	}
	s, err := l.net.look(ctx, probetest.SandboxDomain, l.base.Add(at), l.versions)
	if err != nil {
		return s, err
	}
	l.seen, l.seenAt = &s, at
	return s, nil
}

func (l *Lab) log(e Event) {
	l.seq++
	e.Seq = l.seq
	if len(l.events) >= maxEvents {
		l.events = append(l.events[:0], l.events[len(l.events)-maxEvents+1:]...)
	}
	l.events = append(l.events, e)
}

func policyMode(s string) policy.Mode { return policy.Mode(s) }

// SenderView is one watched sender as the screen shows it.
type SenderView struct {
	Name    string `json:"name"`
	Profile string `json:"profile"`
	Fresh   bool   `json:"fresh"`
	// Cache is what the sender holds now (zero for fresh senders).
	Cache simulate.CacheState `json:"cache"`
	// Last is its latest delivery attempt, if any.
	Last *Event `json:"last,omitempty"`
	// Counts are its outcomes so far; Reports the TLS-RPT result types it
	// would have reported, with how often.
	Counts  map[simulate.Outcome]int `json:"counts"`
	Reports map[string]int           `json:"reports"`
	// Alerts counts failed refreshes that alerted its admin (§3.3).
	Alerts int `json:"alerts"`
}

// View is a copy of the whole lab for a screen.
type View struct {
	Now     time.Duration          `json:"now_seconds"`
	State   probetest.SandboxState `json:"state"`
	Senders []SenderView           `json:"senders"`
	Events  []Event                `json:"events"`
}

// View copies what the lab holds now.
func (l *Lab) View() View {
	l.mu.Lock()
	defer l.mu.Unlock()
	v := View{Now: l.now, State: l.sb.State(), Events: append([]Event(nil), l.events...)}
	for _, w := range l.watched {
		sv := SenderView{Name: w.spec.Name, Profile: w.spec.Profile.Name, Fresh: w.spec.Fresh,
			Counts: map[simulate.Outcome]int{}, Reports: map[string]int{}}
		if w.st != nil {
			sv.Cache = w.st.Cache(l.now)
			sv.Alerts = w.st.RefreshAlerts()
		}
		if w.last != nil {
			e := *w.last
			sv.Last = &e
		}
		for k, n := range w.counts {
			sv.Counts[k] = n
		}
		for k, n := range w.reportsBy {
			sv.Reports[k] = n
		}
		v.Senders = append(v.Senders, sv)
	}
	return v
}

// Timeline is the sandbox's history so far as the model's Timeline, up to
// until: what simulate.Run must agree with.
func (l *Lab) Timeline(until time.Duration) simulate.Timeline {
	l.mu.Lock()
	defer l.mu.Unlock()
	return timeline(l.changes, until)
}

// ModelSenders are the watched senders as simulate.Run replays them, up to
// until: a fresh sender becomes one new sender per delivery.
func (l *Lab) ModelSenders(until time.Duration) []simulate.Sender {
	var out []simulate.Sender
	for _, s := range l.specs {
		if !s.Fresh {
			out = append(out, simulate.Sender{Name: s.Name, Profile: s.Profile, Start: s.Offset, Every: s.Every})
			continue
		}
		for t := s.Offset; t < until; t += s.Every {
			out = append(out, simulate.Sender{Name: s.Name, Profile: s.Profile, Start: t, Times: []time.Duration{t}})
			if s.Every <= 0 {
				break
			}
		}
	}
	return out
}

// Attempts are the delivery attempts made so far, per sender name, oldest
// first (at most maxHistory each).
func (l *Lab) Attempts() map[string][]simulate.Attempt {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string][]simulate.Attempt{}
	for _, w := range l.watched {
		out[w.spec.Name] = append([]simulate.Attempt(nil), w.history...)
	}
	return out
}

// String names an event in one line.
func (e Event) String() string {
	if e.Change != "" {
		return fmt.Sprintf("%s  change: %s", simulate.FormatDuration(e.At), e.Change)
	}
	return fmt.Sprintf("%s  %s: %s — %s — %s", simulate.FormatDuration(e.At), e.Sender, e.Attempt.Outcome, e.Attempt.Action(), e.Sent)
}
