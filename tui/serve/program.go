package serve

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"

	"github.com/mtasts-doctor/mtasts-doctor/tui"
)

// fallbackWidth and fallbackHeight replace a zero window: some clients
// (script(1) without stty, a few libraries) report 0×0, and a program
// with no TTY to ask would draw into nothing.
const fallbackWidth, fallbackHeight = 80, 24

// program builds the session's Bubble Tea program: the UI's root model
// with the session's context and runner, on the session's I/O, with the
// client's environment (TERM, COLORTERM and NO_COLOR decide the colour
// profile and styles, never the server's) and window size.
func (s *Server) program(sess ssh.Session) *tea.Program {
	st := stateOf(sess)
	if st == nil {
		return nil
	}
	env := sess.Environ()
	m := tui.New(st.ctx, tui.Config{
		Runner:    s.runner(st),
		Scenarios: s.cfg.Scenarios,
		Sandbox:   s.cfg.Sandbox,
		Remote:    true,
		NoColor:   noColor(env),
	})
	opts := bubbletea.MakeOptions(sess)
	if noColor(env) {
		// colorprofile reads NO_COLOR as a boolean ("yes" keeps colour);
		// no-color.org says any non-empty value.
		opts = append(opts, tea.WithColorProfile(colorprofile.ASCII))
	}
	if pty, _, ok := sess.Pty(); ok && (pty.Window.Width <= 0 || pty.Window.Height <= 0) {
		w, h := sized(pty.Window.Width, pty.Window.Height)
		opts = append(opts, tea.WithWindowSize(w, h))
	}
	// Replaces MakeOptions' filter, so it keeps that one's job: a session
	// cannot be suspended (ctrl+z would stop the server's goroutine).
	opts = append(opts, tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
		switch msg := msg.(type) {
		case tea.SuspendMsg:
			return tea.ResumeMsg{}
		case tea.WindowSizeMsg:
			msg.Width, msg.Height = sized(msg.Width, msg.Height)
			return msg
		}
		return msg
	}))
	p := tea.NewProgram(m, opts...)
	// The middleware quits the program when the connection ends; this
	// also quits it when the server ends the session (shutdown).
	context.AfterFunc(st.ctx, p.Quit)
	return p
}

// sized puts the fallback in place of a zero dimension.
func sized(w, h int) (int, int) {
	if w <= 0 {
		w = fallbackWidth
	}
	if h <= 0 {
		h = fallbackHeight
	}
	return w, h
}

// noColor is NO_COLOR as no-color.org defines it (any non-empty value),
// from the client's environment.
func noColor(env []string) bool {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok && v != "" {
			return true
		}
	}
	return false
}
