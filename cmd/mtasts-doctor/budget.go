package main

import (
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// The simulator keeps every delivery of a non-quiet sender (about 1 KB
// each, three times that as JSON), so the deliveries a command line may
// ask for are bounded: 50 000 per preset sender is one a minute for a
// month, far finer than any timeline can draw, and stays under a few
// hundred MB and a second or two.
const (
	maxPresetDeliveries = simulate.MaxRecordedDeliveries / 2 // two preset senders
)

// presetDeliveries is how many deliveries each preset sender makes.
func presetDeliveries(until, every time.Duration) int64 {
	return int64(until/every) + 1
}
