package tui

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

type screen int

const (
	screenHome screen = iota
	screenWalk
	screenSimulate
	screenLearn
)

// Messages that open and leave the simulator and learn screens.
type (
	// openSimMsg opens the simulator, prefilled from rep when not nil.
	openSimMsg struct{ rep *probe.Report }
	// openLearnMsg opens the learn screen, at code's explanation when set.
	openLearnMsg struct{ code diag.Code }
	// backMsg leaves the simulator or learn screen for the one before.
	backMsg struct{}
)

// Model is the root of the UI: it holds what every screen shares (size,
// styles, the recent list, the context) and routes messages to the screen
// on top. Screens never quit or start walks themselves; they ask the root
// with a message, because the root owns the context that cancels them.
type Model struct {
	ctx    context.Context
	cfg    Config
	styles *Styles
	isDark bool
	plain  bool

	width, height int
	screen        screen
	home          homeModel
	walk          walkModel
	sim           simModel
	learn         learnModel
	prev          screen // where esc from the simulator or learn goes
	runs          int    // walks started, to tag each walk's messages
	sims          int    // simulators opened, to tag each one's runs
	recent        []string
	initErr       error
}

// New builds the UI. ctx bounds every walk it starts: cancelling it stops
// the probe as quitting does. With cfg.Domain set the walk opens directly.
func New(ctx context.Context, cfg Config) Model {
	m := Model{ctx: ctx, cfg: cfg, isDark: true, plain: cfg.NoColor}
	m.styles = NewStyles(m.isDark, m.plain)
	m.home = newHome(m.styles, cfg)
	m.sim = newSim(m.styles, nil)
	m.learn = newLearn(m.styles)
	if cfg.Runner == nil {
		m.initErr = errors.New("tui: Config.Runner is nil")
	}
	if cfg.Domain != "" {
		t, err := parseInput(cfg.Domain)
		if err != nil {
			m.home.input.SetValue(cfg.Domain)
			m.home.validate()
		} else {
			m.screen = screenWalk
			m.walk = newWalk(m.styles, cfg, t, m.runs)
		}
	}
	return m
}

// Init starts the walk when one was asked for, loads the recent list and
// asks the terminal for its background colour.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, loadRecent(m.cfg.RecentPath)}
	if m.screen == screenWalk {
		return tea.Batch(append(cmds, m.startWalkCmd(m.walk.target))...)
	}
	return tea.Batch(append(cmds, m.home.input.Focus())...)
}

// startWalkCmd asks Update to start a walk; starting itself must happen
// in Update, where the model that keeps the cancel func lives.
func (m Model) startWalkCmd(t target) tea.Cmd {
	return func() tea.Msg { return startWalkMsg{target: t} }
}

