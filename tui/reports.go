package tui

import (
	"cmp"
	"slices"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe/reports"
)

// The reports screen: what senders reported about one policy domain at a
// time — failures per day as a bar stacked by result type, the MX hosts and
// organisations with the most failures — and, per result type, the walk
// step that explains it (enter walks the domain and opens that step).

type reportsModel struct {
	st   *Styles
	keys reportsKeys
	help help.Model
	data *ReportsData

	domains []string // policy domains with any session, failing first
	dom     int
	sel     int // the selected row of results()
	width   int
	height  int
}

type reportsKeys struct {
	navKeys
}

func (k reportsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Move(), k.Columns(), k.Enter, k.Back, k.Quit(), k.HelpKey()}
}

func (k reportsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Left, k.Right, k.First, k.Last, k.Enter, k.Back, k.Learn}}
}

// Columns is the footer's entry for ← and → (the domain).
func (reportsKeys) Columns() key.Binding {
	return key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "domain"))
}

func newReports(st *Styles, data *ReportsData) reportsModel {
	n := newNavKeys()
	n.Enter.SetHelp("enter", "walk to the step that explains it")
	m := reportsModel{st: st, keys: reportsKeys{n}, help: help.New(), data: data}
	m.help.Styles = st.Help
	totals := slices.Clone(data.Agg.Domains)
	slices.SortStableFunc(totals, func(a, b reports.DomainTotal) int { return cmp.Compare(b.Failed, a.Failed) })
	for _, d := range totals {
		m.domains = append(m.domains, d.Domain)
	}
	return m
}

func (m reportsModel) Name() string { return "the reports" }

func (m reportsModel) Init() tea.Cmd { return nil }

func (m reportsModel) KeyMap() help.KeyMap { return m.keys }

func (m reportsModel) SetSize(w, h int) Screen {
	m.width, m.height = w, h
	return m
}

// SetStyles is the restyler's.
func (m reportsModel) SetStyles(st *Styles) Screen {
	m.st = st
	m.help.Styles = st.Help
	return m
}

func (m reportsModel) domain() string {
	if m.dom < len(m.domains) {
		return m.domains[m.dom]
	}
	return ""
}

// resultRow is one result type (and MX, for MX failures) of the domain.
type resultRow struct {
	link reports.Link
	// details are the failure-details records behind it, newest report first.
	details []detail
}

type detail struct {
	org, day string
	f        reports.Failure
}

// results groups the domain's failures as Correlate does, with the
// records behind each for the detail pane.
func (m reportsModel) results() []resultRow {
	d := m.domain()
	links := m.data.Links
	if len(links) == 0 {
		links = reports.Correlate(m.data.Agg, nil)
	}
	var rows []resultRow
	for _, l := range links {
		if l.Domain == d {
			rows = append(rows, resultRow{link: l})
		}
	}
	if m.data.Set == nil {
		return rows
	}
	for _, r := range m.data.Set.Reports {
		for _, p := range r.Policies {
			if p.Domain != d {
				continue
			}
			for _, f := range p.Failures {
				for i := range rows {
					l := rows[i].link
					if l.ResultType == f.ResultType && (l.ReceivingMX == "" || l.ReceivingMX == f.ReceivingMX) && len(rows[i].details) < 50 {
						rows[i].details = append(rows[i].details, detail{org: r.Organization, day: reports.Day(r.Start), f: f})
					}
				}
			}
		}
	}
	return rows
}

func (m reportsModel) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if mm, ok := msg.(tea.MouseMsg); ok {
		return m.onMouse(mm)
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	rows := m.results()
	switch {
	case key.Matches(k, m.keys.Back):
		return m, Back
	case key.Matches(k, m.keys.Learn):
		return m, func() tea.Msg { return openLearnMsg{} }
	case key.Matches(k, m.keys.Left):
		if m.dom > 0 {
			m.dom, m.sel = m.dom-1, 0
		}
	case key.Matches(k, m.keys.Right):
		if m.dom+1 < len(m.domains) {
			m.dom, m.sel = m.dom+1, 0
		}
	case key.Matches(k, m.keys.Up):
		m.sel = max(0, m.sel-1)
	case key.Matches(k, m.keys.Down):
		m.sel = max(0, min(len(rows)-1, m.sel+1))
	case key.Matches(k, m.keys.First):
		m.sel = 0
	case key.Matches(k, m.keys.Last):
		m.sel = max(0, len(rows)-1)
	case key.Matches(k, m.keys.Enter):
		if m.sel >= len(rows) {
			return m, nil
		}
		t, err := parseInput(m.domain())
		if err != nil {
			return m, nil
		}
		step := rows[m.sel].link.Step
		return m, func() tea.Msg { return startWalkMsg{target: t, step: step} }
	}
	return m, nil
}
