package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/tui"
)

// runHome is the root command: no argument opens the terminal UI's home,
// a DOMAIN opens its walk. When stdout is not a terminal there is no UI to
// draw, so a DOMAIN gets the plain check report instead.
func runHome(cmd *cobra.Command, args []string, opts probe.Options, cf colorFlag, verbose bool, hf historyFlags) error {
	domain := ""
	if len(args) == 1 {
		t, err := parseTarget(args[0])
		if err != nil {
			return err
		}
		if why := noUI(cmd.OutOrStdout()); why != "" {
			if why == noUIDumb {
				// Say why there is no UI although stdout is a terminal.
				fmt.Fprintln(cmd.ErrOrStderr(), "mtasts-doctor: "+why+": printing the plain report")
			}
			run := checkRun{opts: opts, format: formatText, failOn: failOnFail, parallel: 1,
				style: cf.reportStyle(cmd.OutOrStdout(), verbose)}
			run.rec = hf.openRecorder(cmd)
			defer run.rec.close()
			return run.run(cmd, []batchItem{{input: args[0], target: t}})
		}
		domain = t.ASCII
	} else if why := noUI(cmd.OutOrStdout()); why != "" {
		return usageErr("%s: give a DOMAIN for a plain report, or use \"mtasts-doctor check DOMAIN\"", why)
	}
	runner, hist, closeHistory := hf.uiHistory(cmd, probeRunner(opts))
	defer closeHistory()
	return runTUI(cmd.Context(), tui.Config{
		Runner:     runner,
		Domain:     domain,
		RecentPath: hf.recentPath(),
		History:    hist,
	}, cf)
}

// probeRunner binds probe options into the Runner the UI calls.
func probeRunner(opts probe.Options) tui.Runner {
	return func(ctx context.Context, domain string) <-chan probe.Event {
		return probe.Run(ctx, domain, opts)
	}
}

// Why there is no terminal UI: the two reasons, worded for the user.
const (
	noUINotTTY = "stdout is not a terminal"
	noUIDumb   = "TERM=dumb: this terminal cannot draw the UI"
)

// noUI says why the UI cannot be drawn on w, or "" when it can. TERM=dumb
// is a terminal that cannot move the cursor; it gets the plain output,
// with this reason rather than the untrue "not a terminal".
func noUI(w io.Writer) string {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return noUINotTTY
	}
	if os.Getenv("TERM") == "dumb" {
		return noUIDumb
	}
	return ""
}

// interactive reports whether w is a terminal the UI can draw on.
func interactive(w io.Writer) bool { return noUI(w) == "" }

// runTUI runs the terminal UI until the user quits or ctx is cancelled
// (SIGINT, SIGTERM). The lab command starts the UI the same way with
// Scenarios set.
func runTUI(ctx context.Context, cfg tui.Config, cf colorFlag) error {
	popts := []tea.ProgramOption{tea.WithContext(ctx)}
	cfg.ASCII = cfg.ASCII || cf.ascii
	switch cf.resolved(os.Environ()) {
	case colorNever:
		cfg.NoColor = true
		popts = append(popts, tea.WithColorProfile(colorprofile.ASCII))
	case colorAlways:
		popts = append(popts, tea.WithColorProfile(cf.profile(os.Stdout, os.Environ())))
	}
	_, err := tea.NewProgram(tui.New(ctx, cfg), popts...).Run()
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, tea.ErrInterrupted) {
			return exitError{code: 2, err: errors.New("interrupted")}
		}
		return exitError{code: 2, err: fmt.Errorf("terminal UI: %w", err)}
	}
	return nil
}
