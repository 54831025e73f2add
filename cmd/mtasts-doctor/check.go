package main

import (
	"crypto/x509"
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// probeFlags are the options check and the TUI share for reaching the real
// Internet.
type probeFlags struct {
	resolvers []string
	caFile    string
	timeout   time.Duration
	noSMTP    bool
}

func (f *probeFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.resolvers, "resolver", nil, "DNS server IP[:PORT] (port 53 by default) to query instead of /etc/resolv.conf (repeatable)")
	fl.StringVar(&f.caFile, "ca-file", "", "PEM file of CA certificates to trust instead of the system pool")
	fl.DurationVar(&f.timeout, "timeout", probe.DefaultTimeout, "deadline for each network operation")
	fl.BoolVar(&f.noSMTP, "no-smtp", false, "skip the STARTTLS probe of the MX hosts (for networks that block port 25)")
}

// options turns the flags into probe.Options, reading the CA file if given
// ("-" is the command's standard input).
func (f *probeFlags) options(cmd *cobra.Command) (probe.Options, error) {
	opts := probe.Options{Resolvers: f.resolvers, Timeout: f.timeout, NoSMTP: f.noSMTP}
	if f.timeout <= 0 {
		return opts, usageErr("--timeout must be positive, got %s", f.timeout)
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
		pf      probeFlags
		hf      historyFlags
		asJSON  bool
		verbose bool
		lab     bool
	)
	cmd := &cobra.Command{
		Use:   "check DOMAIN...",
		Short: "Walk every MTA-STS and TLS-RPT step for each domain and report",
		Long: `check performs every step a sending MTA performs for each DOMAIN (the
_mta-sts TXT record, the policy host, the HTTPS policy fetch, the policy, the
MX hosts and their STARTTLS, TLS-RPT and DANE) and says what a sender with no
cached policy would do now.

Exit status: 0 when no step failed, 1 when any did, 2 on usage errors or
invalid input.`,
		Example: `  mtasts-doctor check example.com
  mtasts-doctor check --json example.com | jq .verdict
  mtasts-doctor check --lab policy-missing backup-mx-broken
  mtasts-doctor check --resolver 127.0.0.53:53 --ca-file lab-ca.pem policy-missing.test`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := pf.options(cmd)
			if err != nil {
				return err
			}
			if lab {
				// The lab's names live under .test; "policy-missing" is
				// short for policy-missing.test.
				if args, err = labDomains(args); err != nil {
					return err
				}
				w, _, err := startLab(cmd.Context())
				if err != nil {
					return fmt.Errorf("starting the lab: %w", err)
				}
				defer w.Close()
				labOpts := labOptions(w)
				labOpts.NoSMTP = opts.NoSMTP
				if cmd.Flags().Changed("timeout") {
					labOpts.Timeout = opts.Timeout
				}
				opts = labOpts
			}
			targets := make([]probe.Target, 0, len(args))
			for _, a := range args {
				t, err := parseTarget(a)
				if err != nil {
					return err
				}
				targets = append(targets, t)
			}
			rec := hf.openRecorder(cmd)
			defer rec.close()
			return checkTargets(cmd, targets, opts, asJSON, verbose, rec)
		},
	}
	pf.register(cmd)
	hf.register(cmd, true)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON report object per domain")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "show every step's evidence, not only the failing ones'")
	cmd.Flags().BoolVar(&lab, "lab", false, "probe the built-in lab's domains (NAME or NAME.test; see 'lab --list') instead of the Internet")
	cmd.MarkFlagsMutuallyExclusive("lab", "resolver")
	cmd.MarkFlagsMutuallyExclusive("lab", "ca-file")
	return cmd
}

// checkTargets probes each target in turn and prints its report.
// Each walk is recorded in the history after its report is printed.
func checkTargets(cmd *cobra.Command, targets []probe.Target, opts probe.Options, asJSON, verbose bool, rec *recorder) error {
	out := cmd.OutOrStdout()
	failed := false
	for i, t := range targets {
		rep := probe.Check(cmd.Context(), t.ASCII, opts)
		rep.InputNotes = append(t.Notes, rep.InputNotes...)
		if t.Unicode != t.ASCII {
			rep.UnicodeDomain = t.Unicode
		}
		failed = failed || rep.Failed()
		if asJSON {
			enc := json.NewEncoder(out)
			enc.SetIndent("", "  ")
			if err := enc.Encode(rep); err != nil {
				return err
			}
			rec.record(rep)
			continue
		}
		if i > 0 {
			fmt.Fprintln(out)
		}
		printReport(out, rep, reportStyle{color: wantColor(out), verbose: verbose})
		rec.record(rep)
	}
	if err := cmd.Context().Err(); err != nil {
		return exitError{code: 2, err: fmt.Errorf("interrupted")}
	}
	if failed {
		return findings
	}
	return nil
}
