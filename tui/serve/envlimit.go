package serve

import (
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Bounds on what a client may set with "env" requests before its shell or
// command starts. charm.land/ssh appends every one to the session, so
// without a bound one client could grow the server's memory for as long
// as its session lasts. Real clients send a handful (TERM, LANG, LC_*,
// COLORTERM, NO_COLOR).
const (
	maxEnvVars  = 64
	maxEnvBytes = 16 << 10
)

// boundedSessions is the "session" channel handler: the default one, with
// env requests beyond the bounds refused.
func boundedSessions(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	ssh.DefaultSessionHandler(srv, conn, boundedChannel{newChan}, ctx)
}

type boundedChannel struct{ gossh.NewChannel }

func (b boundedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := b.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		// Ends when the channel's requests end (the channel closes); the
		// session's own loop reads out until then.
		defer close(out)
		vars, size := 0, 0
		for r := range reqs {
			if r.Type == "env" {
				vars, size = vars+1, size+len(r.Payload)
				if vars > maxEnvVars || size > maxEnvBytes {
					if r.WantReply {
						_ = r.Reply(false, nil)
					}
					continue
				}
			}
			out <- r
		}
	}()
	return ch, out, nil
}
