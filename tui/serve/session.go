package serve

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// sessionIDs numbers sessions for the log.
type sessionIDs struct{ n atomic.Uint64 }

func (i *sessionIDs) next() string { return strconv.FormatUint(i.n.Add(1), 10) }

// state is one session's share of the server: its context (ended by the
// client leaving, the limits or shutdown), who it is for the limits and
// the log, and its walks.
type state struct {
	ctx    context.Context
	log    *slog.Logger
	key    string // SHA256 fingerprint, "none" for a keyless open login
	host   string // source address without port
	walks  atomic.Int64
	reason atomic.Value // why the server ended the session, if it did
}

type stateKey struct{}

// session is the outer middleware: it takes a session slot, logs the
// start and the end, and runs either a command (no PTY, or a command
// given) or the UI (next).
func (s *Server) session(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.work.add()
		defer s.work.done()
		st := s.newState(sess)
		select {
		case s.slots <- struct{}{}:
			defer func() { <-s.slots }()
		default:
			st.log.Warn("session refused: server full", "max_sessions", s.cfg.MaxSessions)
			wish.Fatalln(sess, fmt.Sprintf("mtasts-doctor: the server is full (%d sessions); try again later.", s.cfg.MaxSessions))
			return
		}
		ctx, cancel := context.WithCancel(sess.Context())
		defer cancel()
		stop := context.AfterFunc(s.closing, func() {
			st.reason.Store("the server is shutting down")
			cancel()
		})
		defer stop()
		st.ctx = ctx
		sess.Context().SetValue(stateKey{}, st)

		pty, _, isPTY := sess.Pty()
		cmd := sess.Command()
		start := time.Now()
		attrs := []any{"pty", isPTY, "command", sanitize.Line(sess.RawCommand(), 200)}
		if isPTY {
			attrs = append(attrs, "term", sanitize.Line(pty.Term, 60), "width", pty.Window.Width, "height", pty.Window.Height)
		}
		st.log.Info("session start", attrs...)

		code := 0
		if len(cmd) > 0 || !isPTY {
			code = s.exec(st, sess, cmd)
		} else {
			next(sess)
		}
		reason, _ := st.reason.Load().(string)
		if reason != "" {
			wish.Errorln(sess, "\r\nmtasts-doctor: "+reason+"; session ended.\r")
			code = 1
		}
		_ = sess.Exit(code)
		st.log.Info("session end", "duration", time.Since(start).Round(time.Millisecond).String(),
			"walks", st.walks.Load(), "exit", code, "reason", reason)
	}
}

func (s *Server) newState(sess ssh.Session) *state {
	st := &state{key: "none", host: hostOf(sess.RemoteAddr())}
	if k := sess.PublicKey(); k != nil {
		st.key = gossh.FingerprintSHA256(k)
	}
	st.log = s.cfg.Logger.With("session", s.ids.next(), "key", st.key,
		"remote", sess.RemoteAddr().String(), "user", sanitize.Line(sess.User(), 64))
	return st
}

func stateOf(sess ssh.Session) *state {
	st, _ := sess.Context().Value(stateKey{}).(*state)
	return st
}

// hostOf is the address part of a remote address: the limit is per
// machine, whatever source port it uses.
func hostOf(a net.Addr) string {
	if a == nil {
		return "unknown"
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}
