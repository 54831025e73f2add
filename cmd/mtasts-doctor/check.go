package main

import (
	"crypto/x509"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// probeFlags are the options check and the TUI share for reaching the real
// Internet.
type probeFlags struct {
	resolvers []string
	caFile    string
	timeout   time.Duration
	maxTime   time.Duration
	noSMTP    bool
}

func (f *probeFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.resolvers, "resolver", nil, "DNS server IP[:PORT] or @IP as dig writes it (port 53 by default) to query instead of /etc/resolv.conf (repeatable)")
	fl.StringVar(&f.caFile, "ca-file", "", "PEM file of CA certificates to trust instead of the system pool")
	f.timeout = probe.DefaultTimeout
	fl.Var((*secondsValue)(&f.timeout), "timeout", "deadline in seconds (10, 2.5 or 10s) for each network operation; each DNS query is also capped at "+probe.DNSQueryCap.String())
	registerMaxTime(fl, &f.maxTime)
	fl.BoolVar(&f.noSMTP, "no-smtp", false, "skip the STARTTLS probe of the MX hosts (for networks that block port 25)")
}

// options turns the flags into probe.Options, reading the CA file if given
// ("-" is the command's standard input).
func (f *probeFlags) options(cmd *cobra.Command) (probe.Options, error) {
	opts := probe.Options{Resolvers: f.resolvers, Timeout: f.timeout, MaxTime: f.maxTime, NoSMTP: f.noSMTP}
	if f.timeout <= 0 {
		return opts, usageErr("--timeout must be positive, got %s", f.timeout)
	}
	if f.maxTime <= 0 {
		return opts, usageErr("--max-time must be positive, got %s", f.maxTime)
	}
	opts.Resolvers = make([]string, 0, len(f.resolvers))
	for _, r := range f.resolvers {
		addr, err := resolverAddr(r)
		if err != nil {
			return opts, usageErr("--resolver %s: %v", displayName(r), err)
		}
		opts.Resolvers = append(opts.Resolvers, addr)
	}
	if len(opts.Resolvers) == 0 {
		opts.Resolvers = nil
	}
	if f.caFile != "" {
		pem, label, err := readInput(cmd.Context(), cmd.InOrStdin(), f.caFile, 4<<20)
		if err != nil {
			return opts, usageErr("--ca-file %s: %v", label, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return opts, usageErr("--ca-file %s: no PEM certificates found", label)
		}
		opts.RootCAs = pool
		if f.caFile != "-" {
			opts.CAFile = f.caFile // "see it yourself" commands trust it too
		}
	}
	return opts, nil
}

func newCheckCmd() *cobra.Command {
	var (
		pf       probeFlags
		cf       colorFlag
		hf       historyFlags
		asJSON   bool
		format   string
		from     string
		failOn   string
		parallel int
		verbose  bool
		lab      bool
	)
	cmd := &cobra.Command{
		Use:   "check DOMAIN...",
		Short: "Walk every MTA-STS and TLS-RPT step for each domain and report",
		Long: `check performs every step a sending MTA performs for each DOMAIN (the
_mta-sts TXT record, the policy host, the HTTPS policy fetch, the policy, the
MX hosts and their STARTTLS, TLS-RPT and DANE) and says what a sender with no
cached policy would do now.

Domains come from the arguments, from --from FILE and from standard input
("-"), one per line in lists (blank lines and # comments skipped). Several
are checked at once (--parallel) and printed in input order as each is done.
A line of a list that is no domain is reported in its place (an object with
"error" in JSON), never the end of the batch.

Exit status: 0 when no step failed, 1 when one did (--fail-on warn: or
warned), 2 on usage errors or list entries that are no domain, 3 when a step
could not be decided (e.g. port 25 blocked from here) and nothing failed,
130 when interrupted.`,
		Example: `  mtasts-doctor check example.com
  mtasts-doctor check --json example.com | jq .verdict
  mtasts-doctor check --from domains.txt --format csv > mta-sts.csv
  cut -d, -f1 customers.csv | mtasts-doctor check --format ndjson -
  mtasts-doctor check --lab policy-missing backup-mx-broken
  mtasts-doctor check --resolver 127.0.0.53:53 --ca-file lab-ca.pem policy-missing.test`,
		ValidArgsFunction: completeCheckArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON {
				if cmd.Flags().Changed("format") && format != formatJSON {
					return usageErr("--json is --format json; give one of them")
				}
				format = formatJSON
			}
			if err := checkFailOn(failOn); err != nil {
				return err
			}
			if err := cf.check(); err != nil {
				return err
			}
			if parallel < 1 {
				return usageErr("--parallel must be at least 1, got %d", parallel)
			}
			opts, err := pf.options(cmd)
			if err != nil {
				return err
			}
			items, err := batchInputs(cmd, args, from, lab)
			if err != nil {
				return err
			}
			if lab {
				// The world outlives Ctrl-C until the walks have ended: closed
				// under them, it would turn a canceled walk's fetch into a
				// failed one before the walk saw the cancel.
				var stop func()
				if opts, stop, err = labWalkOptions(cmd, opts); err != nil {
					return err
				}
				defer stop()
			}
			out := cmd.OutOrStdout()
			run := checkRun{opts: opts, format: format, failOn: failOn, parallel: parallel,
				style: cf.reportStyle(out, verbose)}
			run.rec = hf.openRecorder(cmd)
			defer run.rec.close()
			return run.run(cmd, items)
		},
	}
	pf.register(cmd)
	hf.register(cmd, true)
	cf.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&format, "format", formatText, "output: text, json (a stream of objects), ndjson (one object a line) or csv")
	fl.BoolVar(&asJSON, "json", false, "the same as --format json")
	fl.StringVar(&from, "from", "", "read domains from FILE, one a line (# comments); \"-\" is standard input")
	fl.StringVar(&failOn, "fail-on", failOnFail, "exit 1 when a step ends in: fail, warn (or worse), never")
	fl.IntVar(&parallel, "parallel", defaultParallel, "domains checked at once")
	fl.BoolVarP(&verbose, "verbose", "v", false, "show every step's evidence, not only the failing ones'")
	fl.BoolVar(&lab, "lab", false, "probe the built-in lab's domains (NAME or NAME.test; see 'lab --list') instead of the Internet")
	cmd.MarkFlagsMutuallyExclusive("lab", "resolver")
	cmd.MarkFlagsMutuallyExclusive("lab", "ca-file")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(checkFormats, cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions(failOnValues, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// registerMaxTime adds --max-time, the whole walk's deadline, shared by
// check, the TUI and lab.
func registerMaxTime(fl *pflag.FlagSet, d *time.Duration) {
	*d = probe.DefaultMaxTime
	fl.Var((*secondsValue)(d), "max-time", "deadline in seconds (60, 90 or 1m30s) for the whole walk of one domain, every retry and CNAME hop included; a walk cut short reports what it found and marks the rest \"deadline\"")
}
