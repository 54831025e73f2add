package main

import (
	"context"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// TestLabWalkOptionsKeepTheUsersFlags: check, watch and reports --lab walk
// the lab with the user's --max-time, --no-smtp and --timeout (reports and
// watch dropped --timeout).
func TestLabWalkOptionsKeepTheUsersFlags(t *testing.T) {
	for _, given := range []bool{false, true} {
		cmd := &cobra.Command{}
		cmd.Flags().Var(new(secondsValue), "timeout", "")
		cmd.SetContext(context.Background())
		if given {
			if err := cmd.Flags().Set("timeout", "7"); err != nil {
				t.Fatal(err)
			}
		}
		opts, stop, err := labWalkOptions(cmd, probe.Options{Timeout: 7 * time.Second, MaxTime: 9 * time.Second, NoSMTP: true})
		if err != nil {
			t.Fatal(err)
		}
		stop()
		want := labTimeout
		if given {
			want = 7 * time.Second
		}
		if opts.Timeout != want || opts.MaxTime != 9*time.Second || !opts.NoSMTP || len(opts.Resolvers) == 0 {
			t.Errorf("--timeout given %t: timeout %s max-time %s no-smtp %t resolvers %v; want %s, 9s, true and the lab's",
				given, opts.Timeout, opts.MaxTime, opts.NoSMTP, opts.Resolvers, want)
		}
	}
}
