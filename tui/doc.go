// Package tui is the terminal user interface of mtasts-doctor, built on
// Bubble Tea v2.
//
// A root Model routes between screens, one file each: home (a domain input
// with recent domains, or the lab's scenario picker) and the walk (each step
// a sending MTA performs, live, with its evidence, diagnostics, the commands
// to see the same thing, and a verdict in plain words). The walk gets its
// data from an injected Runner, normally probe.Run with options bound, so
// the UI knows nothing of sockets and tests script the event stream.
//
// Update never blocks: probe events, file reads and writes all run in
// commands and come back as messages tagged with the run they belong to.
// Everything from a Step is sanitised again before it is drawn, and every
// line is cut to the terminal width.
package tui
