package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// homeModel is the start screen: a domain input validated as you type,
// and below it the recent domains or, in lab mode, the scenario picker.
//
// Two panes share the keyboard: the input (letters are typed) and the
// list (letters are keys: ? help, q quit, / filter). esc on an empty
// input and tab move to the list; the footer and the line under the input
// always say which has it and what enter will do.
type homeModel struct {
	st        *Styles
	keys      homeKeys
	help      help.Model
	input     textinput.Model
	parsed    target
	err       error
	recent    []string
	scenarios []Scenario
	// sandbox: enter on the sandbox's name opens the sandbox screen.
	sandbox bool
	// history opens the selected domain's recorded walks (H); nil: none.
	history   HistorySource
	sel       int // index into shown()
	listFocus bool

	// The list filter: / starts it, every key narrows the list.
	filter    textinput.Model
	filtering bool

	width, height int
}

// startWalkMsg asks the root to walk a domain.
// startWalkMsg asks the root to walk target; a step, when set, is
// selected instead of the first problem (the reports screen opens the step
// that explains a reported failure).
type startWalkMsg struct {
	target target
	step   probe.StepID
}

func newHome(st *Styles, cfg Config) homeModel {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "example.com, an email address or a URL"
	in.CharLimit = 320
	in.Focus()
	f := textinput.New()
	f.Prompt = "/"
	f.Placeholder = "type to filter"
	f.CharLimit = 64
	h := homeModel{
		st:        st,
		keys:      newHomeKeys(),
		help:      help.New(),
		input:     in,
		filter:    f,
		scenarios: cfg.Scenarios,
		sandbox:   cfg.Sandbox != nil,
		history:   cfg.History,
	}
	h.applyStyles(st)
	return h
}

// SetStyles is the restyler's.
func (h homeModel) SetStyles(st *Styles) Screen {
	h.applyStyles(st)
	return h
}

func (h *homeModel) applyStyles(st *Styles) {
	h.st = st
	h.help.Styles = st.Help
	for _, in := range []*textinput.Model{&h.input, &h.filter} {
		is := in.Styles()
		is.Focused.Prompt = st.Key
		is.Blurred.Prompt = st.Muted
		is.Focused.Placeholder = st.Muted
		is.Blurred.Placeholder = st.Muted
		in.SetStyles(is)
	}
}

// SetSize is the Screen's.
func (h homeModel) SetSize(width, height int) Screen {
	h.width, h.height = width, height
	h.help.SetWidth(width)
	h.input.SetWidth(max(width-4, 10))
	h.filter.SetWidth(max(width-4, 10))
	return h
}

// Init focuses the input.
func (h homeModel) Init() tea.Cmd { return h.input.Focus() }

// CapturesText: letters are typed while the input or the filter has the
// keyboard.
func (h homeModel) CapturesText() bool { return !h.listFocus || h.filtering }

// KeyMap is the keys as they stand.
func (h homeModel) KeyMap() help.KeyMap {
	return h.keys.forState(h.input.Value() != "", h.listFocus, h.filtering, len(h.shown()) > 0)
}

// homeItem is one entry of the list.
type homeItem struct {
	name, title, story string
}

// items are what the list offers: scenario domains in lab mode, else
// recent domains.
func (h homeModel) items() []homeItem {
	if len(h.scenarios) > 0 {
		out := make([]homeItem, len(h.scenarios))
		for i, s := range h.scenarios {
			out[i] = homeItem{name: s.Name, title: s.Title, story: s.Story}
		}
		return out
	}
	out := make([]homeItem, len(h.recent))
	for i, d := range h.recent {
		out[i] = homeItem{name: d}
	}
	return out
}

// shown are the items the filter lets through, in order: every word of
// the filter must appear in the name or the title.
func (h homeModel) shown() []homeItem {
	all := h.items()
	words := strings.Fields(strings.ToLower(h.filter.Value()))
	if len(words) == 0 {
		return all
	}
	var out []homeItem
	for _, it := range all {
		hay := strings.ToLower(it.name + " " + it.title)
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(hay, w)
		}
		if ok {
			out = append(out, it)
		}
	}
	return out
}

// selected is the list item enter would check, if any.
func (h homeModel) selected() (homeItem, bool) {
	items := h.shown()
	if h.sel < len(items) {
		return items[h.sel], true
	}
	return homeItem{}, false
}

// enterChecksList reports whether enter checks the list's item rather
// than what is typed: with the list focused, or with an empty input.
func (h homeModel) enterChecksList() bool {
	return h.listFocus || strings.TrimSpace(h.input.Value()) == ""
}

