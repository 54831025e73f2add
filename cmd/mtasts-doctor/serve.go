package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
	"github.com/mtasts-doctor/mtasts-doctor/probe/limit"
	"github.com/mtasts-doctor/mtasts-doctor/probe/netguard"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/probe/statedir"
	"github.com/mtasts-doctor/mtasts-doctor/tui"
	"github.com/mtasts-doctor/mtasts-doctor/tui/serve"
)

// defaultServeConnections bounds the connections all walks of a server
// hold at once: four walks' worth of probe.DefaultConcurrency, so a few
// sessions walk at full speed and a full server queues instead of opening
// hundreds of sockets.
const defaultServeConnections = 4 * probe.DefaultConcurrency

// serveFlags are serve's own options; the probe flags come from probeFlags.
type serveFlags struct {
	listen, hostKey, authorizedKeys string
	open, lab, allowPrivate         bool
	maxSessions, walksPerMinute     int
	maxConns                        int
	idle, maxSession, walkTimeout   time.Duration
}

func newServeCmd() *cobra.Command {
	var (
		pf probeFlags
		sf serveFlags
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the terminal UI over SSH, for a team or a classroom",
		Long: `serve runs an SSH server: "ssh -p 2222 HOST" gives anyone allowed in the
full terminal UI with nothing installed, each session its own program drawn
with the client's terminal; "ssh -p 2222 HOST check DOMAIN" prints the plain
report. With --lab every session gets the offline lab (a classroom).

Nobody gets in unless their key is in --authorized-keys, or --open says
anyone may (a warning in the log and the SSH banner). The host key is made
on first start and kept in the state directory.

A network guard keeps walks off this server's own network: the resolver,
policy hosts and MX hosts must be public unicast addresses, checked as each
connection is made; loopback, private, CGNAT, link-local, documentation and
other special addresses are refused with a finding, unless --allow-private.
With --lab the guard allows exactly the lab's addresses.

Sessions write nothing on the server: "s" copies the JSON report to the
client's clipboard (OSC 52) and shows it; recent domains stay in the
session. One log line per session start and end and per walk goes to
standard error. SIGTERM or Ctrl-C stops accepting, tells every session,
ends them and exits.`,
		Example: `  mtasts-doctor serve --authorized-keys ~/.ssh/team_keys
  mtasts-doctor serve --listen 0.0.0.0:2222 --authorized-keys team_keys --resolver 9.9.9.9
  mtasts-doctor serve --lab --open --listen 0.0.0.0:2222     # a classroom
  ssh -p 2222 doctor.internal                                # the UI
  ssh -p 2222 doctor.internal check example.com              # the plain report`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd, &pf, &sf)
		},
	}
	pf.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&sf.listen, "listen", "127.0.0.1:2222", "address and port to accept SSH connections on")
	fl.StringVar(&sf.hostKey, "host-key", "", "the server's ed25519 host key, made on first start (default STATE/serve/host_ed25519)")
	fl.StringVar(&sf.authorizedKeys, "authorized-keys", "", "OpenSSH authorized_keys FILE: the keys that may log in (re-read on SIGHUP)")
	fl.BoolVar(&sf.open, "open", false, "let anyone who can reach the port in, with any key or none (a warning in the log and banner)")
	fl.BoolVar(&sf.lab, "lab", false, "serve the offline lab: every session gets the scenario picker, and walks reach only the lab")
	fl.BoolVar(&sf.allowPrivate, "allow-private", false, "let walks reach loopback, private, CGNAT and documentation addresses (the guard refuses them by default)")
	fl.IntVar(&sf.maxSessions, "max-sessions", serve.DefaultMaxSessions, "sessions at once; more are told the server is full")
	fl.IntVar(&sf.maxConns, "max-connections", defaultServeConnections, "HTTPS and SMTP connections open at once, all sessions' walks together")
	fl.IntVar(&sf.walksPerMinute, "walks-per-minute", serve.DefaultWalksPerMinute, "walks a minute per key and per source address")
	fl.DurationVar(&sf.idle, "idle-timeout", serve.DefaultIdleTimeout, "end a connection after this long without traffic")
	fl.DurationVar(&sf.maxSession, "max-session", serve.DefaultMaxSession, "end a connection after this long in any case")
	fl.DurationVar(&sf.walkTimeout, "walk-timeout", serve.DefaultWalkTimeout, "deadline for one whole walk")
	cmd.MarkFlagsMutuallyExclusive("open", "authorized-keys")
	cmd.MarkFlagsMutuallyExclusive("lab", "resolver")
	cmd.MarkFlagsMutuallyExclusive("lab", "ca-file")
	cmd.MarkFlagsMutuallyExclusive("lab", "allow-private")
	return cmd
}

