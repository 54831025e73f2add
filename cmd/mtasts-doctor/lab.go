package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/tui"
)

// labTimeout bounds each network operation of a lab probe: above
// policy-slow's 4.5 s, so that scenario reads as slow rather than dead, and
// short enough that the hostile scenarios end quickly.
const labTimeout = 6 * time.Second

func newLabCmd() *cobra.Command {
	var (
		serve, list, ephemeral bool
		cf                     colorFlag
		maxTime                time.Duration
		hf                     historyFlags
	)
	cmd := &cobra.Command{
		Use:   "lab",
		Short: "A world of broken and healthy domains on loopback, no network needed",
		Long: `lab starts a fake Internet on 127.0.0.0/8 with its own DNS server and CA,
serving one domain per scenario as NAME.test (see --list), and opens the
terminal UI on it with a scenario picker. When stdout is not a terminal it
probes every scenario and prints a summary table instead. With --serve it
only runs the world, so dig, curl, openssl or any other checker can be
pointed at it.`,
		Example: `  mtasts-doctor lab                     # the UI with the scenario picker
  mtasts-doctor lab --list              # the scenarios, one per line
  mtasts-doctor lab | less              # probe every scenario, print a table
  mtasts-doctor lab --serve             # run the world for dig, curl, openssl
  mtasts-doctor check --lab policy-missing`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cf.check(); err != nil {
				return err
			}
			if maxTime <= 0 {
				return usageErr("--max-time must be positive, got %s", maxTime)
			}
			out := cmd.OutOrStdout()
			switch {
			case list:
				return listScenarios(out)
			case serve:
				return serveLab(cmd.Context(), out, !ephemeral)
			case interactive(out):
				return openLab(cmd, cf, hf, maxTime)
			case noUI(out) == noUIDumb:
				// A terminal all the same: say at once what is coming, not
				// a blank screen until every scenario has been probed.
				fmt.Fprintf(cmd.ErrOrStderr(), "mtasts-doctor lab: %s: probing every scenario for the table below (a few seconds)…\n", noUIDumb)
				return summariseLab(cmd.Context(), out, maxTime)
			default:
				return summariseLab(cmd.Context(), out, maxTime)
			}
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&list, "list", false, "list the scenarios, one per line")
	fl.BoolVar(&serve, "serve", false, "run the world headless until interrupted and print how to reach it")
	fl.BoolVar(&ephemeral, "ephemeral-ports", false, "with --serve, never bind ports 53, 443 and 25 (print a port map instead)")
	registerMaxTime(fl, &maxTime)
	cf.register(cmd)
	hf.register(cmd, true)
	return cmd
}

// startLab starts the lab world on ephemeral ports and closes it when ctx
// ends (Close may also be called earlier). The TUI's scenario picker uses
// it: the scenarios come back in catalogue order, and probe.Check(ctx,
// s.Domain(), labOptions(w)) probes one.
func startLab(ctx context.Context) (*probetest.World, []probetest.Scenario, error) {
	w, scenarios, err := probetest.StartLab(probetest.Config{})
	if err != nil {
		return nil, nil, err
	}
	context.AfterFunc(ctx, func() { w.Close() })
	return w, scenarios, nil
}

// openLab runs the terminal UI against the lab world, home showing the
// scenario picker.
// Lab walks are recorded like any other (--no-history, --state-dir), so
// the history screen and watch can be tried on the lab.
func openLab(cmd *cobra.Command, cf colorFlag, hf historyFlags, maxTime time.Duration) error {
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	w, scenarios, err := startLab(ctx)
	if err != nil {
		return fmt.Errorf("starting the lab: %w", err)
	}
	defer w.Close()
	runner, hist, closeHistory := hf.uiHistory(cmd, probeRunner(withMaxTime(labOptions(w), maxTime)))
	defer closeHistory()
	return runTUI(ctx, tui.Config{
		Runner:    runner,
		Scenarios: append([]tui.Scenario{tui.SandboxScenario()}, tui.LabScenarios(scenarios)...),
		Sandbox:   sandboxStarter,
		History:   hist,
	}, cf)
}

// labOptions are the probe options for the lab world (the whole walk's
// deadline is probe.DefaultMaxTime unless the caller sets --max-time's).
func labOptions(w *probetest.World) probe.Options {
	opts := w.Options()
	opts.Timeout = labTimeout
	return opts
}

