package live_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
	"github.com/mtasts-doctor/mtasts-doctor/simulate/live"
)

const day = simulate.Day

// step is one sandbox change at a virtual instant.
type step struct {
	at     time.Duration
	change string // a probetest.SandboxChanges ID, or "undo"
}

func startLab(t *testing.T) (*live.Lab, *probetest.World) {
	t.Helper()
	w := probetest.New(t, probetest.Config{})
	specs, err := live.DefaultSenders()
	if err != nil {
		t.Fatal(err)
	}
	lab, err := live.New(w, live.WorldNet(w), specs)
	if err != nil {
		t.Fatal(err)
	}
	return lab, w
}

// play drives the lab through the steps, then to until.
func play(t *testing.T, lab *live.Lab, steps []step, until time.Duration) {
	t.Helper()
	ctx := context.Background()
	for _, s := range steps {
		// A change at an instant comes before the deliveries of that instant.
		if err := lab.AdvanceTo(ctx, s.at); err != nil {
			t.Fatal(err)
		}
		var err error
		if s.change == "undo" {
			_, err = lab.Undo()
		} else {
			err = lab.Apply(s.change)
		}
		if err != nil {
			t.Fatalf("%s at %s: %v", s.change, simulate.FormatDuration(s.at), err)
		}
	}
	if err := lab.AdvanceTo(ctx, until); err != nil {
		t.Fatal(err)
	}
}

// TestWatchedSendersMatchTheModel is the model held against reality: the
// watched senders really look up, fetch, connect and deliver against the
// sandbox while it is changed; the same changes as a Timeline, replayed by
// simulate.Run, must decide every delivery alike. A difference names the
// sender, the moment, and each side's rule.
func TestWatchedSendersMatchTheModel(t *testing.T) {
	timelines := []struct {
		name  string
		steps []step
		until time.Duration
	}{
		{"outage shorter than max_age", []step{{day, "policy-404"}, {3 * day, "policy-404"}}, 5 * day},
		{"outage longer than max_age", []step{{0, "max-age"}, {0, "max-age"}, {0, "max-age"}, {12 * time.Hour, "policy-404"}}, 4 * day},
		{"id change during an outage", []step{{day, "policy-404"}, {2 * day, "bump-id"}, {3 * day, "policy-404"}}, 5 * day},
		{"attacker strips STARTTLS", []step{{day, "strip-tls"}, {2 * day, "undo"}}, 3 * day},
		{"testing, broken MX, record gone, unlisted MX", []step{{12 * time.Hour, "mode"}, {day, "mx-cert"}, {36 * time.Hour, "mode"},
			{36 * time.Hour, "mode"}, {2 * day, "remove-txt"}, {3 * day, "remove-txt"}, {3*day + 12*time.Hour, "backup-mx"}, {4 * day, "wrong-type"}}, 5 * day},
		{"policy host certificate and new policy under the old id", []step{{day, "policy-cert"}, {2 * day, "max-age"}, {3 * day, "policy-cert"},
			{3 * day, "policy-cert"}, {3 * day, "policy-cert"}}, 5 * day},
	}
	for _, tc := range timelines {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lab, _ := startLab(t)
			play(t, lab, tc.steps, tc.until)
			model := simulate.Run(lab.Timeline(tc.until), lab.ModelSenders(tc.until))
			want := map[string][]simulate.Attempt{}
			for _, s := range model.Senders {
				want[s.Sender.Name] = append(want[s.Sender.Name], s.Attempts...)
			}
			got := lab.Attempts()
			for name, w := range want {
				slices.SortStableFunc(w, func(a, b simulate.Attempt) int { return int((a.At - b.At) / time.Second) })
				g := got[name]
				if len(g) != len(w) {
					t.Errorf("%s: %d deliveries watched, the model made %d", name, len(g), len(w))
					continue
				}
				for i := range w {
					if diff := differ(g[i], w[i]); diff != "" {
						t.Errorf("%s at %s: %s", name, simulate.FormatDuration(w[i].At), diff)
						break
					}
				}
			}
		})
	}
}

func differ(real, model simulate.Attempt) string {
	if real.At == model.At && real.Outcome == model.Outcome && real.Rule == model.Rule && real.Reported == model.Reported {
		return ""
	}
	return fmt.Sprintf("\n  watched: %s, rule %s (%s), reports %q: %s\n  model:   %s, rule %s (%s), reports %q: %s",
		real.Outcome, real.Rule.Section(), real.Action(), real.Reported, real.Explain(),
		model.Outcome, model.Rule.Section(), model.Action(), model.Reported, model.Explain())
}

// TestDeliveriesReachTheMX: what the senders decide is what the lab's MX
// records — enforced mail over TLS, nothing while deferred, and plain text
// to an attacker who strips STARTTLS from senders that fail open.
func TestDeliveriesReachTheMX(t *testing.T) {
	lab, w := startLab(t)
	ctx := context.Background()
	if err := lab.AdvanceTo(ctx, 4*time.Hour); err != nil {
		t.Fatal(err)
	}
	before := len(w.Deliveries())
	if before != 4*4 {
		t.Errorf("%d messages recorded after 4 hourly rounds of 4 senders, want 16", before)
	}
	for _, d := range w.Deliveries() {
		if !d.TLS || d.Host != probetest.SandboxMX {
			t.Errorf("healthy sandbox: %+v not over TLS to mx1", d)
		}
	}
	if err := lab.Apply("policy-404"); err != nil {
		t.Fatal(err)
	}
	if err := lab.Apply("strip-tls"); err != nil {
		t.Fatal(err)
	}
	if err := lab.AdvanceTo(ctx, 5*time.Hour); err != nil {
		t.Fatal(err)
	}
	v := lab.View()
	var plain int
	for _, d := range w.Deliveries()[before:] {
		if !d.TLS {
			plain++
		}
	}
	for _, s := range v.Senders {
		if s.Last == nil {
			t.Fatalf("%s made no delivery", s.Name)
		}
		switch s.Name {
		case "rfc, no cache":
			if s.Last.Attempt.Outcome != simulate.Exposed || !strings.Contains(s.Last.Sent, "in plain text") {
				t.Errorf("uncached sender under attack: %s, %q", s.Last.Attempt.Outcome, s.Last.Sent)
			}
		default:
			if s.Last.Attempt.Outcome != simulate.Deferred || !strings.HasPrefix(s.Last.Sent, "not sent") {
				t.Errorf("%s with a cached enforce policy under attack: %s, %q", s.Name, s.Last.Attempt.Outcome, s.Last.Sent)
			}
		}
	}
	if plain != 1 {
		t.Errorf("%d plain-text messages recorded, want 1 (the uncached sender's)", plain)
	}
}