// Update is the Screen's.
func (h homeModel) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case recentLoadedMsg:
		h.recent = msg.domains
		h.sel = min(h.sel, max(len(h.shown())-1, 0))
		return h, nil
	case FrontMsg:
		if !h.listFocus {
			return h, h.input.Focus()
		}
		return h, nil
	case tea.KeyPressMsg:
		if h.filtering {
			return h.onFilterKey(msg)
		}
		if h.listFocus {
			return h.onListKey(msg)
		}
		return h.onInputKey(msg)
	case tea.MouseMsg:
		return h.onMouse(msg)
	case tea.PasteMsg:
		if h.filtering {
			return h.typeFilter(msg)
		}
		if h.listFocus {
			h.listFocus = false
			h.input.Focus()
		}
		var cmd tea.Cmd
		h.input, cmd = h.input.Update(msg)
		h.validate()
		return h, cmd
	}
	var cmd tea.Cmd
	h.input, cmd = h.input.Update(msg) // cursor blinks
	return h, cmd
}

func (h homeModel) checkItem() (Screen, tea.Cmd) {
	it, ok := h.selected()
	if !ok {
		return h, nil
	}
	t, err := parseInput(it.name)
	if err != nil {
		return h, nil
	}
	return h, h.open(t)
}

// open walks t, or opens the sandbox screen for the sandbox's name.
func (h homeModel) open(t target) tea.Cmd {
	if h.sandbox && t.ascii == probetest.SandboxDomain {
		return func() tea.Msg { return openSandboxMsg{} }
	}
	return func() tea.Msg { return startWalkMsg{target: t} }
}

func (h homeModel) onInputKey(msg tea.KeyPressMsg) (Screen, tea.Cmd) {
	k := h.keys
	switch {
	case key.Matches(msg, k.Clear):
		if h.input.Value() != "" {
			h.input.SetValue("")
			h.validate()
			return h, nil
		}
		// esc on an empty input leaves it: letters become keys.
		return h.focusList(), nil
	case key.Matches(msg, k.Tab):
		return h.focusList(), nil
	case msg.String() == "up":
		h.moveSel(-1)
		return h, nil
	case msg.String() == "down":
		h.moveSel(1)
		return h, nil
	case key.Matches(msg, k.Enter):
		if !h.enterChecksList() {
			if h.err != nil {
				return h, nil // the inline error already says why
			}
			return h, h.open(h.parsed)
		}
		return h.checkItem()
	}
	var cmd tea.Cmd
	h.input, cmd = h.input.Update(msg)
	h.validate()
	return h, cmd
}

func (h homeModel) focusList() homeModel {
	h.listFocus = true
	h.input.Blur()
	return h
}

func (h homeModel) onListKey(msg tea.KeyPressMsg) (Screen, tea.Cmd) {
	k := h.keys
	page := max(h.listRoom()-1, 1)
	switch {
	case key.Matches(msg, k.Simulate):
		return h, func() tea.Msg { return openSimMsg{} }
	case key.Matches(msg, k.Learn):
		return h, func() tea.Msg { return openLearnMsg{} }
	case key.Matches(msg, k.History) && h.history != nil:
		if it, ok := h.selected(); ok {
			if t, err := parseInput(it.name); err == nil {
				return h, Push(newHistory(h.st, h.history, t.ascii))
			}
		}
		return h, nil
	case key.Matches(msg, k.Back), key.Matches(msg, k.Tab):
		h.listFocus = false
		return h, h.input.Focus()
	case key.Matches(msg, k.Up):
		h.moveSel(-1)
	case key.Matches(msg, k.Down):
		h.moveSel(1)
	case key.Matches(msg, k.PageUp):
		h.moveSel(-page)
	case key.Matches(msg, k.PageDown):
		h.moveSel(page)
	case key.Matches(msg, k.First):
		h.sel = 0
	case key.Matches(msg, k.Last):
		h.sel = max(len(h.shown())-1, 0)
	case key.Matches(msg, k.Filter):
		if len(h.items()) == 0 {
			return h, nil
		}
		h.filtering = true
		return h, h.filter.Focus()
	case key.Matches(msg, k.Enter):
		return h.checkItem()
	case len(msg.Text) > 0:
		// A letter with no meaning here starts typing a domain.
		h.listFocus = false
		h.input.Focus()
		return h.onInputKey(msg)
	}
	return h, nil
}

func (h *homeModel) moveSel(d int) {
	h.sel = min(max(h.sel+d, 0), max(len(h.shown())-1, 0))
}