// labWalkOptions starts the lab for a command that walks its domains: the
// lab's options with the user's --max-time, --no-smtp and, when given,
// --timeout. The world outlives Ctrl-C until stop is called after the
// walks: closed under them, it would turn a canceled walk's fetch into a
// failed one before the walk saw the cancel.
func labWalkOptions(cmd *cobra.Command, opts probe.Options) (_ probe.Options, stop func(), _ error) {
	w, _, err := startLab(context.WithoutCancel(cmd.Context()))
	if err != nil {
		return opts, nil, fmt.Errorf("starting the lab: %w", err)
	}
	labOpts := withMaxTime(labOptions(w), opts.MaxTime)
	labOpts.NoSMTP = opts.NoSMTP
	if cmd.Flags().Changed("timeout") {
		labOpts.Timeout = opts.Timeout
	}
	return labOpts, func() { w.Close() }, nil
}

// withMaxTime sets the whole walk's deadline (--max-time).
func withMaxTime(opts probe.Options, d time.Duration) probe.Options {
	opts.MaxTime = d
	return opts
}

func listScenarios(out io.Writer) error {
	scenarios, err := probetest.Scenarios()
	if err != nil {
		return err
	}
	for _, s := range scenarios {
		fmt.Fprintf(out, "%s — %s\n", s.Name, s.Title)
	}
	return nil
}

