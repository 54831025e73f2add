package tui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/history"
)

// HistorySource reads the recorded walks of a domain (*history.Store is
// one). Config.History nil hides the history screen.
type HistorySource interface {
	Walks(ctx context.Context, domain string, limit int) ([]history.Walk, error)
	Report(ctx context.Context, id int64) (*probe.Report, error)
}

// historyLimit is how many of a domain's newest walks the screen loads.
const historyLimit = 500

// historyMode is what the history screen shows.
type historyMode int

const (
	historyList   historyMode = iota // the timeline of walks
	historyReport                    // one past report
	historyDiff                      // two walks side by side
)

// historyModel is the history screen: a domain's walks as a timeline with
// what changed at each, a past report reopened, or two walks compared.
type historyModel struct {
	st     *Styles
	keys   historyKeys
	help   help.Model
	src    HistorySource
	domain string

	walks  []history.Walk
	marks  [][]string // history.* codes found at each walk
	err    error
	loaded bool

	mode   historyMode
	sel    int
	marked int // the walk "d" marked for a diff; -1 none
	// lines is the report or diff being read, top the first one shown.
	lines  []string
	top    int
	status string
	// wanted tags the report load in flight: a late answer for another
	// walk is dropped.
	wanted int64

	width, height int
}

type (
	historyLoadedMsg struct {
		domain string
		walks  []history.Walk
		err    error
	}
	historyReportMsg struct {
		id  int64
		rep *probe.Report
		err error
	}
)

// historyKeys are the history screen's bindings.
type historyKeys struct {
	navKeys
	Diff key.Binding
}

func newHistoryKeys() historyKeys {
	n := newNavKeys()
	n.Enter.SetHelp("enter", "open report")
	return historyKeys{navKeys: n,
		Diff: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "mark/diff two walks"))}
}

func (k historyKeys) forMode(m historyMode) keyMap {
	move := key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "walk"))
	if m != historyList {
		move.SetHelp("↑/↓", "scroll")
		return keyMap{short: []key.Binding{move, k.Back}, full: [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.First, k.Last}, {k.Back}}}
	}
	return keyMap{short: []key.Binding{move, k.Enter, k.Diff, k.Back},
		full: [][]key.Binding{{k.Up, k.Down, k.First, k.Last}, {k.Enter, k.Diff, k.Back}}}
}

// newHistory is the history screen of domain, reading from src.
func newHistory(st *Styles, src HistorySource, domain string) historyModel {
	h := historyModel{st: st, keys: newHistoryKeys(), help: help.New(), src: src, domain: domain, marked: -1}
	h.help.Styles = st.Help
	return h
}

func (h historyModel) Init() tea.Cmd {
	src, domain := h.src, h.domain
	return func() tea.Msg {
		walks, err := src.Walks(context.Background(), domain, historyLimit)
		return historyLoadedMsg{domain: domain, walks: walks, err: err}
	}
}

func (h historyModel) Name() string { return "history of " + h.domain }

func (h historyModel) KeyMap() help.KeyMap { return h.keys.forMode(h.mode) }

func (h historyModel) SetSize(w, ht int) Screen {
	h.width, h.height = w, ht
	return h
}

func (h historyModel) SetStyles(st *Styles) Screen {
	h.st = st
	h.help.Styles = st.Help
	return h
}

func (h historyModel) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case historyLoadedMsg:
		if msg.domain != h.domain {
			return h, nil
		}
		h.walks, h.err, h.loaded = msg.walks, msg.err, true
		h.marks = make([][]string, len(h.walks))
		for i := range h.walks {
			for _, d := range history.Drift(h.walks[:i+1]) {
				h.marks[i] = append(h.marks[i], string(d.Code))
			}
		}
		h.sel = max(len(h.walks)-1, 0)
		return h, nil
	case historyReportMsg:
		if msg.id != h.wanted || h.mode != historyList {
			return h, nil
		}
		if msg.err != nil {
			h.status = "cannot reopen that walk: " + clean(msg.err.Error())
			return h, nil
		}
		h.mode, h.top = historyReport, 0
		h.lines = h.reportLines(msg.rep)
		return h, nil
	case tea.KeyPressMsg:
		return h.onKey(msg)
	}
	return h, nil
}

func (h historyModel) onKey(msg tea.KeyPressMsg) (Screen, tea.Cmd) {
	k := h.keys
	if h.mode != historyList {
		page := max(h.height-4, 1)
		switch {
		case key.Matches(msg, k.Back):
			h.mode, h.lines = historyList, nil
		case key.Matches(msg, k.Up):
			h.top--
		case key.Matches(msg, k.Down):
			h.top++
		case key.Matches(msg, k.PageUp):
			h.top -= page
		case key.Matches(msg, k.PageDown):
			h.top += page
		case key.Matches(msg, k.First):
			h.top = 0
		case key.Matches(msg, k.Last):
			h.top = len(h.lines)
		}
		h.top = max(0, min(h.top, len(h.lines)-page))
		return h, nil
	}
	h.status = ""
	switch {
	case key.Matches(msg, k.Back):
		if h.marked >= 0 {
			h.marked = -1
			return h, nil
		}
		return h, Back
	case key.Matches(msg, k.Up):
		h.sel = max(h.sel-1, 0)
	case key.Matches(msg, k.Down):
		h.sel = max(min(h.sel+1, len(h.walks)-1), 0)
	case key.Matches(msg, k.First):
		h.sel = 0
	case key.Matches(msg, k.Last):
		h.sel = max(len(h.walks)-1, 0)
	case key.Matches(msg, k.Enter):
		if len(h.walks) == 0 {
			return h, nil
		}
		id, src := h.walks[h.sel].ID, h.src
		h.wanted = id
		h.status = "opening the report…"
		return h, func() tea.Msg {
			rep, err := src.Report(context.Background(), id)
			return historyReportMsg{id: id, rep: rep, err: err}
		}
	case key.Matches(msg, k.Diff):
		switch {
		case len(h.walks) < 2:
			h.status = "one walk: nothing to compare yet"
		case h.marked < 0 || h.marked == h.sel:
			h.marked = h.sel
			h.status = fmt.Sprintf("walk %d marked: select another and press d to compare (esc unmarks)", h.walks[h.sel].ID)
		default:
			a, b := h.walks[min(h.marked, h.sel)], h.walks[max(h.marked, h.sel)]
			h.mode, h.top, h.marked = historyDiff, 0, -1
			h.lines = diffWalks(a, b)
		}
	}
	return h, nil
}
