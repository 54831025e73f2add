package serve

import (
	"context"
	"io"
	"log/slog"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/mtasts-doctor/mtasts-doctor/tui"
)

// Defaults for the limits; the serve command's flags override them.
const (
	DefaultMaxSessions    = 32
	DefaultWalksPerMinute = 10
	DefaultIdleTimeout    = 15 * time.Minute
	DefaultMaxSession     = 2 * time.Hour
	// DefaultWalkTimeout bounds one walk whatever its steps do; the probe
	// bounds each operation, this bounds their sum for a shared server.
	DefaultWalkTimeout = 2 * time.Minute
	// shutdownGrace is how long sessions have to end after being told.
	shutdownGrace = 5 * time.Second
)

// ExecFunc runs a command given without a terminal ("ssh host check
// example.com"): args as the client sent them, walks through run (rate
// limited and logged like the UI's), output to the session. It returns the
// exit status the client sees.
type ExecFunc func(ctx context.Context, args []string, run tui.Runner, stdout, stderr io.Writer) int

// Config is everything a Server depends on.
type Config struct {
	// HostKeyPEM is the server's private host key (HostKey makes one).
	HostKeyPEM []byte
	// AuthorizedKeys may open sessions. Empty refuses everyone unless
	// Open is set: a server is never open by default.
	AuthorizedKeys []gossh.PublicKey
	// Open lets anyone who reaches the port in, with any key or none
	// (keyboard-interactive without questions, for a classroom). The
	// banner and the log say so.
	Open bool
	// Runner walks a domain with the server's probe options (the network
	// guard bound in); required.
	Runner tui.Runner
	// Scenarios puts the UI in lab mode (the scenario picker).
	Scenarios []tui.Scenario
	// Sandbox, when set, offers each session a breakable sandbox domain
	// of its own (serve --lab): a private world per session, started when
	// the session opens it and stopped when the session ends.
	Sandbox tui.SandboxStarter
	// Exec runs commands sent without a PTY; nil refuses them.
	Exec ExecFunc
	// Banner is shown by ssh before authentication, after the server's
	// own lines (e.g. what the network guard allows).
	Banner string
	// Logger gets one line per session start and end and per walk; nil
	// discards.
	Logger *slog.Logger

	MaxSessions    int           // concurrent sessions; 0 means DefaultMaxSessions
	WalksPerMinute int           // per key and per source address; 0 means DefaultWalksPerMinute
	IdleTimeout    time.Duration // no traffic either way; 0 means DefaultIdleTimeout
	MaxSession     time.Duration // one connection in total; 0 means DefaultMaxSession
	WalkTimeout    time.Duration // one walk in total; 0 means DefaultWalkTimeout

	// Now is the clock of the rate limits; nil means time.Now.
	Now func() time.Time
}

func (c *Config) defaults() {
	if c.MaxSessions <= 0 {
		c.MaxSessions = DefaultMaxSessions
	}
	if c.WalksPerMinute <= 0 {
		c.WalksPerMinute = DefaultWalksPerMinute
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.MaxSession <= 0 {
		c.MaxSession = DefaultMaxSession
	}
	if c.WalkTimeout <= 0 {
		c.WalkTimeout = DefaultWalkTimeout
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}
