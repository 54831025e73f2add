package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// pane is which half of the walk screen has the keyboard.
type pane int

const (
	paneSteps pane = iota
	paneDetail
)

// walkModel is the live discovery walk of one domain.
type walkModel struct {
	st     *Styles
	keys   walkKeys
	help   help.Model
	runner Runner
	now    func() time.Time
	saveTo string
	remote bool // Config.Remote: "s" copies instead of saving
	// history opens the domain's recorded walks (H); nil: not recorded.
	history HistorySource

	target target
	// run tags every message of one walk; a rerun bumps it so events of a
	// cancelled walk still in flight are dropped.
	run    int
	cancel context.CancelFunc

	steps   []probe.Step // protocol order
	report  *probe.Report
	running bool
	clock   time.Time
	status  string

	sel   int
	focus pane
	// moved is set once the user picks a step: the end of the walk then
	// leaves the selection where they put it.
	moved     bool
	cmdSel    int   // the selected "see it yourself" command of the step
	cmdStarts []int // the detail line each command starts on
	// json holds the report's JSON lines while "s" shows them in the
	// detail pane (Remote); selecting a step brings the detail back.
	json []string
	vp   viewport.Model
	spin spinner.Model

	width, height int
}

// Messages of a walk, each tagged with its run.
type (
	walkStartedMsg struct {
		run int
		ch  <-chan probe.Event
		ctx context.Context
	}
	walkEventMsg struct {
		run    int
		ev     probe.Event
		closed bool
		ch     <-chan probe.Event
		ctx    context.Context
	}
	reportSavedMsg struct {
		path string
		err  error
	}
)

func newWalk(st *Styles, cfg Config, t target, run int) walkModel {
	steps := make([]probe.Step, 0, len(probe.StepOrder()))
	for _, id := range probe.StepOrder() {
		steps = append(steps, probe.Step{ID: id, Status: probe.StatusPending})
	}
	keys := newWalkKeys()
	if cfg.Remote {
		keys.Save.SetHelp("s", "copy JSON")
	}
	w := walkModel{
		st:      st,
		keys:    keys,
		help:    help.New(),
		runner:  cfg.Runner,
		now:     cfg.now,
		saveTo:  cfg.SaveDir,
		remote:  cfg.Remote,
		history: cfg.History,
		target:  t,
		run:     run,
		steps:   steps,
		vp:      viewport.New(),
		spin:    spinner.New(spinner.WithSpinner(spinner.MiniDot)),
	}
	w.help.Styles = st.Help
	if st.ASCII {
		w.spin.Spinner = spinner.Line
	}
	return w
}

// start begins the walk: the runner is called inside a command, and each
// event is read by a command of its own, so Update never waits on the
// probe.
func (w *walkModel) start(parent context.Context) tea.Cmd {
	ctx, cancel := context.WithCancel(parent)
	w.cancel = cancel
	w.running = true
	w.clock = w.now()
	run, runner, domain := w.run, w.runner, w.target.ascii
	startCmd := func() tea.Msg {
		return walkStartedMsg{run: run, ch: runner(ctx, domain), ctx: ctx}
	}
	return tea.Batch(startCmd, w.spin.Tick)
}

// stop cancels the walk at once; the probe's goroutines see the context
// and the pending read command returns.
func (w *walkModel) stop() {
	if w.cancel != nil {
		w.cancel()
	}
	w.running = false
}

// next reads one event. It also watches ctx so that, once the walk is
// cancelled, the command returns even if the runner never closes its
// channel.
func next(run int, ctx context.Context, ch <-chan probe.Event) tea.Cmd {
	return func() tea.Msg {
		select {
		case ev, ok := <-ch:
			return walkEventMsg{run: run, ev: ev, closed: !ok, ch: ch, ctx: ctx}
		case <-ctx.Done():
			return nil
		}
	}
}

// Init does nothing: the root starts the walk, since it owns the context.
func (w walkModel) Init() tea.Cmd { return nil }

// Update is the Screen's; update keeps the concrete type for the walk's
// own use.
func (w walkModel) Update(msg tea.Msg) (Screen, tea.Cmd) { return w.update(msg) }

