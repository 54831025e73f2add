package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The detail pane's heading already names the step ("Step 3/9: Policy
// fetch (HTTPS)"), and the compact strip does the same: the detail itself
// must not say it a second time.
func TestDetailNamesTheStepOnce(t *testing.T) {
	const title = "Policy fetch (HTTPS)"
	for _, c := range []struct {
		w, h int
		want int // the step list's row, plus the one heading
	}{{120, 40, 2}, {80, 24, 2}, {50, 16, 1}} {
		t.Run(fmt.Sprintf("%dx%d", c.w, c.h), func(t *testing.T) {
			m := press(feed(newTestModel("policy-missing.test", c.w, c.h), stream(missingReport())...), "down", "down")
			view := ansi.Strip(m.View().Content)
			if n := strings.Count(view, title); n != c.want {
				t.Errorf("%q appears %d times, want %d:\n%s", title, n, c.want, view)
			}
		})
	}
}
