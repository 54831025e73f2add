package main

import (
	"cmp"
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/limit"
)

// checkRun is one check invocation: how to walk, how to print, when to
// fail.
type checkRun struct {
	opts     probe.Options
	format   string
	style    reportStyle
	failOn   string
	parallel int
	// rec records each walk in the history once it is printed; nil
	// records nothing.
	rec *recorder
	// walk, when set, walks a domain instead of probe.Check with opts: a
	// served session's runner, rate-limited and logged by the server.
	walk func(ctx context.Context, domain string) *probe.Report
	// connections bounds the batch's open connections; 0 means
	// batchConnections.
	connections int
}

// run walks every item, up to parallel at once, prints each result in
// input order as soon as it and those before it are done, and returns the
// exit status.
func (c checkRun) run(cmd *cobra.Command, items []batchItem) error {
	ctx := cmd.Context()
	out := cmd.OutOrStdout()
	w, err := newBatchWriter(c.format, out, cmd.ErrOrStderr(), c.style)
	if err != nil {
		return err
	}
	opts := sharedLimits(c.opts, cmp.Or(c.connections, batchConnections))
	bar := newProgress(cmd.ErrOrStderr(), len(items))
	// stop ends the batch early when its output is gone: walking the
	// remaining domains would only be thrown away.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	var (
		tally    batchTally
		writeErr error
	)
	walk := func(ctx context.Context, i int) *probe.Report {
		it := items[i]
		if it.err != nil {
			bar.finished(nil)
			return nil
		}
		var rep *probe.Report
		if c.walk != nil {
			rep = c.walk(ctx, it.target.ASCII)
		} else {
			rep = probe.Check(ctx, it.target.ASCII, opts)
		}
		rep.InputNotes = append(it.target.Notes, rep.InputNotes...)
		if it.target.Unicode != it.target.ASCII {
			rep.UnicodeDomain = it.target.Unicode
		}
		bar.finished(rep)
		return rep
	}
	emit := func(i int, rep *probe.Report) {
		if writeErr != nil {
			return // the output is gone: print nothing more
		}
		bar.around(func() {
			if rep == nil {
				tally.invalid++
				writeErr = w.failed(items[i])
				return
			}
			tally.add(rep)
			writeErr = w.report(rep)
			walks := c.rec.record(rep)
			if c.format == formatText && writeErr == nil {
				printDrift(out, walks, time.Now(), true)
			}
		})
		if writeErr != nil {
			stop()
		}
	}
	inOrder(ctx, len(items), c.parallel, walk, emit)
	bar.end()
	if err := w.close(); writeErr == nil {
		writeErr = err
	}
	interrupted := cmd.Context().Err() != nil
	if !interrupted && writeErr != nil {
		return writeErr
	}
	return tally.exit(c.failOn, interrupted)
}

// batchConnections bounds the HTTPS and SMTP connections a whole batch
// has open at once: four walks' worth of probe.DefaultConcurrency. A
// healthy domain needs three at a time (the policy fetch with and without
// SNI, one MX), so 25 walks at once rarely wait, while a batch of domains
// with many MX addresses stays far inside the descriptor limit (256 on
// macOS) instead of multiplying it by --parallel.
const batchConnections = 4 * probe.DefaultConcurrency

// sharedLimits makes every walk of a batch draw on one connection limiter
// (probe.Options.Limiter), unless the caller set one already.
func sharedLimits(opts probe.Options, n int) probe.Options {
	if opts.Limiter == nil {
		opts.Limiter = limit.New(n)
	}
	return opts
}
