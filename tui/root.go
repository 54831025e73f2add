package tui

import (
	"context"
	"errors"
	"reflect"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// Messages that open the built-in screens whose construction needs what
// only the root holds (the context, the run and simulator counters).
type (
	// openSimMsg opens the simulator, prefilled from rep when not nil.
	openSimMsg struct{ rep *probe.Report }
	// openLearnMsg opens the learn screen, at code's explanation when set.
	openLearnMsg struct{ code diag.Code }
	// openSandboxMsg opens the sandbox screen, with its lesson when asked.
	openSandboxMsg struct{ lesson bool }
)

// Model is the root of the UI: it holds what every screen shares (size,
// styles, the recent list, the context) and a stack of screens, home at
// the bottom. Screens never quit or start walks themselves; they ask the
// root with a message, because the root owns the context that cancels
// them.
type Model struct {
	ctx    context.Context
	cfg    Config
	styles *Styles
	keys   globalKeys
	isDark bool
	plain  bool
	ascii  bool

	width, height int
	// stack holds the screens, the one in front last. It is copied before
	// any change: a Model is a value and older copies share the array.
	stack []Screen
	runs  int // walks started, to tag each walk's messages
	sims  int // simulators opened, to tag each one's runs
	// sandboxes opened, to tag each one's clock and results
	sandboxes int
	recent    []string
	initErr   error
}

// New builds the UI. ctx bounds every walk it starts: cancelling it stops
// the probe as quitting does. With cfg.Domain set the walk opens directly.
func New(ctx context.Context, cfg Config) Model {
	m := Model{ctx: ctx, cfg: cfg, isDark: true, plain: cfg.NoColor, ascii: cfg.ASCII, keys: newGlobalKeys()}
	m.styles = NewStyles(m.isDark, m.plain)
	m.styles.ASCII = m.ascii
	home := newHome(m.styles, cfg)
	if cfg.Runner == nil {
		m.initErr = errors.New("tui: Config.Runner is nil")
	}
	if cfg.Domain != "" {
		if _, err := parseInput(cfg.Domain); err != nil {
			home.input.SetValue(cfg.Domain)
			home.validate()
		}
	}
	m.stack = []Screen{home}
	if cfg.Reports != nil {
		home.input.Blur()
		m.stack = []Screen{home, newReports(m.styles, cfg.Reports)}
	}
	if cfg.OpenSandbox && cfg.Sandbox != nil {
		m.sandboxes++
		sb := newSandbox(ctx, m.styles, cfg.Sandbox, m.sandboxes, cfg.Lesson)
		home.input.Blur()
		m.stack = []Screen{home, sb}
	}
	if cfg.Domain != "" {
		if t, err := parseInput(cfg.Domain); err == nil {
			m.runs++
			home.input.Blur()
			m.stack = []Screen{home, newWalk(m.styles, cfg, t, m.runs)}
		}
	}
	return m
}

// Init starts the walk when one was asked for, loads the recent list and
// asks the terminal for its background colour.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, loadRecent(m.cfg.RecentPath)}
	if w, ok := m.front().(walkModel); ok {
		return tea.Batch(append(cmds, startWalkCmd(w.target))...)
	}
	return tea.Batch(append(cmds, m.front().Init())...)
}

// startWalkCmd asks Update to start a walk; starting itself must happen
// in Update, where the model that keeps the cancel func lives.
func startWalkCmd(t target) tea.Cmd {
	return func() tea.Msg { return startWalkMsg{target: t} }
}

// front is the screen that has the keyboard.
func (m Model) front() Screen { return m.stack[len(m.stack)-1] }

// Update handles what every screen shares (size, colours, global keys,
// the stack) and routes the rest: input to the screen in front, anything
// else to every screen (see Screen).
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.eachScreen(func(s Screen) Screen { return s.SetSize(m.width, m.height) })
		return m, nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.restyle()
		return m, nil
	case tea.EnvMsg:
		// NO_COLOR: any non-empty value (no-color.org), from the program's
		// environment, which over SSH is the client's.
		changed := false
		if v, ok := msg.LookupEnv("NO_COLOR"); ok && v != "" && !m.plain {
			m.plain, changed = true, true
		}
		if asciiTerm(msg.Getenv("TERM")) && !m.ascii {
			m.ascii, changed = true, true
		}
		if changed {
			m.restyle()
		}
		return m, nil
	case tea.KeyPressMsg:
		if cmd, handled := m.globalKey(msg); handled {
			return m, cmd
		}
		return m.updateFront(msg)
	case tea.MouseMsg, tea.PasteMsg:
		return m.updateFront(msg)
	case PushMsg:
		return m.push(msg.Screen)
	case BackMsg:
		return m.pop()
	case startWalkMsg:
		return m.startWalk(msg.target, msg.step)
	case openSimMsg:
		m.sims++
		return m.push(newSim(m.styles, msg.rep).withID(m.sims))
	case openSandboxMsg:
		if m.cfg.Sandbox == nil {
			return m, nil
		}
		m.sandboxes++
		return m.push(newSandbox(m.ctx, m.styles, m.cfg.Sandbox, m.sandboxes, msg.lesson))
	case openLearnMsg:
		l := newLearn(m.styles)
		if msg.code != "" {
			l.openCode(msg.code)
		}
		return m.push(l)
	case recentLoadedMsg:
		// Walks started before the file was read come first.
		list := msg.domains
		for i := len(m.recent) - 1; i >= 0; i-- {
			list = addRecent(list, m.recent[i])
		}
		m.recent = list
		return m.broadcast(recentLoadedMsg{domains: list})
	case recentSavedMsg:
		return m, nil // best effort: a read-only home must not stop a check
	}
	return m.broadcast(msg)
}

