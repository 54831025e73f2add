package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// connsPerSession is how many connections, authenticated or not, the
// server holds per allowed session.
const connsPerSession = 2

// Server serves the UI over SSH. Build it with New, run it with Serve.
type Server struct {
	cfg     Config
	ssh     *ssh.Server
	limiter *rateLimiter
	slots   chan struct{} // one token per live session

	// closing is cancelled when Serve starts shutting down: every session
	// context hangs off it, so one cancel tells them all.
	closing context.Context
	close   context.CancelFunc
	// work counts session handlers and walks, so Serve returns only when
	// none is left.
	work  tracker
	conns connSet

	keysMu sync.RWMutex
	keys   []gossh.PublicKey // the authorized keys now (SetAuthorizedKeys)
	ids    sessionIDs
}

// New checks cfg and builds the server; nothing listens yet.
func New(cfg Config) (*Server, error) {
	cfg.defaults()
	switch {
	case cfg.Runner == nil:
		return nil, errors.New("serve: no Runner")
	case len(cfg.HostKeyPEM) == 0:
		return nil, errors.New("serve: no host key")
	case !cfg.Open && len(cfg.AuthorizedKeys) == 0:
		return nil, errors.New("serve: no authorized keys; give --authorized-keys FILE, or --open to let anyone in")
	}
	s := &Server{
		cfg:     cfg,
		limiter: newRateLimiter(cfg.WalksPerMinute, time.Minute, cfg.Now),
		slots:   make(chan struct{}, cfg.MaxSessions),
		keys:    cfg.AuthorizedKeys,
	}
	s.closing, s.close = context.WithCancel(context.Background())
	// Connections cost a goroutine and a handshake before anyone is
	// authenticated: bound them too, with room for sessions opened on
	// their own connections plus the handshakes of those waiting.
	s.conns.max = connsPerSession * cfg.MaxSessions
	opts := []ssh.Option{
		wish.WithHostKeyPEM(cfg.HostKeyPEM),
		wish.WithVersion("mtasts-doctor"),
		wish.WithBanner(s.banner()),
		wish.WithIdleTimeout(cfg.IdleTimeout),
		wish.WithMaxTimeout(cfg.MaxSession),
		wish.WithPublicKeyAuth(s.allowKey),
		// Middleware runs last to first: the session handler decides
		// (limits, logging, exec or UI) before the Bubble Tea one.
		wish.WithMiddleware(
			bubbletea.MiddlewareWithProgramHandler(s.program),
			s.session,
		),
		func(srv *ssh.Server) error {
			// An unauthenticated connection costs a goroutine and a
			// handshake: bound how long it may take.
			srv.HandshakeTimeout = 30 * time.Second
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": boundedSessions}
			srv.ConnCallback = func(_ ssh.Context, c net.Conn) net.Conn {
				tc := &trackedConn{Conn: c, set: &s.conns}
				if !s.conns.add(tc) {
					s.cfg.Logger.Warn("connection refused: too many connections", "remote", c.RemoteAddr().String(), "max", s.conns.max)
					return nil // full or shutting down: the server closes it
				}
				return tc
			}
			srv.ConnectionFailedCallback = func(c net.Conn, err error) {
				s.cfg.Logger.Info("connection refused", "remote", c.RemoteAddr().String(), "error", err.Error())
			}
			return nil
		},
	}
	if cfg.Open {
		// No questions asked: a student without a key gets in too.
		opts = append(opts, wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s.ssh = srv
	return s, nil
}

// banner is what ssh prints before authentication: what this is, the
// limits, and a warning when anyone may connect.
func (s *Server) banner() string {
	var b strings.Builder
	b.WriteString("mtasts-doctor: MTA-STS and TLS-RPT troubleshooter.\r\n")
	if s.cfg.Open {
		b.WriteString("WARNING: this server is OPEN: anyone who can reach it may use it.\r\n")
	}
	fmt.Fprintf(&b, "Limits: %d sessions, %d walks a minute per key and per address, idle %s, at most %s a session.\r\n",
		s.cfg.MaxSessions, s.cfg.WalksPerMinute, simulate.FormatDuration(s.cfg.IdleTimeout), simulate.FormatDuration(s.cfg.MaxSession))
	if s.cfg.Banner != "" {
		b.WriteString(strings.ReplaceAll(strings.TrimRight(s.cfg.Banner, "\n"), "\n", "\r\n") + "\r\n")
	}
	return b.String()
}

// allowKey is public key authentication: any key when open, else one of
// the authorized keys.
func (s *Server) allowKey(ctx ssh.Context, key ssh.PublicKey) bool {
	if s.cfg.Open {
		return true
	}
	s.keysMu.RLock()
	keys := s.keys
	s.keysMu.RUnlock()
	for _, k := range keys {
		if ssh.KeysEqual(key, k) {
			return true
		}
	}
	s.cfg.Logger.Info("key refused", "remote", ctx.RemoteAddr().String(), "key", gossh.FingerprintSHA256(key))
	return false
}

// SetAuthorizedKeys replaces the keys that may log in from now on
// (serve re-reads its file on SIGHUP); sessions already open stay. An
// empty list is refused unless the server is open: it would lock
// everyone out by accident.
func (s *Server) SetAuthorizedKeys(keys []gossh.PublicKey) error {
	if len(keys) == 0 && !s.cfg.Open {
		return errors.New("serve: no authorized keys: nobody could log in")
	}
	s.keysMu.Lock()
	s.keys = keys
	s.keysMu.Unlock()
	s.cfg.Logger.Info("authorized keys replaced", "authorized_keys", len(keys))
	return nil
}

// Serve accepts sessions on ln until ctx ends, then shuts down: it stops
// accepting, tells every session and ends it (closing what has not ended
// after a short grace), and returns once no session handler or walk is
// left. It returns nil after a shutdown asked for by ctx.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.cfg.Logger.Info("serving", "listen", ln.Addr().String(), "open", s.cfg.Open,
		"authorized_keys", len(s.cfg.AuthorizedKeys), "max_sessions", s.cfg.MaxSessions)
	if s.cfg.Open {
		s.cfg.Logger.Warn("the server is open: anyone who can reach it may use it (--open)")
	}
	served := make(chan error, 1)
	go func() { served <- s.ssh.Serve(ln) }()
	select {
	case err := <-served:
		// The listener failed on its own; still end the sessions.
		s.shutdown(ln)
		return err
	case <-ctx.Done():
	}
	s.shutdown(ln)
	<-served // ends with the listener; its error is the shutdown's own
	s.cfg.Logger.Info("stopped")
	return nil
}

// shutdown stops accepting, cancels every session (each says why before
// it ends), waits a grace period for them to close, then closes every
// connection left and waits for the handlers and walks to return.
func (s *Server) shutdown(ln net.Listener) {
	s.close()
	ln.Close()
	grace, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if !s.work.wait(grace) {
		s.cfg.Logger.Warn("sessions still running after the grace period; closing their connections")
	}
	s.conns.closeAll()
	s.ssh.Close()
	s.work.wait(context.Background())
}
