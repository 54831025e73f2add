package tui

import (
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// The TUI refuses exactly what the simulator's one definition of its
// bounds refuses (simulate.CheckBounds), with its words; and the longest
// span it offers runs (issue 10 item 8).
func TestSimulateUntilObeysTheSimulatorsBounds(t *testing.T) {
	s := newSim(NewStyles(true, false), nil)
	if msg := s.setField(fieldUntil, simulate.FormatDuration(simulate.MaxSpan)); msg != "" {
		t.Fatalf("the longest span is refused: %s", msg)
	}
	if err := s.in.scenario().CheckBounds(); err != nil {
		t.Fatalf("the TUI accepted what the simulator refuses: %v", err)
	}
	if msg := s.setField(fieldUntil, "800d"); msg == "" {
		t.Error("a span beyond simulate.MaxSpan was accepted")
	}
	s.in.every = simulate.MaxSpan / simulate.MaxWork // two senders or more: over the work bound
	msg := s.setField(fieldUntil, simulate.FormatDuration(simulate.MaxSpan))
	in := s.in
	in.until = simulate.MaxSpan
	want := in.scenario().CheckBounds()
	if want == nil || msg != want.Error() || !strings.Contains(msg, "deliveries") {
		t.Errorf("refusal %q, want the simulator's own %v", msg, want)
	}
}
