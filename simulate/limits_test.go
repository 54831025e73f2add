package simulate

import (
	"fmt"
	"strings"
	"testing"
)

const limitsHead = `{"until": %q, "versions": [{"id": "1", "mode": "enforce", "max_age": "7d", "mx": ["mx1.example.com"], "at": "-60d"}], "senders": %s}`

// ParseScenario is where a scenario file is judged, so its bounds hold for
// every caller: text that would drive a terminal, and more recorded
// deliveries than fit in memory, are refused with a reason.
func TestParseScenarioRefusesWhatItCannotShowOrHold(t *testing.T) {
	for _, tc := range []struct{ name, file, says string }{
		{"escape in a sender name", fmt.Sprintf(limitsHead, "3d", `[{"name": "\u001b[31mred", "every": "1h"}]`), "senders[0].name"},
		{"8-bit CSI in a policy id", strings.Replace(fmt.Sprintf(limitsHead, "3d", `[{"every": "1h"}]`), `"id": "1"`, `"id": "1\u009b2J"`, 1), "versions[0].id"},
		{"one delivery a second for 100 days", fmt.Sprintf(limitsHead, "100d", `[{"name": "a", "every": "1s"}]`), "deliveries"},
	} {
		_, err := ParseScenario([]byte(tc.file))
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: err %v, want it to mention %q", tc.name, err, tc.says)
		}
	}
	ok := fmt.Sprintf(limitsHead, "30d", `[{"name": "a", "every": "1m"}]`)
	if _, err := ParseScenario([]byte(ok)); err != nil {
		t.Errorf("a month of one delivery a minute is within bounds: %v", err)
	}
}
