package tui

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// The max_age presets (RFC-NOTES §8): the §8.3 removal suggestion, a
// common week, the RFC's Appendix A example and the §3.2 maximum.
var maxAgePresets = []time.Duration{
	simulate.Day,
	simulate.Week,
	15 * simulate.Day,
	policy.MaxAgeLimit * time.Second,
}

// simSender is one row the simulator can show: a profile, and whether the
// sender held the policy before t = 0 (fetched lastFetch before) or first
// contacts the domain at t = 0.
type simSender struct {
	name    string // the simulate.Sender name, as in --json
	short   string // the row label
	profile simulate.Profile
	cached  bool
}

func (s simSender) label() string {
	if s.name == s.profile.Name {
		return s.name
	}
	return s.name + " (" + s.profile.Name + ")"
}

// simCatalogue is every sender the picker offers: the CLI's cached and
// uncached pair first (same names, so the read-out matches --json), then
// the lazy and no-refresh variants, then the real senders, all cached.
func simCatalogue() []simSender {
	short := map[string]string{
		"postfix-mta-sts-resolver":                "mta-sts-resolver",
		"postfix-mta-sts-resolver-proactive":      "resolver+proact.",
		"postfix-mta-sts-resolver-strict-testing": "resolver+strict",
	}
	var out []simSender
	for _, p := range simulate.Profiles() {
		switch p.Name {
		case "rfc":
			out = append(out,
				simSender{name: "cached", short: "cached (rfc)", profile: p, cached: true},
				simSender{name: "uncached", short: "uncached (rfc)", profile: p})
		case "lazy":
			out = append(out, simSender{name: "lazy", short: "lazy, new", profile: p})
		default:
			s := simSender{name: p.Name, short: p.Name, profile: p, cached: true}
			if v, ok := short[p.Name]; ok {
				s.short = v
			}
			out = append(out, s)
		}
	}
	return out
}

// simInputs are everything a run depends on; equal inputs give equal
// pictures, so a result is only kept if it was made from the current ones.
type simInputs struct {
	policy      simulate.Policy
	maxAge      time.Duration
	lastFetch   time.Duration
	outageStart time.Duration
	outageLen   time.Duration // simulate.Forever: the file never comes back
	until       time.Duration
	every       time.Duration
	attack      bool
	shown       []bool // per simCatalogue entry
}

func defaultSimInputs(p simulate.Policy) simInputs {
	in := simInputs{
		policy:    p,
		maxAge:    p.MaxAge,
		lastFetch: 2 * simulate.Day,
		outageLen: 10 * simulate.Day,
		until:     21 * simulate.Day,
		every:     time.Hour,
		shown:     make([]bool, len(simCatalogue())),
	}
	in.shown[0], in.shown[1] = true, true // cached and uncached, as the CLI
	return in
}

// timeline is the world of the preset: the CLI's OutageTimeline, with the
// outage moved to outageStart and an attacker stripping STARTTLS from
// t = 0 when asked, as --attack does.
func (in simInputs) timeline() simulate.Timeline {
	p := in.policy
	p.MaxAge = in.maxAge
	tl := simulate.OutageTimeline(p, in.outageLen, in.until)
	if in.outageStart != 0 {
		o := &tl.FileOutages[0]
		o.From = in.outageStart
		if o.To != simulate.Forever {
			o.To = in.outageStart + in.outageLen
		}
	}
	if in.attack {
		tl.Attacks = []simulate.Attack{{From: 0, To: simulate.Forever}}
	}
	return tl
}

// scenario is the timeline and the senders shown, built with the same
// simulate constructors as `mtasts-doctor simulate`.
func (in simInputs) scenario() simulate.Scenario {
	cat := simCatalogue()
	var senders []simulate.Sender
	for i, s := range cat {
		if i >= len(in.shown) || !in.shown[i] {
			continue
		}
		if s.cached {
			senders = append(senders, simulate.CachedSender(s.name, s.profile, in.lastFetch, in.every))
		} else {
			senders = append(senders, simulate.UncachedSender(s.name, s.profile, in.every))
		}
	}
	return simulate.Scenario{Timeline: in.timeline(), Senders: senders}
}

// population is a mixed crowd of senders against the same world.
func (in simInputs) population() simulate.Scenario {
	tl := in.timeline()
	tl.Bucket = max((in.until+popBuckets-1)/popBuckets, time.Second)
	return simulate.Population(tl, simulate.PopulationSpec{N: popSenders, Seed: 1, Every: in.every, NewShare: popNewShare})
}

// popKey is what the population depends on: not the senders shown.
type popKey struct {
	maxAge, outageStart, outageLen, until, every time.Duration
	attack                                       bool
}

func (in simInputs) popKey() popKey {
	return popKey{in.maxAge, in.outageStart, in.outageLen, in.until, in.every, in.attack}
}

// simField is which input the text field edits.
type simField int

const (
	fieldNone simField = iota
	fieldMaxAge
	fieldLastFetch
	fieldOutageStart
	fieldOutageLen
	fieldUntil
)

func (f simField) name() string {
	return [...]string{"", "max_age", "last fetch before t = 0", "outage starts at", "outage length", "simulate until"}[f]
}