func (h homeModel) onFilterKey(msg tea.KeyPressMsg) (Screen, tea.Cmd) {
	switch msg.String() {
	case "esc":
		// esc drops the filter; the selection stays on the same item.
		cur, _ := h.selected()
		h.filtering = false
		h.filter.SetValue("")
		h.filter.Blur()
		for i, it := range h.shown() {
			if it.name == cur.name {
				h.sel = i
			}
		}
		return h, nil
	case "enter":
		return h.checkItem()
	case "up":
		h.moveSel(-1)
		return h, nil
	case "down":
		h.moveSel(1)
		return h, nil
	case "pgup":
		h.moveSel(-max(h.listRoom()-1, 1))
		return h, nil
	case "pgdown":
		h.moveSel(max(h.listRoom()-1, 1))
		return h, nil
	}
	return h.typeFilter(msg)
}

func (h homeModel) typeFilter(msg tea.Msg) (Screen, tea.Cmd) {
	var cmd tea.Cmd
	h.filter, cmd = h.filter.Update(msg)
	h.sel = 0
	return h, cmd
}

// validate re-reads the input after every change, so the note or error
// under it is always current.
func (h *homeModel) validate() {
	if strings.TrimSpace(h.input.Value()) == "" {
		h.parsed, h.err = target{}, nil
		return
	}
	h.parsed, h.err = parseInput(h.input.Value())
}

func (h homeModel) dims() (int, int) {
	width, height := h.width, h.height
	if width <= 0 {
		width = 80
	}
	if height <= 0 {
		height = 24
	}
	return width, height
}

// homeGeom is home's layout, decided in one place for View, paging and
// the mouse.
type homeGeom struct {
	width, height int
	top           []string // title, input, hint, list heading
	footer        []string
	listTop       int // the line of the first list row
	listRoom      int // list rows
	start         int // the first item shown
	more          bool
}

func (h homeModel) listRoom() int { return h.geom().listRoom }

func (h homeModel) geom() homeGeom {
	width, height := h.dims()
	g := homeGeom{width: width, height: height, top: h.topLines(width)}
	g.footer = strings.Split(wrappedShortHelp(h.help, h.KeyMap().ShortHelp(), width, 2), "\n")
	room := height - len(g.top) - len(g.footer) - 1
	listRoom := room
	if len(h.scenarios) > 0 {
		// The selected scenario's story is read whole; the list gets the
		// rest, but never fewer than three rows while there is room. The
		// longest story sets the budget, so the list does not jump as the
		// selection moves.
		longest := 0
		for _, sc := range h.scenarios {
			if text := clean(sc.Story); text != "" {
				longest = max(longest, 1+len(wrap(text, width, 0)))
			}
		}
		listRoom = max(room-longest, min(3, room), 1)
	}
	// A list longer than its room says how much more there is, on a line
	// of its own: 7 of 45 scenarios must not look like all of them.
	n := len(h.shown())
	g.more = n > listRoom && listRoom > 1
	if g.more {
		listRoom--
	}
	g.listRoom = max(listRoom, 1)
	if h.sel >= g.listRoom {
		g.start = h.sel - g.listRoom + 1
	}
	g.listTop = len(g.top)
	return g
}

// topLines are title, input, the line that says what enter does, and
// the list's heading (with the filter when one is typed).
func (h homeModel) topLines(width int) []string {
	st := h.st
	var b []string
	b = append(b, titleLine(st.Title.Render("mtasts-doctor"), width,
		st.Muted.Render(" · MTA-STS and TLS-RPT as a sending MTA sees them"),
		st.Muted.Render(" · MTA-STS and TLS-RPT")), "")
	heading := "Domain to check"
	if !h.listFocus {
		heading = "▸ " + heading // focus without colour: a marker and the underline
		b = append(b, st.Focused.Render(heading))
	} else {
		b = append(b, st.Heading.Render("  "+heading))
	}
	b = append(b, h.input.View())
	b = append(b, h.hint(width)...)
	b = append(b, "")
	n := len(h.shown())
	count := fmt.Sprintf(" %d/%d", min(h.sel+1, n), n)
	if h.filter.Value() != "" || h.filtering {
		count = fmt.Sprintf(" %d/%d of %d", min(h.sel+1, n), n, len(h.items()))
	}
	switch {
	case len(h.scenarios) > 0:
		b = append(b, titleLine(h.heading("Lab scenarios"), width,
			st.Muted.Render(count+" · a fake Internet on loopback, no network needed"),
			st.Muted.Render(count+" · a fake Internet on loopback"),
			st.Muted.Render(count)))
	case len(h.recent) > 0:
		b = append(b, truncate(h.heading("Recent domains")+st.Muted.Render(count), width))
	case h.listFocus:
		b = append(b, truncate(h.heading("Recent domains")+st.Muted.Render(" none yet: tab or esc to type a domain"), width))
	}
	if h.filtering || h.filter.Value() != "" {
		b = append(b, truncate(h.filter.View(), width))
	}
	return b
}