func runServe(cmd *cobra.Command, pf *probeFlags, sf *serveFlags) error {
	ctx := cmd.Context()
	for name, v := range map[string]int{"--max-sessions": sf.maxSessions, "--walks-per-minute": sf.walksPerMinute, "--max-connections": sf.maxConns} {
		if v <= 0 {
			return usageErr("%s must be positive, got %d", name, v)
		}
	}
	for name, v := range map[string]time.Duration{"--idle-timeout": sf.idle, "--max-session": sf.maxSession, "--walk-timeout": sf.walkTimeout} {
		if v <= 0 {
			return usageErr("%s must be positive, got %s", name, v)
		}
	}
	cfg := serve.Config{
		Open: sf.open, MaxSessions: sf.maxSessions, WalksPerMinute: sf.walksPerMinute,
		IdleTimeout: sf.idle, MaxSession: sf.maxSession, WalkTimeout: sf.walkTimeout,
		Logger: slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil)),
	}
	switch {
	case sf.authorizedKeys != "":
		b, label, err := readInput(ctx, cmd.InOrStdin(), sf.authorizedKeys, 4<<20)
		if err != nil {
			return usageErr("--authorized-keys %s: %v", label, err)
		}
		if cfg.AuthorizedKeys, err = serve.ParseAuthorizedKeys(b); err != nil {
			return usageErr("--authorized-keys %s: %v", label, err)
		}
	case !sf.open:
		return usageErr("serve lets nobody in by default: give --authorized-keys FILE, or --open to let anyone in")
	}
	keyPath := sf.hostKey
	if keyPath == "" {
		dir, err := statedir.Dir("")
		if err != nil {
			return usageErr("%v (or give --host-key FILE)", err)
		}
		keyPath = filepath.Join(dir, "serve", "host_ed25519")
	}
	var err error
	if cfg.HostKeyPEM, err = serve.HostKey(keyPath); err != nil {
		return exitError{code: 2, err: err}
	}

	var opts probe.Options
	if sf.lab {
		w, scenarios, err := startLab(ctx)
		if err != nil {
			return fmt.Errorf("starting the lab: %w", err)
		}
		defer w.Close()
		if opts, err = labGuarded(w, pf); err != nil {
			return err
		}
		if cmd.Flags().Changed("timeout") {
			opts.Timeout = pf.timeout
		}
		cfg.Scenarios = tui.LabScenarios(scenarios)
		cfg.Sandbox = sandboxStarter
		cfg.Banner = fmt.Sprintf("This is the lab: %d broken and healthy domains under .test, no Internet.", len(scenarios))
	} else {
		if opts, err = pf.options(cmd); err != nil {
			return err
		}
		if err := guardResolvers(&opts, sf.allowPrivate); err != nil {
			return err
		}
		if !sf.allowPrivate {
			cfg.Banner = "Walks reach public addresses only."
		}
	}
	// One limiter for every walk of every session: a full server opens at
	// most this many connections however many walks run.
	opts.Limiter = limit.New(sf.maxConns)
	cfg.Runner = probeRunner(opts)
	cfg.Exec = serveExec(sf.lab)
	srv, err := serve.New(cfg)
	if err != nil {
		return exitError{code: 2, err: err}
	}
	ln, err := net.Listen("tcp", sf.listen)
	if err != nil {
		return exitError{code: 2, err: fmt.Errorf("--listen %s: %w", sf.listen, err)}
	}
	if sf.authorizedKeys != "" && sf.authorizedKeys != "-" {
		stop := reloadOnHangup(ctx, srv, sf.authorizedKeys, cfg.Logger)
		defer stop()
	}
	fp, _ := serve.Fingerprint(cfg.HostKeyPEM)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	fmt.Fprintf(cmd.OutOrStdout(), "mtasts-doctor serve: listening on %s (host key %s, %s)\n  ssh -p %s HOST              the terminal UI\n  ssh -p %s HOST check DOMAIN the plain report\n",
		ln.Addr(), fp, keyPath, port, port)
	return srv.Serve(ctx, ln)
}

// reloadOnHangup re-reads the authorized keys file on SIGHUP, as sshd
// re-reads its configuration, so a team adds or removes a key without
// ending anyone's session. A file that no longer parses keeps the old
// keys. stop ends the watch and waits for it.
func reloadOnHangup(ctx context.Context, srv *serve.Server, path string, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if err := reloadKeys(ctx, srv, path); err != nil {
					log.Error("authorized keys not reloaded; the previous ones stay", "file", path, "error", err.Error())
				}
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		cancel()
		<-done
	}
}

