package history

import (
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
)

func TestEveryCodeIsExplained(t *testing.T) {
	for _, c := range Codes() {
		if _, ok := assets.Explain(c); !ok {
			t.Errorf("code %s has no entry in assets/diagnostics", c)
		}
	}
}
