package starttls

import (
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
)

// Every code a user can see must have an explanation to show with it.
func TestEveryCodeExplained(t *testing.T) {
	for _, c := range Codes() {
		if e, ok := assets.Explain(c); !ok || e.RFC == "" {
			t.Errorf("%s has no explanation with an RFC in assets/diagnostics", c)
		}
	}
}