// KeyMap is the keys of the pane with the keyboard.
func (w walkModel) KeyMap() help.KeyMap { return w.keys.forFocus(w.focus, w.report != nil) }

// Close cancels the walk when it leaves the stack or the program quits.
func (w walkModel) Close() { w.stop() }

func (w walkModel) update(msg tea.Msg) (walkModel, tea.Cmd) {
	switch msg := msg.(type) {
	case walkStartedMsg:
		if msg.run != w.run {
			return w, nil
		}
		return w, next(msg.run, msg.ctx, msg.ch)
	case walkEventMsg:
		if msg.run != w.run {
			return w, nil
		}
		return w.onEvent(msg)
	case spinner.TickMsg:
		if !w.running {
			return w, nil // the walk is over: let the tick loop end
		}
		var cmd tea.Cmd
		w.spin, cmd = w.spin.Update(msg)
		w.clock = w.now()
		w.refresh(false)
		return w, cmd
	case reportSavedMsg:
		if msg.err != nil {
			w.status = "could not save the report: " + clean(msg.err.Error())
		} else {
			w.status = "report saved to " + clean(msg.path)
		}
		return w, nil
	case tea.KeyPressMsg:
		return w.onKey(msg)
	case tea.MouseMsg:
		return w.onMouse(msg)
	}
	return w, nil
}

func (w walkModel) onEvent(msg walkEventMsg) (walkModel, tea.Cmd) {
	w.clock = w.now()
	if msg.closed {
		w.running = false
		if w.report == nil {
			for i := range w.steps {
				if !w.steps[i].Status.Done() {
					w.steps[i].Status = probe.StatusError
					w.steps[i].Summary = "the walk ended before this step finished"
				}
			}
		}
		w.landOnProblem()
		w.layout()
		return w, nil
	}
	if rep := msg.ev.Report; rep != nil {
		// The Report is the walk's last word; the channel closes next.
		w.report = rep
		w.running = false
		for _, s := range rep.Steps {
			w.setStep(s)
		}
		w.landOnProblem()
	} else {
		w.setStep(msg.ev.Step)
	}
	w.layout() // the verdict may have grown
	return w, next(msg.run, msg.ctx, msg.ch)
}

// setStep stores a snapshot in its protocol slot; an unknown ID is
// appended so nothing the probe says is lost.
func (w *walkModel) setStep(s probe.Step) {
	for i := range w.steps {
		if w.steps[i].ID == s.ID {
			w.steps[i] = s
			return
		}
	}
	if s.ID != "" {
		w.steps = append(w.steps, s)
	}
}

