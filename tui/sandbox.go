package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
	"github.com/mtasts-doctor/mtasts-doctor/simulate/live"
)

// The sandbox screen: sandbox.test, healthy at first, and four senders
// delivering to it every virtual hour. Each capital letter breaks (or
// mends) one thing; the clock runs at a chosen speed and can be stopped;
// in lesson mode enter walks a class through a guided sequence.

// sandboxChange is one change as the screen offers it.
type sandboxChange struct {
	id, key string
	name    func(probetest.SandboxState) string
}

func sandboxChanges() []sandboxChange {
	var out []sandboxChange
	for _, c := range probetest.SandboxChanges() {
		out = append(out, sandboxChange{id: c.ID, key: sandboxChangeKeys[c.ID], name: c.Name})
	}
	return out
}

// sandboxSpeeds are virtual time per real second; one hour per second is
// the default: a day of deliveries in 24 s.
var sandboxSpeeds = []time.Duration{10 * time.Minute, time.Hour, 6 * time.Hour, simulate.Day}

// sandboxTick is how often the clock moves (real time).
const sandboxTick = 250 * time.Millisecond

type (
	sandboxStartedMsg struct {
		id   int
		lab  SandboxLab
		stop func()
		err  error
	}
	sandboxTickMsg struct{ id int }
	// sandboxDoneMsg carries the lab's state after a command that used it.
	sandboxDoneMsg struct {
		id     int
		view   live.View
		status string
		err    error
		// advanced: the clock moved (the next tick may move it again).
		advanced bool
	}
)

type sandboxModel struct {
	st      *Styles
	keys    sandboxKeys
	help    help.Model
	changes []sandboxChange

	ctx    context.Context
	cancel context.CancelFunc
	start  SandboxStarter
	id     int

	lab  SandboxLab
	stop func()
	view live.View
	err  error

	speed  int // index into sandboxSpeeds
	paused bool
	busy   bool // a command holds the lab
	status string

	lesson   *assets.Lesson
	step     int // the lesson step shown (0-based); -1 before the first
	revealed bool
	runUntil time.Duration // the lesson step stops the clock here

	width, height int
}

func newSandbox(ctx context.Context, st *Styles, start SandboxStarter, id int, lesson bool) sandboxModel {
	ctx, cancel := context.WithCancel(ctx)
	changes := sandboxChanges()
	m := sandboxModel{st: st, keys: newSandboxKeys(changes), help: help.New(), changes: changes,
		ctx: ctx, cancel: cancel, start: start, id: id, speed: 1, step: -1}
	m.help.Styles = st.Help
	if lesson {
		if l, err := assets.SandboxLesson(); err == nil {
			m.lesson = &l
			m.paused = true
			m.status = "Lesson: press enter for the first step."
		}
	}
	return m
}

func (m sandboxModel) Name() string { return "the sandbox" }

// SetStyles is the restyler's.
func (m sandboxModel) SetStyles(st *Styles) Screen {
	m.st = st
	m.help.Styles = st.Help
	return m
}

func (m sandboxModel) SetSize(w, h int) Screen {
	m.width, m.height = w, h
	return m
}

func (m sandboxModel) KeyMap() help.KeyMap {
	k := m.keys
	k.Lesson.SetEnabled(m.lesson != nil)
	k.Answer.SetEnabled(m.lesson != nil && m.step >= 0 && m.lesson.Steps[m.step].Answer != "" && !m.revealed)
	return k
}

// Close stops the sandbox's world when the screen leaves.
func (m sandboxModel) Close() {
	m.cancel()
	if m.stop != nil {
		m.stop()
	}
}

func (m sandboxModel) Init() tea.Cmd {
	start, ctx, id := m.start, m.ctx, m.id
	return func() tea.Msg {
		lab, stop, err := start(ctx)
		return sandboxStartedMsg{id: id, lab: lab, stop: stop, err: err}
	}
}

func (m sandboxModel) tick() tea.Cmd {
	id := m.id
	return tea.Tick(sandboxTick, func(time.Time) tea.Msg { return sandboxTickMsg{id: id} })
}

// use runs f on the lab in a command and reports the lab's state after it.
func (m sandboxModel) use(f func(SandboxLab) (string, error), advanced bool) tea.Cmd {
	lab, id := m.lab, m.id
	return func() tea.Msg {
		status, err := f(lab)
		return sandboxDoneMsg{id: id, view: lab.View(), status: status, err: err, advanced: advanced}
	}
}

