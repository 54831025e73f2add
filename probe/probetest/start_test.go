package probetest_test

import (
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

func TestLabStartsFast(t *testing.T) {
	start := time.Now()
	w, sc, err := probetest.StartLab(probetest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	defer w.Close()
	t.Logf("lab with %d scenarios started in %v", len(sc), took)
}
