package simulate

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// observe is what a sender would find in the compiled world at t: the
// observation a real sender makes, taken from the model instead.
func observe(w *world, t time.Duration) Observation {
	s := w.segment(t, 0)
	st := w.states[s]
	o := Observation{Served: st.served, FetchFailure: st.fileFail, Latency: st.latency, TXTFailure: st.txtFail, Attack: st.attack}
	if st.attack && st.blocksFetch {
		o.FetchFailure = FailTimeout
	}
	if st.txtFail == "" {
		if st.txtVersion >= 0 {
			o.TXTID = w.tl.Versions[st.txtVersion].ID
		} else {
			o.TXTFailure = TXTAbsent
		}
	}
	for _, h := range w.mx[st.mx] {
		r := ""
		if st.attack {
			r = "starttls-not-supported"
		} else {
			for _, b := range w.tl.TLSBreaks {
				if within(w.starts[s], b.From, b.To) && (b.Host == "" || sameHost(b.Host, h)) {
					r = b.Result
					break
				}
			}
		}
		o.MX = append(o.MX, MXObservation{Host: h, Result: r})
	}
	return o
}

// stepAll drives a Stepper through s's deliveries and refresh runs in the
// order Run takes them, with observations from obs.
func stepAll(s Sender, tl Timeline, obs func(time.Duration) Observation) []Attempt {
	st := NewStepper(s, tl.Versions)
	times := slices.Clone(s.Times)
	if s.Every > 0 {
		for t := s.Start; t < tl.Until; t += s.Every {
			times = append(times, t)
		}
	} else {
		times = append(times, s.Start)
	}
	slices.Sort(times)
	times = slices.Compact(times)
	var out []Attempt
	for _, td := range times {
		if td < s.Start || td >= tl.Until {
			continue
		}
		for tr := st.NextRefresh(); tr <= td && tr < tl.Until; tr = st.NextRefresh() {
			st.Refresh(tr, obs(tr))
		}
		out = append(out, st.Deliver(td, obs(td)))
	}
	return out
}

// TestStepperDecidesAsRun: a Stepper fed what the model's world shows makes
// the same decision as Run at every delivery, on random worlds and senders
// (so a live sender that observes the same world decides as the model).
func TestStepperDecidesAsRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 8461))
	for i := range 300 {
		tl := randomTimeline(rng)
		s := randomSender(rng, tl, "s")
		s.Quiet = false
		want := Run(tl, []Sender{s}).Senders[0].Attempts
		w := compile(tl)
		got := stepAll(s, tl, func(t time.Duration) Observation { return observe(w, t) })
		if len(got) != len(want) {
			t.Fatalf("world %d (%s): %d attempts, Run made %d", i, s.Profile.Name, len(got), len(want))
		}
		for k := range want {
			g, w := got[k], want[k]
			if g.At != w.At || g.Outcome != w.Outcome || g.Rule != w.Rule || g.Reported != w.Reported || g.Policy != w.Policy {
				t.Fatalf("world %d (%s), attempt %d at %s:\n stepper %s %v %q %+v\n     run %s %v %q %+v",
					i, s.Profile.Name, k, FormatDuration(w.At), g.Outcome, g.Rule, g.Reported, g.Policy, w.Outcome, w.Rule, w.Reported, w.Policy)
			}
		}
	}
}