// Update handles what every screen shares (size, colours, global keys,
// switching screens) and passes the rest to the screen in front.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.home.setSize(m.width, m.height)
		m.walk.setSize(m.width, m.height)
		m.sim.setSize(m.width, m.height)
		m.learn.setSize(m.width, m.height)
		return m, nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.restyle()
		return m, nil
	case tea.EnvMsg:
		// NO_COLOR: any non-empty value (no-color.org), from the program's
		// environment, which over SSH is the client's.
		if v, ok := msg.LookupEnv("NO_COLOR"); ok && v != "" && !m.plain {
			m.plain = true
			m.restyle()
		}
		return m, nil
	case tea.KeyPressMsg:
		if cmd, handled := m.globalKey(msg); handled {
			return m, cmd
		}
	case startWalkMsg:
		return m.startWalk(msg.target)
	case backHomeMsg:
		m.walk.stop()
		m.screen = screenHome
		return m, m.home.input.Focus()
	case recentLoadedMsg:
		// Walks started before the file was read come first.
		list := msg.domains
		for i := len(m.recent) - 1; i >= 0; i-- {
			list = addRecent(list, m.recent[i])
		}
		m.recent = list
		m.home, _ = m.home.Update(recentLoadedMsg{domains: list})
		return m, nil
	case recentSavedMsg:
		return m, nil // best effort: a read-only home must not stop a check
	case openSimMsg:
		m.leaveTo(screenSimulate)
		m.sims++
		m.sim = newSim(m.styles, msg.rep)
		m.sim.id = m.sims
		m.sim.setSize(m.width, m.height)
		return m, m.sim.init()
	case openLearnMsg:
		m.leaveTo(screenLearn)
		m.learn = newLearn(m.styles)
		m.learn.setSize(m.width, m.height)
		if msg.code != "" {
			m.learn.openCode(msg.code)
		}
		return m, nil
	case backMsg:
		m.screen = m.prev
		if m.screen == screenHome {
			return m, m.home.input.Focus()
		}
		return m, nil
	case simResultMsg, simPopMsg:
		var cmd tea.Cmd
		m.sim, cmd = m.sim.Update(msg)
		return m, cmd
	case walkStartedMsg, walkEventMsg, reportSavedMsg:
		var cmd tea.Cmd
		m.walk, cmd = m.walk.Update(msg)
		return m, cmd
	}
	var cmd tea.Cmd
	switch m.screen {
	case screenWalk:
		m.walk, cmd = m.walk.Update(msg)
	case screenSimulate:
		m.sim, cmd = m.sim.Update(msg)
	case screenLearn:
		m.learn, cmd = m.learn.Update(msg)
	default:
		m.home, cmd = m.home.Update(msg)
	}
	return m, cmd
}

// globalKey handles quitting and reruns, which need the context.
func (m Model) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	s := msg.String()
	switch {
	case s == "ctrl+c":
		m.walk.stop()
		return tea.Quit, true
	case m.screen == screenWalk && key.Matches(msg, m.walk.keys.Rerun):
		return m.startWalkCmd(m.walk.target), true
	case m.screen == screenWalk && s == "q":
		m.walk.stop()
		return tea.Quit, true
	case m.screen == screenHome && s == "q" && m.home.listFocus:
		return tea.Quit, true
	case s == "q" && m.screen == screenSimulate && !m.sim.capturesText(),
		s == "q" && m.screen == screenLearn && !m.learn.capturesText():
		m.walk.stop()
		return tea.Quit, true
	}
	return nil, false
}

// leaveTo opens a screen over the current one; the simulator and learn
// screens return to where they were opened from, never to each other
// (so esc never loops between them).
func (m *Model) leaveTo(s screen) {
	if m.screen == screenHome || m.screen == screenWalk {
		m.prev = m.screen
	}
	if m.screen == screenHome {
		m.home.input.Blur()
	}
	m.screen = s
}

func (m Model) startWalk(t target) (tea.Model, tea.Cmd) {
	if m.initErr != nil {
		return m, nil
	}
	m.walk.stop()
	sel, focus := 0, paneSteps
	if m.screen == screenWalk && m.walk.target.ascii == t.ascii {
		sel, focus = m.walk.sel, m.walk.focus // a rerun keeps the place
	}
	m.runs++
	m.walk = newWalk(m.styles, m.cfg, t, m.runs)
	m.walk.sel, m.walk.focus = sel, focus
	m.walk.setSize(m.width, m.height)
	m.screen = screenWalk
	m.recent = addRecent(m.recent, t.ascii)
	m.home.recent = m.recent
	start := m.walk.start(m.ctx)
	return m, tea.Batch(start, saveRecent(m.cfg.RecentPath, m.recent))
}

func (m *Model) restyle() {
	*m.styles = *NewStyles(m.isDark, m.plain)
	m.home.setStyles(m.styles)
	m.walk.setStyles(m.styles)
	m.sim.setStyles(m.styles)
	m.learn.setStyles(m.styles)
}

// View draws the screen on top, cut to the terminal so no line wraps.
func (m Model) View() tea.View {
	var content string
	switch m.screen {
	case screenWalk:
		content = m.walk.View()
	case screenSimulate:
		content = m.sim.View()
	case screenLearn:
		content = m.learn.View()
	default:
		content = m.home.View()
	}
	if m.initErr != nil {
		content = m.initErr.Error()
	}
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = "mtasts-doctor"
	return v
}
