package tui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// Screen is one screen of the UI (home, walk, simulator, learn, help, …).
// The root Model keeps them on a stack: the screen in front gets the
// keyboard, the mouse and pastes; every other message (walk events, spinner
// ticks, simulation results, anything a command returns) goes to every
// screen on the stack, so a walk keeps running behind the simulator and
// each screen drops what is not its own by its tag or type.
//
// A screen never quits and never pops itself directly: it returns Back (or
// a command that yields BackMsg) and the root pops it, calling Close when
// the screen implements closer.
type Screen interface {
	// Init is run once, when the screen is pushed.
	Init() tea.Cmd
	Update(msg tea.Msg) (Screen, tea.Cmd)
	// View draws the whole terminal (width x height as last set), each
	// line cut to the width.
	View() string
	// SetSize gives the terminal size; it is called before Init when the
	// screen is pushed and on every resize, in front or not.
	SetSize(width, height int) Screen
	// KeyMap is the keys of the focused part of the screen as they stand
	// now: ShortHelp is its footer, FullHelp is what ? shows (the root adds
	// the keys that work everywhere).
	KeyMap() help.KeyMap
}

// Optional behaviour a screen may have.
type (
	// textCapturer is a screen whose text field takes printable keys
	// right now: the root then leaves q and ? to it (ctrl+c still quits).
	textCapturer interface{ CapturesText() bool }
	// restyler is a screen that caches anything derived from Styles;
	// the root calls it after the background or NO_COLOR is learnt.
	restyler interface{ SetStyles(*Styles) Screen }
	// closer is a screen that holds something to release (a running
	// walk's context) when it leaves the stack or the program quits.
	closer interface{ Close() }
	// namer gives the name ? shows above the screen's keys ("the walk,
	// steps pane").
	namer interface{ Name() string }
)

// Messages between screens and the root.
type (
	// PushMsg puts a screen in front of the current one.
	PushMsg struct{ Screen Screen }
	// BackMsg leaves the screen in front for the one under it. It is the
	// one way back from any screen; on the bottom screen it does nothing.
	BackMsg struct{}
	// FrontMsg tells a screen it is in front again after the one over it
	// left (home re-focuses its input, for example).
	FrontMsg struct{}
)

// Push is the command that opens s over the current screen. A screen of
// the same kind already on the stack is closed first, with everything over
// it, so esc never loops between two screens and the stack stays short.
func Push(s Screen) tea.Cmd { return func() tea.Msg { return PushMsg{Screen: s} } }

// Back is the command that leaves the screen in front.
func Back() tea.Msg { return BackMsg{} }
