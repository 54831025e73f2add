package dnsx

import (
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
)

// Every code a user can see must have an explanation to show with it.
func TestEveryCodeExplained(t *testing.T) {
	for _, c := range Codes() {
		e, ok := assets.Explain(c)
		if !ok {
			t.Errorf("%s has no entry in assets/diagnostics", c)
			continue
		}
		if e.RFC == "" {
			t.Errorf("%s: explanation cites no RFC", c)
		}
	}
}