func reloadKeys(ctx context.Context, srv *serve.Server, path string) error {
	b, _, err := readInput(ctx, nil, path, 4<<20)
	if err != nil {
		return err
	}
	keys, err := serve.ParseAuthorizedKeys(b)
	if err != nil {
		return err
	}
	return srv.SetAuthorizedKeys(keys)
}

// guardResolvers fixes the resolvers for the server's life (resolv.conf
// read once) and binds the guard, refusing at start a resolver the guard
// would refuse on every walk.
func guardResolvers(opts *probe.Options, allowPrivate bool) error {
	if len(opts.Resolvers) == 0 {
		c, err := dnsx.FromResolvConf("/etc/resolv.conf")
		if err != nil {
			return exitError{code: 2, err: err}
		}
		opts.Resolvers = c.Servers
	}
	opts.Guard = netguard.New(allowPrivate)
	for _, r := range opts.Resolvers {
		a, err := netip.ParseAddrPort(r)
		if err != nil {
			return usageErr("resolver %s: %v", displayName(r), err)
		}
		if err := opts.Guard.Check(a); err != nil {
			return usageErr("resolver: %v; walks would send every query there. Give a public resolver (--resolver 9.9.9.9), or --allow-private", err)
		}
	}
	return nil
}

// labGuarded are the lab world's probe options behind a guard that allows
// exactly the world's addresses: its resolver, its authoritative servers
// (where the walk asks them and where they really listen), and its web
// and mail range on ports 443 and 25, which the world's own dialer
// answers or refuses (the lab gives out addresses by the thousand).
func labGuarded(w *probetest.World, pf *probeFlags) (probe.Options, error) {
	opts := withMaxTime(labOptions(w), pf.maxTime)
	opts.NoSMTP = pf.noSMTP
	allow := []netip.AddrPort{}
	for _, s := range labAddrs(w) {
		a, err := netip.ParseAddrPort(s)
		if err != nil {
			return opts, fmt.Errorf("lab address %s: %w", s, err)
		}
		allow = append(allow, a)
	}
	opts.Guard = netguard.New(false, allow...)
	for _, p := range opts.PublicPrefixes {
		opts.Guard.AllowRange(p, 443, 25)
	}
	return opts, nil
}

func labAddrs(w *probetest.World) []string {
	out := []string{w.Resolver()}
	for _, ns := range w.Nameservers() {
		out = append(out, ns.Addr, ns.Listen)
	}
	return out
}

// serveExec is what "ssh HOST COMMAND" runs: only check, with the CLI's
// argument checks and output, its walks through the session's runner.
// Nothing else is offered: lint and simulate read files, and the probe
// options are the server's.
func serveExec(lab bool) serve.ExecFunc {
	return func(ctx context.Context, args []string, run tui.Runner, stdout, stderr io.Writer) int {
		root := &cobra.Command{
			Use:           "ssh HOST",
			Short:         "mtasts-doctor over SSH",
			SilenceUsage:  true,
			SilenceErrors: true,
			Args:          cobra.NoArgs,
			RunE: func(*cobra.Command, []string) error {
				return usageErr(`only "check DOMAIN..." runs without a terminal; connect with "ssh -t" for the UI`)
			},
		}
		root.AddCommand(newRemoteCheckCmd(run, lab))
		root.SetOut(stdout)
		root.SetErr(stderr)
		root.SetIn(bytes.NewReader(nil))
		root.CompletionOptions.DisableDefaultCmd = true
		return execute(ctx, root, args)
	}
}

// newRemoteCheckCmd is check as served: DOMAIN... with the output
// options (--format, --json, -v, --fail-on), one domain at a time; the
// probe options and the history are the server's business, and a served
// check records nothing.
func newRemoteCheckCmd(run tui.Runner, lab bool) *cobra.Command {
	var (
		asJSON, verbose bool
		format, failOn  string
	)
	cmd := &cobra.Command{
		Use:   "check DOMAIN...",
		Short: "Walk every MTA-STS and TLS-RPT step for each domain and report",
		Args:  cobra.MinimumNArgs(1),
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
			items, err := batchInputs(cmd, args, "", lab)
			if err != nil {
				return err
			}
			c := checkRun{format: format, failOn: failOn, parallel: 1,
				style: reportStyle{verbose: verbose},
				walk: func(ctx context.Context, domain string) *probe.Report {
					return probe.Collect(domain, run(ctx, domain))
				}}
			return c.run(cmd, items)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", formatText, "output: text, json (a stream of objects), ndjson (one object a line) or csv")
	fl.BoolVar(&asJSON, "json", false, "the same as --format json")
	fl.StringVar(&failOn, "fail-on", failOnFail, "exit 1 when a step ends in: fail, warn (or worse), never")
	fl.BoolVarP(&verbose, "verbose", "v", false, "show every step's evidence, not only the failing ones'")
	return cmd
}