// hint is the line under the input: it always names what enter does now.
func (h homeModel) hint(width int) []string {
	st := h.st
	it, hasItem := h.selected()
	switch {
	case h.enterChecksList() && hasItem && h.listFocus:
		return wrapStyled(st.OK.Render, "✓ enter checks "+clean(it.name)+" (the list's selection)", width, 2)
	case !h.listFocus && h.err != nil:
		return wrapStyled(st.Fail.Render, "✗ "+errText(h.err), width, 2)
	case !h.listFocus && h.parsed.ascii != "":
		out := wrapStyled(st.OK.Render, "✓ will check "+h.parsed.label(), width, 2)
		for _, n := range h.parsed.notes {
			out = append(out, wrapStyled(st.Muted.Render, "  note: "+clean(n), width, 4)...)
		}
		return out
	case hasItem:
		// Enter on an empty input walks the selected item: say so.
		// Wrapped: the domain enter would check must read whole.
		return wrapStyled(st.Muted.Render, "  type a domain, or press enter to check "+clean(it.name), width, 4)
	case h.listFocus && len(h.items()) > 0:
		return []string{st.Muted.Render("  nothing matches the filter")}
	}
	return []string{st.Muted.Render("  type a domain and press enter to check it")}
}

func (h homeModel) View() string {
	g := h.geom()
	st := h.st
	b := append([]string(nil), g.top...)
	items := h.shown()
	for i := g.start; i < len(items) && i-g.start < g.listRoom; i++ {
		line := "  " + clean(items[i].name)
		if items[i].title != "" {
			line += st.Muted.Render(" — " + clean(items[i].title))
		}
		if i == h.sel {
			line = "›" + line[1:]
			if h.listFocus {
				line = st.selectRow(line, g.width)
			}
		}
		b = append(b, truncate(line, g.width))
	}
	if g.more {
		above, below := g.start, max(len(items)-g.start-g.listRoom, 0)
		var parts []string
		if above > 0 {
			parts = append(parts, fmt.Sprintf("↑ %d more", above))
		}
		if below > 0 {
			parts = append(parts, fmt.Sprintf("↓ %d more", below))
		}
		b = append(b, truncate(st.Muted.Render("  "+strings.Join(parts, " · ")), g.width))
	}
	if it, ok := h.selected(); ok && len(h.scenarios) > 0 {
		if text := clean(it.story); text != "" {
			b = append(b, "")
			b = append(b, wrapStyled(st.Text.Render, text, g.width, 0)...)
		}
	}
	for len(b) < g.height-len(g.footer) {
		b = append(b, "")
	}
	b = append(b[:min(len(b), g.height-len(g.footer))], g.footer...)
	return fit(strings.Join(b, "\n"), g.width, g.height)
}

// onMouse: a click on a list row selects it (a second click on the
// selected row checks it); the wheel moves the selection.
func (h homeModel) onMouse(msg tea.MouseMsg) (Screen, tea.Cmd) {
	m := msg.Mouse()
	switch msg.(type) {
	case tea.MouseWheelMsg:
		switch m.Button {
		case tea.MouseWheelUp:
			h.moveSel(-1)
		case tea.MouseWheelDown:
			h.moveSel(1)
		}
	case tea.MouseClickMsg:
		if m.Button != tea.MouseLeft {
			return h, nil
		}
		g := h.geom()
		if row := m.Y - g.listTop; row >= 0 && row < g.listRoom && g.start+row < len(h.shown()) {
			i := g.start + row
			if i == h.sel && h.listFocus {
				return h.checkItem()
			}
			h.sel = i
			h = h.focusList()
		}
	}
	return h, nil
}

func (h homeModel) heading(s string) string {
	if h.listFocus {
		return h.st.Focused.Render("▸ " + s)
	}
	return h.st.Heading.Render("  " + s)
}

func wrapStyled(style func(...string) string, s string, width, indent int) []string {
	lines := wrap(s, width, indent)
	for i, l := range lines {
		lines[i] = style(l)
	}
	return lines
}

// Name is what ? shows above the keys.
func (h homeModel) Name() string {
	if h.filtering {
		return "home, filtering the list"
	}
	return "home, the list"
}
