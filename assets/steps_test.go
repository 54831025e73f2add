package assets_test

import (
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// Every step the walk can report must be explained, or the TUI would show
// a step with no words on what a sender does in it.
func TestEveryStepIsExplained(t *testing.T) {
	for _, id := range probe.StepOrder() {
		s, ok := assets.StepInfo(string(id))
		if !ok {
			t.Errorf("step %q has no explanation in assets/steps/steps.json", id)
			continue
		}
		if s.ID != string(id) || s.RFC == "" {
			t.Errorf("step %q: bad entry %+v", id, s)
		}
	}
	if _, ok := assets.StepInfo("no-such-step"); ok {
		t.Error("StepInfo found an explanation for an unknown step")
	}
}