// globalKey handles the keys that work on every screen.
func (m Model) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	typing := false
	if c, ok := m.front().(textCapturer); ok {
		typing = c.CapturesText()
	}
	switch {
	case msg.String() == "ctrl+c", !typing && key.Matches(msg, m.keys.Quit):
		m.closeAll()
		return tea.Quit, true
	case key.Matches(msg, m.keys.Redraw):
		return tea.ClearScreen, true
	case !typing && key.Matches(msg, m.keys.Help):
		if _, ok := m.front().(helpScreen); ok {
			return Back, true // ? again closes the help
		}
		name := ""
		if n, ok := m.front().(namer); ok {
			name = n.Name()
		}
		return Push(newHelpScreen(m.styles, name, m.front().KeyMap(), m.keys)), true
	}
	return nil, false
}

// updateFront gives an input message to the screen in front.
func (m Model) updateFront(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.stack = slices.Clone(m.stack)
	i := len(m.stack) - 1
	var cmd tea.Cmd
	m.stack[i], cmd = m.stack[i].Update(msg)
	return m, cmd
}

// broadcast gives msg to every screen: results of commands carry their
// owner's tag, so each screen takes its own and ignores the rest. This is
// how a walk behind the simulator keeps its spinner and its events.
func (m Model) broadcast(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.stack = slices.Clone(m.stack)
	var cmds []tea.Cmd
	for i := range m.stack {
		var cmd tea.Cmd
		m.stack[i], cmd = m.stack[i].Update(msg)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

func (m *Model) eachScreen(f func(Screen) Screen) {
	m.stack = slices.Clone(m.stack)
	for i := range m.stack {
		m.stack[i] = f(m.stack[i])
	}
}

// push puts s in front. A screen of the same kind already on the stack
// leaves first with everything over it (so walk → learn → walk is not
// three deep, and esc never loops).
func (m Model) push(s Screen) (tea.Model, tea.Cmd) {
	kind := reflect.TypeOf(s)
	for i := 1; i < len(m.stack); i++ {
		if reflect.TypeOf(m.stack[i]) == kind {
			for _, old := range m.stack[i:] {
				closeScreen(old)
			}
			m.stack = m.stack[:i:i]
			break
		}
	}
	s = s.SetSize(m.width, m.height)
	if r, ok := s.(restyler); ok {
		s = r.SetStyles(m.styles)
	}
	m.stack = append(slices.Clone(m.stack), s)
	return m, s.Init()
}

// pop leaves the screen in front; the bottom screen stays.
func (m Model) pop() (tea.Model, tea.Cmd) {
	if len(m.stack) < 2 {
		return m, nil
	}
	closeScreen(m.front())
	m.stack = slices.Clone(m.stack[:len(m.stack)-1])
	return m.updateFront(FrontMsg{})
}

func closeScreen(s Screen) {
	if c, ok := s.(closer); ok {
		c.Close()
	}
}

func (m Model) closeAll() {
	for _, s := range m.stack {
		closeScreen(s)
	}
}

// startWalk opens a walk of t in front, or reruns the one there: a rerun
// of the same domain keeps the selection and focus.
func (m Model) startWalk(t target, step probe.StepID) (tea.Model, tea.Cmd) {
	if m.initErr != nil {
		return m, nil
	}
	sel, focus, moved := 0, paneSteps, false
	for _, s := range m.stack {
		if old, ok := s.(walkModel); ok && old.target.ascii == t.ascii {
			sel, focus, moved = old.sel, old.focus, old.moved
		}
	}
	m.runs++
	w := newWalk(m.styles, m.cfg, t, m.runs)
	w.sel, w.focus, w.moved = sel, focus, moved
	if i := slices.Index(probe.StepOrder(), step); i >= 0 {
		w.sel, w.moved = i, true
	}
	start := w.start(m.ctx)
	m.recent = addRecent(m.recent, t.ascii)
	nm, initCmd := m.push(w)
	m = nm.(Model)
	m.eachScreen(func(s Screen) Screen {
		if h, ok := s.(homeModel); ok {
			h.recent = m.recent
			h.input.Blur()
			return h
		}
		return s
	})
	return m, tea.Batch(start, initCmd, saveRecent(m.cfg.RecentPath, m.recent))
}

func (m *Model) restyle() {
	*m.styles = *NewStyles(m.isDark, m.plain)
	m.styles.ASCII = m.ascii
	m.eachScreen(func(s Screen) Screen {
		if r, ok := s.(restyler); ok {
			return r.SetStyles(m.styles)
		}
		return s
	})
}

// View draws the screen in front, cut to the terminal so no line wraps.
func (m Model) View() tea.View {
	content := m.front().View()
	if m.initErr != nil {
		content = m.initErr.Error()
	}
	if m.ascii {
		content = asciiFold(content)
	}
	v := tea.NewView(content)
	v.AltScreen = true
	// Clicks and the wheel: a click selects, the wheel scrolls the pane
	// under the pointer. (Shift-drag still selects text in most
	// terminals; y copies a command whole.)
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "mtasts-doctor"
	return v
}
