package main

import (
	"fmt"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// The simulator keeps every delivery of a non-quiet sender (about 1 KB
// each, three times that as JSON), so the deliveries a command line may
// ask for are bounded: 50 000 per preset sender is one a minute for a
// month, far finer than any timeline can draw, and stays under a few
// hundred MB and a second or two.
const (
	maxPresetDeliveries   = 50_000
	maxScenarioDeliveries = 2 * maxPresetDeliveries
)

// recordedDeliveries counts the deliveries a scenario will record, the
// quiet (population) senders aside: they keep only counts, and
// simulate.ParseScenario bounds them itself. The count saturates instead
// of overflowing.
func recordedDeliveries(sc simulate.Scenario) int64 {
	var n int64
	for _, s := range sc.Senders {
		if s.Quiet {
			continue
		}
		n += int64(len(s.Times)) + 1
		if s.Every > 0 && sc.Timeline.Until > s.Start {
			n += int64((sc.Timeline.Until - s.Start) / s.Every)
		}
		if n > maxScenarioDeliveries {
			return n
		}
	}
	return n
}

// checkScenarioBudget refuses a scenario that would record more deliveries
// than the budget, before it runs out of memory trying.
func checkScenarioBudget(name string, sc simulate.Scenario) error {
	if n := recordedDeliveries(sc); n > maxScenarioDeliveries {
		return fmt.Errorf("--scenario %s: its senders make more than %d deliveries before \"until\" (%s); give them a longer \"every\", fewer senders, or use a \"population\" for many senders",
			name, maxScenarioDeliveries, simulate.FormatDuration(sc.Timeline.Until))
	}
	return nil
}

// presetDeliveries is how many deliveries each preset sender makes.
func presetDeliveries(until, every time.Duration) int64 {
	return int64(until/every) + 1
}
