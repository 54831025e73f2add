package simulate

import (
	"math/rand/v2"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// Scenario is a timeline and the senders replayed against it.
type Scenario struct {
	Timeline Timeline `json:"timeline"`
	Senders  []Sender `json:"senders"`
}

// Run replays the scenario.
func (s Scenario) Run() Result { return Run(s.Timeline, s.Senders) }

// Policy describes the one policy a preset publishes.
type Policy struct {
	Domain string
	ID     string
	Mode   policy.Mode
	MaxAge time.Duration
	MX     []string
}

// DefaultPolicy is the preset's policy when none is given: enforce for
// example.com with one MX.
func DefaultPolicy(maxAge time.Duration) Policy {
	return Policy{Domain: "example.com", ID: "20260101", Mode: policy.ModeEnforce, MaxAge: maxAge, MX: []string{"mx1.example.com"}}
}

// OutageTimeline publishes p long before t = 0 (so any sender could have
// fetched it) and makes the policy file answer 404 from t = 0 for outage
// (Forever: never back), up to until. The TXT record stays.
func OutageTimeline(p Policy, outage, until time.Duration) Timeline {
	published := -(2*p.MaxAge + 365*Day)
	to := Forever
	if outage != Forever {
		to = outage
	}
	return Timeline{
		Domain:      p.Domain,
		Versions:    []Version{{ID: p.ID, Mode: p.Mode, MaxAge: p.MaxAge, MX: p.MX, At: published, TXTAt: published}},
		FileOutages: []FileOutage{{From: 0, To: to, Failure: FailNotFound}},
		Until:       until,
	}
}

// Cached is the first question everyone asks: a sender that last fetched
// the policy lastFetch before the file went missing, delivering every
// `every` from t = 0.
func Cached(prof Profile, maxAge, lastFetch, outage, until, every time.Duration) Scenario {
	tl := OutageTimeline(DefaultPolicy(maxAge), outage, until)
	return Scenario{Timeline: tl, Senders: []Sender{CachedSender("cached", prof, lastFetch, every)}}
}

// Uncached is the second: a sender whose first contact is at t = 0, with
// the file already gone.
func Uncached(prof Profile, maxAge, outage, until, every time.Duration) Scenario {
	tl := OutageTimeline(DefaultPolicy(maxAge), outage, until)
	return Scenario{Timeline: tl, Senders: []Sender{UncachedSender("uncached", prof, every)}}
}

// CachedSender holds version 0, fetched lastFetch before t = 0.
func CachedSender(name string, prof Profile, lastFetch, every time.Duration) Sender {
	return Sender{Name: name, Profile: prof, Start: 0, Every: every, Cache: &Seed{Version: 0, FetchedAt: -lastFetch}}
}

// UncachedSender first contacts the domain at t = 0.
func UncachedSender(name string, prof Profile, every time.Duration) Sender {
	return Sender{Name: name, Profile: prof, Start: 0, Every: every}
}

// PopulationSpec describes a population of senders.
type PopulationSpec struct {
	N    int
	Seed uint64
	// Profiles are mixed round-robin; empty: every built-in profile.
	Profiles []Profile
	// Every is each sender's delivery cadence; first deliveries are spread
	// over one period.
	Every time.Duration
	// NewShare is the share of senders with no cache, first contacting
	// the domain at a random moment before Until.
	NewShare float64
}

// Population spreads N senders over the timeline tl: each known sender
// last renewed version 0 at a uniformly random moment of its profile's
// renewal cycle before t = 0 (within a day for a daily refresher, within
// max_age for one that refetches only on expiry: Profile.RenewalCycle);
// NewShare of them have never been in contact. Senders are quiet: the
// result holds counts, buckets and segments, not attempts.
func Population(tl Timeline, spec PopulationSpec) Scenario {
	rng := rand.New(rand.NewPCG(spec.Seed, spec.Seed^0x9e3779b97f4a7c15))
	profs := spec.Profiles
	if len(profs) == 0 {
		profs = Profiles()
	}
	every := spec.Every
	if every <= 0 {
		every = time.Hour
	}
	maxAge := Day
	if len(tl.Versions) > 0 && tl.Versions[0].MaxAge > 0 {
		maxAge = tl.Versions[0].MaxAge
	}
	out := make([]Sender, spec.N)
	for i := range out {
		s := Sender{Name: senderName(i), Profile: profs[i%len(profs)], Every: every, Quiet: true}
		s.Start = time.Duration(rng.Int64N(int64(every)))
		if rng.Float64() < spec.NewShare && tl.Until > 0 {
			s.Start = time.Duration(rng.Int64N(int64(tl.Until)))
		} else {
			cycle := max(s.Profile.RenewalCycle(maxAge, every), 1)
			s.Cache = &Seed{Version: 0, FetchedAt: -time.Duration(rng.Int64N(int64(cycle)))}
		}
		out[i] = s
	}
	return Scenario{Timeline: tl, Senders: out}
}

func senderName(i int) string {
	const digits = "0123456789"
	b := []byte("sender-00000")
	for j := len(b) - 1; j >= len("sender-") && i > 0; j-- {
		b[j] = digits[i%10]
		i /= 10
	}
	return string(b)
}
