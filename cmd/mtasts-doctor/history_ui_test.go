package main

import (
	"context"
	"testing"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// TestUIWalksAreRecorded: the Runner the UI gets records each finished
// walk before handing its Report on, and the store it gets lists it.
func TestUIWalksAreRecorded(t *testing.T) {
	w, _, err := probetest.StartLab(probetest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	opts := labOptions(w)
	opts.NoSMTP = true
	cmd := &cobra.Command{}
	cmd.SetContext(context.Background())
	hf := historyFlags{stateDir: t.TempDir()}
	run, src, closeHistory := hf.uiHistory(cmd, probeRunner(opts))
	defer closeHistory()
	if src == nil {
		t.Fatal("no history source")
	}
	var rep *probe.Report
	for ev := range run(context.Background(), "healthy-enforce.test") {
		if ev.Report != nil {
			rep = ev.Report
		}
	}
	if rep == nil {
		t.Fatal("no report came through")
	}
	walks, err := src.Walks(context.Background(), "healthy-enforce.test", 0)
	if err != nil || len(walks) != 1 || walks[0].RecordID == "" {
		t.Fatalf("walks %+v err %v", walks, err)
	}
	if _, err := src.Report(context.Background(), walks[0].ID); err != nil {
		t.Fatal(err)
	}

	// A walk canceled before it ends is not recorded.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range run(ctx, "healthy-enforce.test") {
	}
	if walks, _ := src.Walks(context.Background(), "healthy-enforce.test", 0); len(walks) != 1 {
		t.Errorf("a canceled walk was recorded: %d walks", len(walks))
	}
}
