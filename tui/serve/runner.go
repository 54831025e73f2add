package serve

import (
	"context"
	"fmt"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/tui"
)

// runner is the session's Runner: the server's, behind the rate limits
// and the walk deadline, logging each walk's end.
func (s *Server) runner(st *state) tui.Runner {
	return func(ctx context.Context, domain string) <-chan probe.Event {
		if ctx.Err() != nil {
			// The session is over; a walk started now would outlive it.
			return refusedWalk(domain, "the session has ended")
		}
		keys := []string{"addr " + st.host}
		if st.key != "none" {
			keys = append(keys, "key "+st.key)
		}
		if wait, ok := s.limiter.allow(keys...); !ok {
			st.log.Warn("walk refused: rate limit", "domain", domain, "retry_in", wait.Round(time.Second).String())
			return refusedWalk(domain, fmt.Sprintf("not walked: this server allows %d walks a minute per key and per address; try again in %s",
				s.cfg.WalksPerMinute, wait.Round(time.Second)))
		}
		st.walks.Add(1)
		s.work.add()
		ctx, cancel := context.WithTimeout(ctx, s.cfg.WalkTimeout)
		in := s.cfg.Runner(ctx, domain)
		out := make(chan probe.Event)
		start := time.Now()
		go func() {
			defer s.work.done()
			defer cancel()
			defer close(out)
			var rep *probe.Report
			for ev := range in {
				if ev.Report != nil {
					rep = ev.Report
				}
				// Once the reader is gone (ctx ended), keep draining so
				// the walk's own goroutines finish.
				select {
				case out <- ev:
				case <-ctx.Done():
				}
			}
			attrs := []any{"domain", domain, "duration", time.Since(start).Round(time.Millisecond).String()}
			switch {
			case ctx.Err() != nil && rep == nil:
				attrs = append(attrs, "verdict", "", "ended", ctx.Err().Error())
			case rep != nil:
				attrs = append(attrs, "verdict", rep.Verdict.WithoutCache, "failed", rep.Failed())
				if ctx.Err() != nil {
					attrs = append(attrs, "ended", ctx.Err().Error())
				}
			}
			st.log.Info("walk", attrs...)
		}()
		return out
	}
}

// refusedWalk is a walk that never started: every step says why, so the
// UI and the plain report show it where the steps would be.
func refusedWalk(domain, why string) <-chan probe.Event {
	rep := &probe.Report{Domain: domain, Started: time.Now(),
		Verdict: probe.UnknownVerdict(why)}
	for _, id := range probe.StepOrder() {
		rep.Steps = append(rep.Steps, probe.Step{ID: id, Status: probe.StatusError, Summary: why})
	}
	ch := make(chan probe.Event, 1)
	ch <- probe.Event{Report: rep}
	close(ch)
	return ch
}

// exec runs a command sent without a terminal.
func (s *Server) exec(st *state, sess ssh.Session, args []string) int {
	if s.cfg.Exec == nil || len(args) == 0 {
		wish.Errorln(sess, `mtasts-doctor: this server runs the terminal UI: connect with "ssh -t", or run "ssh HOST check DOMAIN" for a plain report.`)
		return 2
	}
	return s.cfg.Exec(st.ctx, args, s.runner(st), sess, sess.Stderr())
}
