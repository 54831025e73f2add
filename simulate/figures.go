package simulate

import (
	"fmt"
	"time"
)

// RemovalPlan is RFC 8461 §8.3's way to retire MTA-STS. Report prints it
// in seconds (ReportRemoval).
type RemovalPlan struct {
	// PublishNoneAt: serve "mode: none" with a small max_age and publish a
	// new TXT id.
	PublishNoneAt time.Duration `json:"-"`
	NoneMaxAge    time.Duration `json:"-"`
	// RemoveAt is the earliest safe time to delete the TXT record and the
	// policy host: every previously served policy has expired.
	RemoveAt time.Duration `json:"-"`
	Steps    []string      `json:"steps"`
}

// PlanRemoval builds the §8.3 plan when the "none" policy is published at
// `at`, given the largest max_age ever served and the TXT record's TTL: a
// sender may see the old id for up to one TTL and, from that last check,
// keep (or, for mox and postfix-mta-sts-resolver, extend) the old policy
// for one more max_age. noneMaxAge is the "none" policy's own max_age (§8.3
// suggests a small one); it does not delay removal, since "none" asks for
// no protection.
func PlanRemoval(at, largestMaxAge, txtTTL, noneMaxAge time.Duration) RemovalPlan {
	remove := at + txtTTL + largestMaxAge
	return RemovalPlan{
		PublishNoneAt: at,
		NoneMaxAge:    noneMaxAge,
		RemoveAt:      remove,
		Steps: []string{
			fmt.Sprintf("at %s: serve a policy file with \"mode: none\" and max_age %d, then publish a new TXT id (RFC 8461 §8.3)", FormatDuration(at), int64(noneMaxAge/time.Second)),
			fmt.Sprintf("wait the TXT TTL (%s) plus the largest max_age ever served (%s): senders that checked the old id just before the change keep the old policy until then", FormatDuration(txtTTL), FormatDuration(largestMaxAge)),
			fmt.Sprintf("from %s: delete the _mta-sts TXT record and the policy host", FormatDuration(remove)),
		},
	}
}

// LargestMaxAge is the largest max_age among the timeline's versions.
func (tl Timeline) LargestMaxAge() time.Duration {
	var m time.Duration
	for _, v := range tl.Versions {
		m = max(m, v.MaxAge)
	}
	return m
}

// UpdateOrder is RFC 8461 §8.1's order for changing a policy, and what
// the wrong order (TXT first) does to each of the given profiles.
func UpdateOrder(figs []ProfileFigures) []string {
	out := []string{
		"1. publish the new policy file on https://mta-sts.<domain>/.well-known/mta-sts.txt",
		"2. then publish the _mta-sts TXT record with a new id (senders fetch only when the id changes, §3)",
		"3. senders may apply the old policy until both are updated and the TXT record's TTL has passed (§8.1)",
	}
	for _, f := range figs {
		out = append(out, "wrong order (TXT first): "+f.WrongOrderText)
	}
	return out
}

// ProfileFigures are the headline figures for one profile in a run: its
// senders' cadence and the first version's max_age.
type ProfileFigures struct {
	Profile string
	// Survivable is Profile.SurvivableOutage (Forever: indefinitely).
	Survivable     time.Duration
	SurvivableText string
	// WrongOrder is Profile.WrongOrder's recovery (Forever: never).
	WrongOrder     time.Duration
	WrongOrderText string
	// RemovalWait is Profile.RemovalWait for the largest max_age and a 1 h
	// TXT TTL.
	RemovalWait time.Duration
	RemovalText string
}

// Summary is a run's headline figures.
type Summary struct {
	// Sentence is one line for a person.
	Sentence string
	// Survivable is the outage every sender of the run rides out (the
	// smallest of its profiles'; Forever: indefinitely), and
	// SurvivableText the sentence of the profile it comes from.
	Survivable     time.Duration
	SurvivableText string
	// Profiles holds the figures per profile, in order of first sender.
	Profiles         []ProfileFigures
	Counts           map[string]int
	ProtectedSenders int
}

// profileFigures computes the figures for each profile the run's senders
// use (by name; the first sender's cadence).
func (r Result) profileFigures() []ProfileFigures {
	if len(r.Timeline.Versions) == 0 {
		return nil
	}
	ma, largest := r.Timeline.Versions[0].MaxAge, r.Timeline.LargestMaxAge()
	var out []ProfileFigures
	seen := map[string]bool{}
	for _, sr := range r.Senders {
		p := sr.Sender.Profile
		if seen[p.Name] {
			continue
		}
		seen[p.Name] = true
		every := sr.Sender.Every
		if every <= 0 {
			every = Day
		}
		f := ProfileFigures{Profile: p.Name, Survivable: p.SurvivableOutage(ma, every), SurvivableText: p.SurvivableSentence(ma, every),
			RemovalWait: p.RemovalWait(largest, time.Hour), RemovalText: p.RemovalSentence(largest, time.Hour)}
		f.WrongOrder, f.WrongOrderText = p.WrongOrder(ma, every)
		out = append(out, f)
	}
	return out
}

// Summarise computes the headline figures.
func (r Result) Summarise() Summary {
	s := Summary{Counts: map[string]int{}, Profiles: r.profileFigures()}
	for i, f := range s.Profiles {
		if i == 0 || f.Survivable < s.Survivable {
			s.Survivable, s.SurvivableText = f.Survivable, f.SurvivableText
		}
	}
	for _, sr := range r.Senders {
		for _, o := range Outcomes() {
			s.Counts[o.String()] += sr.Counts[o]
		}
		if sr.ProtectedUntil == Forever {
			s.ProtectedSenders++
		}
	}
	s.Sentence = r.sentence()
	return s
}

func (r Result) sentence() string {
	if len(r.Senders) == 0 {
		return "No senders."
	}
	if len(r.Senders) > 4 {
		return fmt.Sprintf("%d senders; %s", len(r.Senders), r.Summarise0())
	}
	out := ""
	for i, sr := range r.Senders {
		if i > 0 {
			out += "; "
		}
		out += sr.Sender.Name + " (" + sr.Sender.Profile.Name + ") "
		switch {
		case sr.ProtectedUntil == Forever:
			out += "stays protected to the end"
		case sr.ProtectedUntil > 0:
			out += "is protected until " + FormatDuration(sr.ProtectedUntil)
		default:
			out += "is unprotected at t = 0"
		}
		if back := sr.firstProtectedAfter(0); back > 0 && sr.ProtectedUntil != Forever {
			out += ", protected again from " + FormatDuration(back)
		}
		if n := sr.RefreshAlerts; n > 0 {
			out += fmt.Sprintf(", its admin alerted of %d failed refresh", n)
			if n > 1 {
				out += "es"
			}
		}
	}
	return out + "."
}

// Summarise0 is the population's share of protected deliveries.
func (r Result) Summarise0() string {
	var prot, all int
	for _, sr := range r.Senders {
		for _, o := range Outcomes() {
			all += sr.Counts[o]
			if o.Protected() {
				prot += sr.Counts[o]
			}
		}
	}
	if all == 0 {
		return "no deliveries"
	}
	return fmt.Sprintf("%.1f%% of %d deliveries protected", 100*float64(prot)/float64(all), all)
}

func (s SenderResult) firstProtectedAfter(t time.Duration) time.Duration {
	for _, iv := range s.Protected {
		if iv.From > t {
			return iv.From
		}
	}
	return 0
}
