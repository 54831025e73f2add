package probetest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Every world must stop every goroutine it started, hostile connections
// included.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
