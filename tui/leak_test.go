package tui

import (
	"bytes"
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"go.uber.org/goleak"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// hangingRunner sends the first steps and then blocks, like a probe
// waiting on a port-25 timeout, until its context is cancelled.
func hangingRunner(started chan<- struct{}) Runner {
	return func(ctx context.Context, domain string) <-chan probe.Event {
		ch := make(chan probe.Event)
		go func() {
			defer close(ch)
			for _, ev := range stream(healthyReport())[:5] {
				select {
				case ch <- ev:
				case <-ctx.Done():
					return
				}
			}
			close(started)
			<-ctx.Done()
		}()
		return ch
	}
}

// DESIGN.md: quitting the TUI mid-probe cancels everything; no goroutine
// outlives its Run.
func TestQuitMidProbeLeavesNoGoroutine(t *testing.T) {
	// teatest leaves its own SIGINT watcher running by design; anything
	// else still alive is ours.
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(),
		goleak.IgnoreTopFunction("github.com/charmbracelet/x/exp/teatest/v2.NewTestModel.func2"))
	started := make(chan struct{})
	m := New(t.Context(), Config{Runner: hangingRunner(started), Domain: "example.com", Now: fixedClock})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("the walk never started")
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("walking")) },
		teatest.WithDuration(3*time.Second))
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
}
