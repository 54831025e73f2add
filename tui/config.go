package tui

import (
	"context"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/reports"
	"github.com/mtasts-doctor/mtasts-doctor/simulate/live"
)

// Runner starts a walk of domain and streams its events as probe.Run does:
// per step a running snapshot and a final one, then the Report, then the
// channel closes. Cancelling ctx must end the walk promptly and still close
// the channel.
type Runner func(ctx context.Context, domain string) <-chan probe.Event

// Scenario is one lab domain the home screen offers.
type Scenario struct {
	Name  string // the domain, e.g. "policy-missing.test"
	Title string // one line
	Story string // what is broken, in a few sentences
}

// Config is everything the UI depends on from outside.
type Config struct {
	// Runner walks a domain; required.
	Runner Runner
	// Domain, when set, opens the walk of that domain directly.
	Domain string
	// Scenarios puts home in lab mode: a picker of these domains instead
	// of the recent list.
	Scenarios []Scenario
	// RecentPath is the file recent domains are kept in; empty keeps none.
	// cmd puts it in the state directory (probe/statedir), beside the
	// history.
	RecentPath string
	// SaveDir is where "s" writes JSON reports; empty is the working
	// directory.
	SaveDir string
	// Now is the clock for elapsed times; nil means time.Now.
	Now func() time.Time
	// Remote is set when the UI is served to someone else (serve over
	// SSH): nothing a session does may write on the server, so "s" puts
	// the JSON report on the client's clipboard (OSC 52) and shows it
	// instead of saving a file. RecentPath must then be empty: recent
	// domains stay in the session.
	Remote bool
	// Reports, when set, opens the reports screen first: what the
	// reports command read, aggregated and (with --check) correlated.
	Reports *ReportsData
	// Sandbox starts the breakable sandbox domain; nil hides it.
	Sandbox SandboxStarter
	// OpenSandbox opens the sandbox screen first (with the guided lesson
	// when Lesson is set too).
	OpenSandbox, Lesson bool
	// NoColor draws without colour from the first frame (NO_COLOR); the UI
	// also honours NO_COLOR from the program's environment (EnvMsg).
	NoColor bool
	// ASCII draws with ASCII characters only (--ascii); the UI also turns
	// it on for a TERM that cannot draw more (linux, vt100), read from the
	// program's environment, which over SSH is the client's.
	ASCII bool
	// History reads recorded walks for the history screen (H on a walk);
	// nil hides it. The caller records walks (cmd wraps the Runner).
	History HistorySource
}

func (c Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// SandboxLab is a running sandbox domain with watched senders
// (simulate/live.Lab). Its methods do network I/O: the sandbox screen
// calls them from commands, never from Update.
type SandboxLab interface {
	AdvanceTo(ctx context.Context, t time.Duration) error
	Apply(change string) error
	Undo() (bool, error)
	View() live.View
}

// SandboxStarter starts a private sandbox (a world of its own, so every
// session breaks its own copy); stop releases it.
type SandboxStarter func(ctx context.Context) (lab SandboxLab, stop func(), err error)

// ReportsData is what the reports command read, for the reports screen.
type ReportsData struct {
	Set *reports.Set
	Agg reports.Aggregate
	// Links tie each reported failure to a walk step; with --check they
	// also say whether it still happens.
	Links []reports.Link
}