func (w walkModel) onKey(msg tea.KeyPressMsg) (walkModel, tea.Cmd) {
	k := w.keys
	switch {
	case key.Matches(msg, k.Tab):
		if w.focus == paneSteps {
			w.focus = paneDetail
		} else {
			w.focus = paneSteps
		}
		return w, nil
	case key.Matches(msg, k.Back):
		if w.focus == paneDetail {
			w.focus = paneSteps
			return w, nil
		}
		return w, Back
	case key.Matches(msg, k.Rerun):
		return w, startWalkCmd(w.target) // the root starts walks: it holds the context
	case key.Matches(msg, k.Simulate):
		if w.report == nil {
			w.status = "the walk has not finished: the simulator starts from its report"
			return w, nil
		}
		rep := w.report
		return w, func() tea.Msg { return openSimMsg{rep: rep} }
	case key.Matches(msg, k.Learn):
		// The selected step's first explained diagnostic, if any.
		var code diag.Code
		if len(w.steps) > 0 {
			for _, d := range w.steps[w.sel].Diagnostics {
				if _, ok := assets.Explain(d.Code); ok {
					code = d.Code
					break
				}
			}
		}
		return w, func() tea.Msg { return openLearnMsg{code: code} }
	case key.Matches(msg, k.Save):
		if w.report == nil {
			w.status = "the walk has not finished: nothing to save yet"
			return w, nil
		}
		if w.remote {
			return w.copyReport()
		}
		w.status = "saving…"
		return w, saveReport(w.saveTo, w.report, w.now())
	case key.Matches(msg, k.History):
		if w.history == nil {
			w.status = "no history: walks are not recorded here (--no-history, or the history could not be opened)"
			return w, nil
		}
		return w, Push(newHistory(w.st, w.history, w.target.ascii))
	case key.Matches(msg, k.NextProblem):
		w.jumpProblem(1)
		return w, nil
	case key.Matches(msg, k.PrevProblem):
		w.jumpProblem(-1)
		return w, nil
	case key.Matches(msg, k.Copy):
		return w.copyCommand()
	case key.Matches(msg, k.CopyEvidence):
		return w.copyEvidence()
	case key.Matches(msg, k.NextCommand):
		w.nextCommand()
		return w, nil
	}
	if w.focus == paneSteps {
		switch {
		case key.Matches(msg, k.Up):
			w.userSelect(w.sel - 1)
			return w, nil
		case key.Matches(msg, k.Down):
			w.userSelect(w.sel + 1)
			return w, nil
		case key.Matches(msg, k.First):
			w.userSelect(0)
			return w, nil
		case key.Matches(msg, k.Last):
			w.userSelect(len(w.steps) - 1)
			return w, nil
		case key.Matches(msg, k.Left):
			w.column(-1)
			return w, nil
		case key.Matches(msg, k.Right):
			w.column(1)
			return w, nil
		case key.Matches(msg, k.Enter):
			w.focus = paneDetail
			return w, nil
		}
	} else {
		switch {
		case key.Matches(msg, k.First):
			w.vp.GotoTop()
			return w, nil
		case key.Matches(msg, k.Last):
			w.vp.GotoBottom()
			return w, nil
		case key.Matches(msg, k.Left):
			w.focus = paneSteps
			return w, nil
		}
	}
	// Everything else scrolls the detail (pgup/pgdown work from either
	// pane; j/k and arrows when the detail has focus).
	var cmd tea.Cmd
	w.vp, cmd = w.vp.Update(msg)
	return w, cmd
}

// userSelect is a selection the user made: from then on the end of the
// walk no longer moves it to the first problem.
func (w *walkModel) userSelect(i int) {
	w.moved = true
	w.selectStep(i)
}

// column moves between the two columns of the stacked layout's step grid;
// with one column, → opens the detail as tab does.
func (w *walkModel) column(dir int) {
	g := w.geom()
	if g.mode == modeStacked && g.stepRows < len(w.steps) {
		if i := w.sel + dir*g.stepRows; i >= 0 && i < len(w.steps) {
			w.userSelect(i)
		}
		return
	}
	if dir > 0 {
		w.focus = paneDetail
	}
}

func (w *walkModel) selectStep(i int) {
	if i < 0 || i >= len(w.steps) || i == w.sel {
		return
	}
	w.sel, w.cmdSel = i, 0
	w.json = nil
	w.refresh(true)
}

// SetSize is the Screen's.
func (w walkModel) SetSize(width, height int) Screen {
	w.width, w.height = width, height
	w.layout()
	return w
}

// SetStyles is the restyler's.
func (w walkModel) SetStyles(st *Styles) Screen {
	w.st = st
	if st.ASCII {
		// Frames a vt100 can draw; the field, not a new spinner, so the
		// running tick loop (tagged with the spinner's ID) goes on.
		w.spin.Spinner = spinner.Line
	}
	w.help.Styles = st.Help
	w.refresh(false)
	return w
}

// refresh re-renders the selected step into the viewport; top resets the
// scroll position (a new step was selected).
func (w *walkModel) refresh(top bool) {
	if len(w.steps) == 0 {
		return // no walk yet
	}
	if w.json != nil {
		w.vp.SetContentLines(w.json)
		if top {
			w.vp.GotoTop()
		}
		return
	}
	s := w.steps[w.sel]
	var verdict []string
	if s.ID == probe.StepVerdict && w.report != nil {
		verdict = verdictText(w.report, false)
	}
	lines, starts := stepDetail(w.st, w.target.ascii, s, w.clock, max(w.vp.Width(), 20), verdict, w.cmdSel)
	w.cmdStarts = starts
	w.vp.SetContentLines(lines)
	if top {
		w.vp.GotoTop()
	}
}

// Name is what ? shows above the keys.
func (w walkModel) Name() string {
	if w.focus == paneDetail {
		return "the walk, detail pane"
	}
	return "the walk, steps pane"
}
