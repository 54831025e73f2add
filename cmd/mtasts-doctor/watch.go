package main

import (
	"context"
	"time"

	"github.com/spf13/cobra"
)

// minWatchEvery keeps watch polite: a policy changes rarely, senders
// refresh at most daily (RFC 8461 §3.3), and every walk costs the
// domain's servers a DNS lookup, an HTTPS fetch and an SMTP session.
const minWatchEvery = 5 * time.Minute

func newWatchCmd() *cobra.Command {
	var (
		pf     probeFlags
		hf     historyFlags
		every  time.Duration
		until  string
		asJSON bool
		lab    bool
	)
	cmd := &cobra.Command{
		Use:   "watch DOMAIN...",
		Short: "Walk domains on a schedule and print one line per change",
		Long: `watch walks each DOMAIN now and then every --every (at least 5m), records
every walk in the history, and prints one line for each change: the policy
edited without a new id, MX hosts moved, max_age lowered, the policy
unreachable, the verdict changed, a certificate within 21 or 7 days of
expiry. The first line per domain says where it stands.

With --json each line is an NDJSON event {time, domain, code, severity,
message}. It runs until --until (a time like 2026-12-01T08:00:00Z, or a
duration from now like 8h) or Ctrl-C.`,
		Example: `  mtasts-doctor watch example.com --every 1h
  mtasts-doctor watch example.com example.org --every 30m --until 24h --json >> changes.ndjson
  mtasts-doctor watch --lab healthy-enforce --every 5m`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if every < minWatchEvery {
				return usageErr("--every must be at least %s (got %s): each walk costs the domain's servers a lookup, a fetch and an SMTP session", minWatchEvery, every)
			}
			end, err := parseUntil(until, time.Now())
			if err != nil {
				return err
			}
			opts, err := pf.options(cmd)
			if err != nil {
				return err
			}
			var domains []string
			for _, a := range args {
				if lab {
					if a, err = labDomain(a); err != nil {
						return err
					}
				}
				t, err := parseTarget(a)
				if err != nil {
					return err
				}
				domains = append(domains, t.ASCII)
			}
			if lab {
				var stop func()
				if opts, stop, err = labWalkOptions(cmd, opts); err != nil {
					return err
				}
				defer stop()
			}
			rec := hf.openRecorder(cmd)
			defer rec.close()
			wt := &watcher{domains: domains, opts: opts, every: every, until: end, json: asJSON,
				out: cmd.OutOrStdout(), rec: rec, now: time.Now, sleep: sleepCtx}
			ctx := cmd.Context()
			if !end.IsZero() {
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, end)
				defer cancel()
			}
			return wt.run(ctx)
		},
	}
	pf.register(cmd)
	hf.register(cmd, true)
	fl := cmd.Flags()
	fl.DurationVar(&every, "every", time.Hour, "time between walks of each domain (at least 5m)")
	fl.StringVar(&until, "until", "", "stop at this time (RFC 3339) or after this duration (8h); default: until Ctrl-C")
	fl.BoolVar(&asJSON, "json", false, "print NDJSON events {time, domain, code, severity, message}")
	fl.BoolVar(&lab, "lab", false, "watch the built-in lab's domains (NAME or NAME.test)")
	cmd.MarkFlagsMutuallyExclusive("lab", "resolver")
	cmd.MarkFlagsMutuallyExclusive("lab", "ca-file")
	return cmd
}

// parseUntil reads --until: an RFC 3339 time, or a duration from now.
func parseUntil(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d <= 0 {
			return time.Time{}, usageErr("--until %s is not in the future", s)
		}
		return now.Add(d), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usageErr("--until %s: give a time like 2026-12-01T08:00:00Z or a duration like 8h", displayName(s))
	}
	if !t.After(now) {
		return time.Time{}, usageErr("--until %s is not in the future", s)
	}
	return t, nil
}
