package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Wrapping must never invent spaces inside a word it broke at a hyphen:
// "mta-sts.example" has to survive as one name when the lines are read
// back together.
func TestWrapKeepsHyphenatedNamesWhole(t *testing.T) {
	s := "the TXT record announces MTA-STS but the policy host mta-sts.policy-host-nxdomain.test has no address"
	for width := 20; width <= 80; width++ {
		lines := wrap(s, width, 2)
		for _, l := range lines {
			if ansi.StringWidth(l) > width {
				t.Fatalf("width %d: line %q is wider", width, l)
			}
		}
		joined := strings.Join(lines, "\n")
		if strings.Contains(joined, "- ") {
			t.Fatalf("width %d: a space after a hyphen break:\n%s", width, joined)
		}
	}
}
