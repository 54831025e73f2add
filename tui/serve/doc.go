// Package serve runs the terminal UI over SSH with Charm's Wish, for teams
// and classrooms: one Bubble Tea program per session, drawn with the
// client's terminal (TERM, COLORTERM, NO_COLOR and window size from the
// session, never the server's environment), and "ssh host check DOMAIN"
// without a terminal for the plain report.
//
// Serving a network prober to other people makes it a target, so the
// defaults are closed: no session without an authorized key unless Open is
// stated, a bounded number of sessions, walks rate-limited per key and per
// source address, idle and total session time limits, and nothing written
// on the server by a session (reports go to the client's clipboard, recent
// domains stay in the session). The network guard that keeps walks off the
// server's own network lives in the probe's dialer (probe/netguard), where
// every transport obeys it; this package only binds it into the Runner.
package serve