func (m sandboxModel) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sandboxStartedMsg:
		if msg.id != m.id {
			return m, nil
		}
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.lab, m.stop = msg.lab, msg.stop
		m.view = m.lab.View()
		return m, m.tick()
	case sandboxTickMsg:
		if msg.id != m.id || m.lab == nil {
			return m, nil
		}
		if m.paused || m.busy {
			return m, m.tick()
		}
		to := m.view.Now + time.Duration(float64(sandboxSpeeds[m.speed])*sandboxTick.Seconds())
		if m.runUntil > 0 && to >= m.runUntil {
			to = m.runUntil
		}
		m.busy = true
		ctx := m.ctx
		return m, m.use(func(l SandboxLab) (string, error) { return "", l.AdvanceTo(ctx, to) }, true)
	case sandboxDoneMsg:
		if msg.id != m.id {
			return m, nil
		}
		m.busy = false
		m.view = msg.view
		if msg.status != "" {
			m.status = msg.status
		}
		if msg.err != nil {
			m.status = "! " + msg.err.Error()
			m.paused = true
		}
		if m.runUntil > 0 && m.view.Now >= m.runUntil {
			m.runUntil, m.paused = 0, true
			m.status = m.lessonPrompt()
		}
		if msg.advanced {
			return m, m.tick()
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.MouseMsg:
		return m.onMouse(msg)
	}
	return m, nil
}

func (m sandboxModel) key(msg tea.KeyPressMsg) (Screen, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		return m, Back
	case key.Matches(msg, k.Learn):
		return m, func() tea.Msg { return openLearnMsg{} }
	case m.lab == nil:
		return m, nil
	case key.Matches(msg, k.Pause):
		m.paused = !m.paused
		m.runUntil = 0
		return m, nil
	case key.Matches(msg, k.Slower):
		m.speed = max(0, m.speed-1)
		return m, nil
	case key.Matches(msg, k.Faster):
		m.speed = min(len(sandboxSpeeds)-1, m.speed+1)
		return m, nil
	case key.Matches(msg, k.Undo):
		return m, m.use(func(l SandboxLab) (string, error) {
			ok, err := l.Undo()
			if !ok && err == nil {
				return "Nothing to undo.", nil
			}
			return "Undone.", err
		}, false)
	case m.lesson != nil && key.Matches(msg, k.Lesson):
		return m.nextStep()
	case m.lesson != nil && key.Matches(msg, k.Answer) && m.step >= 0:
		m.revealed = true
		return m, nil
	}
	for i, c := range m.changes {
		if key.Matches(msg, k.Changes[i]) {
			name := c.name(m.view.State)
			id := c.id
			m.busy = true // the clock waits for the change
			return m, m.use(func(l SandboxLab) (string, error) { return "Changed: " + name + ".", l.Apply(id) }, false)
		}
	}
	return m, nil
}

// nextStep starts the lesson's next step: its changes, then its run of the
// clock, which stops by itself at the step's end.
func (m sandboxModel) nextStep() (Screen, tea.Cmd) {
	if m.step+1 >= len(m.lesson.Steps) {
		m.status = "That was the last step. Keep breaking things, or esc to leave."
		return m, nil
	}
	m.step++
	m.revealed = false
	s := m.lesson.Steps[m.step]
	run, err := simulate.ParseDuration(s.Run)
	if err != nil || run <= 0 {
		run = 6 * time.Hour
	}
	m.runUntil = m.view.Now + run
	m.paused = false
	m.status = "Running " + simulate.FormatDuration(run) + " of virtual time…"
	if s.Change == "" {
		return m, nil
	}
	changes := []string{s.Change}
	if s.Then != "" {
		changes = append(changes, s.Then)
	}
	m.busy = true // the clock waits for the step's changes
	return m, m.use(func(l SandboxLab) (string, error) {
		for _, c := range changes {
			if err := l.Apply(c); err != nil {
				return "", err
			}
		}
		return "", nil
	}, false)
}

func (m sandboxModel) lessonPrompt() string {
	if m.lesson == nil || m.step < 0 {
		return "Stopped."
	}
	s := m.lesson.Steps[m.step]
	switch {
	case s.Answer != "" && !m.revealed:
		return "Think about it, then press v for the answer, enter for the next step."
	case m.step+1 < len(m.lesson.Steps):
		return "Press enter for the next step."
	}
	return "That was the last step."
}
