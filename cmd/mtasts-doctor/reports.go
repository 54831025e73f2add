package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/reports"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
	"github.com/mtasts-doctor/mtasts-doctor/tui"
)

type reportsFlags struct {
	format       string
	asJSON       bool
	since, until string
	strict       bool
	check        bool
	lab          bool
	verbose      bool
	cf           colorFlag
}

func newReportsCmd() *cobra.Command {
	var (
		f  reportsFlags
		pf probeFlags
		hf historyFlags
	)
	cmd := &cobra.Command{
		Use:   "reports PATH...",
		Short: "Read TLS-RPT reports senders mailed you, and tie each failure to its cause",
		Long: `reports reads SMTP TLS Reporting aggregate reports (RFC 8460 §4) — the daily
JSON reports Google, Microsoft and others send to the address in your
_smtp._tls record — and counts successful and failed sessions per policy
domain, day, result type, reporting organisation and receiving MX.

PATH is a .json or .json.gz report, a mail message (.eml) carrying one as an
application/tlsrpt+json or +gzip attachment (RFC 8460 §5.3), an mbox file, a
Maildir, a directory (read recursively), or "-" for standard input. Files are
recognised by their content, not their names.

Reports from real senders deviate from the RFC in small ways (no
sending-mta-ip, counts written as strings, dates without a zone); they are
read anyway and each deviation is listed (-v). --strict treats deviations
as errors. A report that cannot be read is listed with its error and the
rest are still read; the same report-id read twice counts once.

--check walks every policy domain with failures now and says, for each
reported result type, whether it is still failing or fixed since the report.

Exit status: 0 when nothing reported is still failing (--check) and, with
--strict, no report deviates or is unreadable; 1 otherwise; 2 on usage errors.`,
		Example: `  mtasts-doctor reports ~/Maildir/.TLS-Reports
  mtasts-doctor reports --check --since 7d reports/*.json.gz
  mtasts-doctor reports --format csv inbox.mbox > tlsrpt.csv
  zcat report.json.gz | mtasts-doctor reports --json - | jq '.aggregate.domains'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReports(cmd, args, f, pf, hf)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "text", "output format: text, json or csv")
	fl.BoolVar(&f.asJSON, "json", false, "same as --format json")
	fl.StringVar(&f.since, "since", "", "only reports ending after this date (2026-11-01, RFC 3339, or a duration ago like 7d)")
	fl.StringVar(&f.until, "until", "", "only reports starting before this date (same forms as --since)")
	fl.BoolVar(&f.strict, "strict", false, "treat every deviation from RFC 8460 as an error (exit 1)")
	fl.BoolVar(&f.check, "check", false, "walk each policy domain with failures now and say whether each failure is still happening")
	fl.BoolVar(&f.lab, "lab", false, "walk the built-in lab's domains instead of the Internet (with --check, or from the terminal UI)")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "list every report read and each one's deviations")
	pf.register(cmd)
	hf.register(cmd, true)
	f.cf.register(cmd)
	cmd.MarkFlagsMutuallyExclusive("lab", "resolver")
	return cmd
}

// reportsOutput is the --json document.
type reportsOutput struct {
	SchemaVersion int               `json:"schema_version"`
	Read          *reports.Set      `json:"read"`
	Aggregate     reports.Aggregate `json:"aggregate"`
	Links         []reports.Link    `json:"links,omitempty"`
	Walked        map[string]string `json:"walked,omitempty"`
	Filter        map[string]string `json:"filter,omitempty"`
	// Stored is how many reports were new to the history (absent with
	// --no-history or when it could not be opened).
	Stored *int `json:"stored,omitempty"`
	walks  map[string]*probe.Report
}

func runReports(cmd *cobra.Command, args []string, f reportsFlags, pf probeFlags, hf historyFlags) error {
	if f.asJSON {
		if cmd.Flags().Changed("format") && f.format != "json" {
			return usageErr("--json is --format json; give one of them")
		}
		f.format = "json"
	}
	switch f.format {
	case "text", "json", "csv":
	default:
		return usageErr("--format %s: want text, json or csv", displayName(f.format))
	}
	if err := f.cf.check(); err != nil {
		return err
	}
	if f.lab && !f.check && !interactive(cmd.OutOrStdout()) {
		return usageErr("--lab only makes sense with --check (or in the terminal UI)")
	}
	now := time.Now()
	var filter reports.Filter
	var err error
	if filter.Since, err = parseWhen(f.since, now); err != nil {
		return usageErr("--since: %v", err)
	}
	if filter.Until, err = parseWhen(f.until, now); err != nil {
		return usageErr("--until: %v", err)
	}
	if !filter.Since.IsZero() && !filter.Until.IsZero() && !filter.Until.After(filter.Since) {
		return usageErr("--until %s is not after --since %s", f.until, f.since)
	}
	opts, err := pf.options(cmd)
	if err != nil {
		return err
	}

	ctx := cmd.Context()
	rd := reports.NewReader(reports.DefaultLimits())
	for _, p := range args {
		if p == "-" {
			data, _, err := readInput(ctx, cmd.InOrStdin(), "-", reports.DefaultLimits().MessageBytes*4)
			if err != nil {
				return usageErr("standard input: %v", err)
			}
			err = rd.ReadStream(ctx, "stdin", bytes.NewReader(data), true)
			if ctx.Err() != nil {
				return exitError{code: 130, err: fmt.Errorf("interrupted")}
			}
			if err != nil {
				break
			}
			continue
		}
		if err := rd.ReadPath(ctx, p, nil); err != nil {
			if ctx.Err() != nil {
				return exitError{code: 130, err: fmt.Errorf("interrupted")}
			}
			break // the report limit: what was read is still shown
		}
	}
	out := reportsOutput{SchemaVersion: 1, Read: rd.Set()}
	out.Aggregate = reports.Summarize(out.Read, filter)
	out.Filter = filterWords(filter)
	// The reports go beside the walks in the history (issue 15 §6), and so
	// do the walks --check makes.
	rec := hf.openRecorder(cmd)
	defer rec.close()
	if rec.store != nil && len(out.Read.Reports) > 0 {
		n, err := rec.store.AddReports(context.WithoutCancel(ctx), out.Read.Reports)
		if err != nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "mtasts-doctor: warning: the reports were not stored in the history: %v\n", err)
		} else {
			out.Stored = &n
		}
	}
	if f.lab {
		var stop func()
		if opts, stop, err = labWalkOptions(cmd, opts); err != nil {
			return err
		}
		defer stop()
	}
	if f.check {
		out.walks, out.Walked = walkFailing(ctx, out.Aggregate, opts, rec)
		if ctx.Err() != nil {
			return exitError{code: 130, err: fmt.Errorf("interrupted")}
		}
	}
	out.Links = reports.Correlate(out.Aggregate, out.walks)

	w := cmd.OutOrStdout()
	if f.format == "text" && !cmd.Flags().Changed("format") && interactive(w) {
		// enter on a result type walks the domain with the same options
		// (the lab's with --lab).
		return runTUI(ctx, tui.Config{Runner: probeRunner(opts), Reports: &tui.ReportsData{Set: out.Read, Agg: out.Aggregate, Links: out.Links}}, f.cf)
	}
	switch f.format {
	case "json":
		err = writeReportsJSON(w, out)
	case "csv":
		err = writeReportsCSV(w, out.Aggregate)
	default:
		writeReportsText(w, out, f)
	}
	if err != nil {
		return err
	}
	return reportsExit(out, f)
}

// reportsExit: 1 when --check found a reported failure still happening, or
// --strict found anything off the RFC.
func reportsExit(out reportsOutput, f reportsFlags) error {
	if f.check {
		for _, l := range out.Links {
			if l.State == reports.StillFailing {
				return findings
			}
		}
	}
	if f.strict {
		if len(out.Read.Errors) > 0 {
			return findings
		}
		for _, r := range out.Read.Reports {
			if len(r.Deviations) > 0 {
				return findings
			}
		}
	}
	return nil
}

// walkFailing walks each policy domain that has reported failures, a few at
// a time, and says when each walk was made.
func walkFailing(ctx context.Context, agg reports.Aggregate, opts probe.Options, rec *recorder) (map[string]*probe.Report, map[string]string) {
	var domains []string
	for _, d := range agg.Domains {
		if d.Failed > 0 && !strings.HasPrefix(d.Domain, "(") {
			if t, err := probe.ParseTarget(d.Domain); err == nil && t.ASCII == d.Domain {
				domains = append(domains, d.Domain)
			}
		}
	}
	walks := make(map[string]*probe.Report, len(domains))
	when := make(map[string]string, len(domains))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, d := range domains {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			rep := probe.Check(ctx, d, opts)
			if ctx.Err() == nil {
				rec.record(rep)
			}
			mu.Lock()
			walks[d] = rep
			when[d] = rep.Started.UTC().Format(time.RFC3339)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return walks, when
}

// parseWhen reads --since/--until: a date (UTC midnight), an RFC 3339
// date-time, or a duration before now ("7d", "36h").
func parseWhen(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	d, err := simulate.ParseDuration(s)
	if err != nil || d <= 0 {
		return time.Time{}, fmt.Errorf("%s is not a date (2026-11-01), an RFC 3339 date-time or a duration ago (7d)", displayName(s))
	}
	return now.Add(-d).UTC(), nil
}

func filterWords(f reports.Filter) map[string]string {
	m := map[string]string{}
	if !f.Since.IsZero() {
		m["since"] = f.Since.Format(time.RFC3339)
	}
	if !f.Until.IsZero() {
		m["until"] = f.Until.Format(time.RFC3339)
	}
	if len(m) == 0 {
		return nil
	}
	return m
}