// summariseLab probes every scenario and prints one line each; a scenario
// whose verdict differs from the catalogue's is marked, so the table is
// also a smoke test of the probe.
func summariseLab(ctx context.Context, out io.Writer, maxTime time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, scenarios, err := startLab(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	opts := withMaxTime(labOptions(w), maxTime)
	reports := make([]*probe.Report, len(scenarios))
	walk := func(ctx context.Context, i int) *probe.Report { return probe.Check(ctx, scenarios[i].Domain(), opts) }
	inOrder(ctx, len(scenarios), defaultParallel, walk, func(i int, rep *probe.Report) { reports[i] = rep })
	if err := ctx.Err(); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tVERDICT\tFIRST FAILING STEP\tEXPECTED")
	mismatches := 0
	for i, s := range scenarios {
		rep := reports[i]
		verdict := string(rep.Verdict.WithoutCache)
		if verdict == "" {
			verdict = "?"
		}
		mark := string(s.Expect.Verdict)
		if verdict != mark {
			mark += "  ✗"
			mismatches++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, verdict, firstFailing(rep), mark)
	}
	tw.Flush()
	if mismatches > 0 {
		fmt.Fprintf(out, "\n%d of %d scenarios gave another verdict than the catalogue expects.\n", mismatches, len(scenarios))
	}
	return nil
}

// firstFailing names the first step, in protocol order, that failed or
// could not be decided: where a sender's trouble starts. The verdict only
// counts when no step before it explains it.
func firstFailing(rep *probe.Report) string {
	for _, s := range rep.Steps {
		if s.Status == probe.StatusFail || s.Status == probe.StatusError {
			return string(s.ID) + " (" + string(s.Status) + ")"
		}
	}
	return "-"
}

// serveLab runs the world until ctx ends, on the real ports when it may bind
// them, and removes the CA file it wrote on the way out.
func serveLab(ctx context.Context, out io.Writer, tryRealPorts bool) error {
	var (
		w         *probetest.World
		scenarios []probetest.Scenario
		err       error
		why       string
	)
	if tryRealPorts {
		if w, scenarios, err = probetest.StartLab(probetest.Config{RealPorts: true}); err != nil {
			why = fmt.Sprintf("(cannot bind ports 53/443/25: %v)", err)
		}
	}
	if w == nil {
		if w, scenarios, err = probetest.StartLab(probetest.Config{}); err != nil {
			return err
		}
	}
	defer w.Close()
	dir, err := os.MkdirTemp("", "mtasts-doctor-lab-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	caFile := filepath.Join(dir, "ca.pem")
	if err := w.WriteCAFile(caFile); err != nil {
		return err
	}
	// "lab --serve | head" closes the pipe early; the default SIGPIPE
	// would kill the process before the deferred cleanup runs and leave
	// the CA directory behind. Caught, a write just fails, and the lab
	// stops the way Ctrl-C stops it.
	pipe := make(chan os.Signal, 1)
	signal.Notify(pipe, syscall.SIGPIPE)
	defer signal.Stop(pipe)
	var help bytes.Buffer
	printServeHelp(&help, w, len(scenarios), caFile, why)
	if _, err := out.Write(help.Bytes()); err != nil {
		return exitError{code: 2, err: fmt.Errorf("lab: cannot write to standard output (%v); stopped", err)}
	}
	<-ctx.Done()
	w.Close()
	if err := os.RemoveAll(dir); err != nil {
		return exitError{code: 2, err: fmt.Errorf("lab: stopped, but could not remove %s: %v", dir, err)}
	}
	fmt.Fprintln(out, "lab: stopped; removed", dir)
	return nil
}

func printServeHelp(out io.Writer, w *probetest.World, n int, caFile, why string) {
	resolver := w.Resolver()
	host, port, _ := net.SplitHostPort(resolver)
	fmt.Fprintf(out, "mtasts-doctor lab: %d scenarios served as NAME.test (mtasts-doctor lab --list).\n\n", n)
	fmt.Fprintf(out, "  resolver  %s\n  CA file   %s\n", resolver, caFile)
	if w.RealPorts() {
		fmt.Fprintln(out, "  ports     real: HTTPS on 443, SMTP on 25, each host on its own 127.77.x.y")
	} else {
		fmt.Fprintln(out, strings.TrimRight("  ports     ephemeral, mapped below "+why, " "))
	}
	// Pick the central scenario for the examples.
	var web, mx probetest.Mapping
	for _, m := range w.Mappings() {
		if m.Host == "mta-sts.healthy-enforce.test" && m.Service == "https" {
			web = m
		}
		if m.Host == "mx1.healthy-enforce.test" && m.Service == "smtp" {
			mx = m
		}
	}
	// The CA file lives in a temporary directory whose name comes from
	// $TMPDIR: quoted like every command the probe builds.
	if q, ok := probe.ShellQuote(caFile); ok {
		caFile = q
	}
	fmt.Fprintln(out, "\nTry:")
	fmt.Fprintf(out, "  dig @%s -p %s +tcp TXT _mta-sts.policy-missing.test\n", host, port)
	fmt.Fprintf(out, "  curl --cacert %s %s https://%s/.well-known/mta-sts.txt\n", caFile, curlMap(w, web), web.Host)
	fmt.Fprintf(out, "  openssl s_client -CAfile %s -connect %s -servername %s </dev/null\n", caFile, dialAddr(w, web), web.Host)
	fmt.Fprintf(out, "  openssl s_client -CAfile %s -starttls smtp -connect %s -servername %s </dev/null\n", caFile, dialAddr(w, mx), mx.Host)
	if w.RealPorts() {
		fmt.Fprintf(out, "  mtasts-doctor check --resolver %s --ca-file %s policy-missing.test\n", resolver, caFile)
	}
	fmt.Fprintln(out, "\nHosts (curl and openssl do not ask this DNS server, so name the address):")
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  HOST\tSERVICE\tADDRESS\tLISTENS ON")
	for _, m := range w.Mappings() {
		listen := m.Listen
		if listen == "" {
			listen = "(nothing: refused or filtered)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", m.Host, m.Service, m.Addr, listen)
	}
	tw.Flush()
	fmt.Fprintln(out, "\nPress Ctrl-C to stop.")
}

// curlMap is how curl reaches a host without asking the system resolver.
func curlMap(w *probetest.World, m probetest.Mapping) string {
	if w.RealPorts() {
		ip, _, _ := net.SplitHostPort(m.Addr)
		if strings.Contains(ip, ":") {
			ip = "[" + ip + "]"
		}
		return fmt.Sprintf("--resolve %s:443:%s", m.Host, ip)
	}
	return fmt.Sprintf("--connect-to %s:443:%s", m.Host, m.Listen)
}

// dialAddr is where openssl must connect.
func dialAddr(w *probetest.World, m probetest.Mapping) string {
	if w.RealPorts() || m.Listen == "" {
		return m.Addr
	}
	return m.Listen
}
