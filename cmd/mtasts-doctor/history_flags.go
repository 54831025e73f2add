package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/history"
	"github.com/mtasts-doctor/mtasts-doctor/probe/statedir"
	"github.com/mtasts-doctor/mtasts-doctor/tui"
)

// historyFlags choose where walks are recorded, or that they are not.
type historyFlags struct {
	noHistory bool
	stateDir  string
}

func (f *historyFlags) register(cmd *cobra.Command, recording bool) {
	if recording {
		cmd.Flags().BoolVar(&f.noHistory, "no-history", false, "do not record walks in the history database")
	}
	cmd.Flags().StringVar(&f.stateDir, "state-dir", "", "directory of the history database (default $XDG_STATE_HOME/mtasts-doctor)")
}

// dir is the state directory the flags name.
func (f *historyFlags) dir() (string, error) { return statedir.Dir(f.stateDir) }

// recentPath is the UI's recent-domains file, beside the history in the
// state directory; "" (keep none) when there is no state directory.
func (f *historyFlags) recentPath() string {
	dir, err := f.dir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "recent")
}

// open opens the history, or returns nil with --no-history.
func (f *historyFlags) open(ctx context.Context) (*history.Store, error) {
	if f.noHistory {
		return nil, nil
	}
	dir, err := f.dir()
	if err != nil {
		return nil, err
	}
	return history.Open(ctx, dir, history.Options{})
}

// recorder records walks for a command that prints reports: a history
// that cannot be opened or written costs a warning on stderr, never the
// report.
type recorder struct {
	cmd   *cobra.Command
	store *history.Store
}

// openRecorder opens the history for a reporting command; on failure it
// warns once and records nothing.
func (f *historyFlags) openRecorder(cmd *cobra.Command) *recorder {
	s, err := f.open(cmd.Context())
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "mtasts-doctor: warning: walks are not recorded: %v\n", err)
	}
	return &recorder{cmd: cmd, store: s}
}

// record stores one walk and returns the domain's earlier walks (oldest
// first, the new one last), or nil when nothing was recorded.
func (r *recorder) record(rep *probe.Report) []history.Walk {
	if r == nil || r.store == nil || rep.Verdict.WithoutCache == probe.VerdictUnknown {
		// A canceled walk (verdict unknown) is not a walk of the domain.
		return nil
	}
	ctx := context.WithoutCancel(r.cmd.Context())
	if _, err := r.store.Record(ctx, rep); err != nil {
		fmt.Fprintf(r.cmd.ErrOrStderr(), "mtasts-doctor: warning: this walk of %s was not recorded: %v\n", rep.Domain, err)
		return nil
	}
	walks, err := r.store.Walks(ctx, rep.Domain, driftWindow)
	if err != nil {
		fmt.Fprintf(r.cmd.ErrOrStderr(), "mtasts-doctor: warning: reading the history of %s: %v\n", rep.Domain, err)
		return nil
	}
	return walks
}

// driftWindow is how many recent walks drift looks at.
const driftWindow = 500

func (r *recorder) close() {
	if r != nil && r.store != nil {
		r.store.Close()
	}
}

// uiHistory opens the history for the terminal UI: the Runner it returns
// records each finished walk, and the store feeds the history screen. A
// history that cannot be opened costs a warning and the UI runs without.
// close releases it when the UI ends.
func (f *historyFlags) uiHistory(cmd *cobra.Command, run tui.Runner) (tui.Runner, tui.HistorySource, func()) {
	rec := f.openRecorder(cmd)
	if rec.store == nil {
		return run, nil, func() {}
	}
	store := rec.store
	recording := func(ctx context.Context, domain string) <-chan probe.Event {
		in := run(ctx, domain)
		out := make(chan probe.Event)
		go func() {
			defer close(out)
			for ev := range in {
				if ev.Report != nil && ev.Report.Verdict.WithoutCache != probe.VerdictUnknown {
					// Recorded before it is shown, so the history screen
					// opened from this walk already lists it. A canceled
					// walk (verdict unknown) is not a walk of the domain.
					if _, err := store.Record(context.WithoutCancel(ctx), ev.Report); err != nil {
						ev.Report.InputNotes = append(ev.Report.InputNotes, "this walk was not recorded in the history: "+err.Error())
					}
				}
				select {
				case out <- ev:
				case <-ctx.Done():
					// The UI stopped reading: drain so the walk ends.
					for range in {
					}
					return
				}
			}
		}()
		return out
	}
	return recording, store, func() { store.Close() }
}
