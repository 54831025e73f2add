package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// homeModel is the start screen: a domain input validated as you type,
// and below it the recent domains or, in lab mode, the scenario picker.
type homeModel struct {
	st        *Styles
	keys      homeKeys
	help      help.Model
	input     textinput.Model
	parsed    target
	err       error
	recent    []string
	scenarios []Scenario
	sel       int
	listFocus bool

	width, height int
}

// startWalkMsg asks the root to walk a domain.
type startWalkMsg struct{ target target }

func newHome(st *Styles, cfg Config) homeModel {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "example.com, an email address or a URL"
	in.CharLimit = 320
	in.Focus()
	h := homeModel{
		st:        st,
		keys:      newHomeKeys(),
		help:      help.New(),
		input:     in,
		scenarios: cfg.Scenarios,
	}
	h.help.Styles = st.Help
	h.setStyles(st)
	return h
}

func (h *homeModel) setStyles(st *Styles) {
	h.st = st
	h.help.Styles = st.Help
	is := h.input.Styles()
	is.Focused.Prompt = st.Key
	is.Blurred.Prompt = st.Muted
	is.Focused.Placeholder = st.Muted
	is.Blurred.Placeholder = st.Muted
	h.input.SetStyles(is)
}

func (h *homeModel) setSize(width, height int) {
	h.width, h.height = width, height
	h.help.SetWidth(width)
	h.input.SetWidth(max(width-4, 10))
}

// items are what the list offers: scenario domains in lab mode, else
// recent domains.
func (h homeModel) items() []string {
	if len(h.scenarios) > 0 {
		out := make([]string, len(h.scenarios))
		for i, s := range h.scenarios {
			out[i] = s.Name
		}
		return out
	}
	return h.recent
}

func (h homeModel) Update(msg tea.Msg) (homeModel, tea.Cmd) {
	switch msg := msg.(type) {
	case recentLoadedMsg:
		h.recent = msg.domains
		h.sel = min(h.sel, max(len(h.items())-1, 0))
		return h, nil
	case tea.KeyPressMsg:
		return h.onKey(msg)
	case tea.PasteMsg:
		if h.listFocus {
			h.listFocus = false
			h.input.Focus()
		}
	}
	var cmd tea.Cmd
	h.input, cmd = h.input.Update(msg)
	h.validate()
	return h, cmd
}

func (h homeModel) onKey(msg tea.KeyPressMsg) (homeModel, tea.Cmd) {
	items := h.items()
	switch {
	case key.Matches(msg, h.keys.Simulate):
		return h, func() tea.Msg { return openSimMsg{} }
	case key.Matches(msg, h.keys.Learn):
		return h, func() tea.Msg { return openLearnMsg{} }
	case key.Matches(msg, h.keys.Clear):
		// First the typed text, then the focus: back to an empty input.
		if h.input.Value() != "" {
			h.input.SetValue("")
			h.validate()
		}
		if h.listFocus {
			h.listFocus = false
			return h, h.input.Focus()
		}
		return h, nil
	case key.Matches(msg, h.keys.Up):
		if h.sel > 0 {
			h.sel--
		}
		return h, nil
	case key.Matches(msg, h.keys.Down):
		if h.sel < len(items)-1 {
			h.sel++
		}
		return h, nil
	case key.Matches(msg, h.keys.Tab):
		h.listFocus = !h.listFocus && len(items) > 0
		if h.listFocus {
			h.input.Blur()
			return h, nil
		}
		return h, h.input.Focus()
	case key.Matches(msg, h.keys.Enter):
		if !h.listFocus && strings.TrimSpace(h.input.Value()) != "" {
			if h.err != nil {
				return h, nil // the inline error already says why
			}
			t := h.parsed
			return h, func() tea.Msg { return startWalkMsg{target: t} }
		}
		if h.sel < len(items) {
			t, err := parseInput(items[h.sel])
			if err != nil {
				return h, nil
			}
			return h, func() tea.Msg { return startWalkMsg{target: t} }
		}
		return h, nil
	}
	if h.listFocus {
		// Typing while the list has focus goes back to the input.
		if len(msg.Text) == 0 {
			return h, nil
		}
		h.listFocus = false
		h.input.Focus()
	}
	var cmd tea.Cmd
	h.input, cmd = h.input.Update(msg)
	h.validate()
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

func (h homeModel) View() string {
	width, height := h.width, h.height
	if width <= 0 {
		width = 80
	}
	if height <= 0 {
		height = 24
	}
	st := h.st
	var b []string
	b = append(b, titleLine(st.Title.Render("mtasts-doctor"), width,
		st.Muted.Render(" · MTA-STS and TLS-RPT as a sending MTA sees them"),
		st.Muted.Render(" · MTA-STS and TLS-RPT")), "")
	b = append(b, st.Heading.Render("Domain to check"))
	b = append(b, h.input.View())
	switch {
	case h.err != nil:
		b = append(b, wrapStyled(st.Fail.Render, "✗ "+errText(h.err), width, 2)...)
	case h.parsed.ascii != "":
		b = append(b, wrapStyled(st.OK.Render, "✓ will check "+h.parsed.label(), width, 2)...)
		for _, n := range h.parsed.notes {
			b = append(b, wrapStyled(st.Muted.Render, "  note: "+clean(n), width, 4)...)
		}
	case h.sel < len(h.items()):
		// Enter on an empty input walks the selected item: say so.
		// Wrapped: the domain enter would check must read whole.
		b = append(b, wrapStyled(st.Muted.Render, "  type a domain, or press enter to check "+clean(h.items()[h.sel]), width, 4)...)
	default:
		b = append(b, st.Muted.Render("  type a domain and press enter to check it"))
	}
	b = append(b, "")
	items := h.items()
	switch {
	case len(h.scenarios) > 0:
		n := fmt.Sprintf(" %d/%d", h.sel+1, len(items))
		b = append(b, titleLine(h.heading("Lab scenarios"), width,
			st.Muted.Render(n+" · a fake Internet on loopback, no network needed"),
			st.Muted.Render(n+" · a fake Internet on loopback"),
			st.Muted.Render(n)))
	case len(items) > 0:
		b = append(b, truncate(h.heading("Recent domains")+st.Muted.Render(fmt.Sprintf(" %d/%d", h.sel+1, len(items))), width))
	}
	// Home has no full help ("?" may be typed), so the footer wraps
	// rather than cut a key off.
	keys := h.keys.forState(h.input.Value() != "", h.listFocus, len(h.items()) > 0)
	footer := strings.Split(wrappedShortHelp(h.help, keys.ShortHelp(), width, 2), "\n")
	room := height - len(b) - len(footer) - 1
	// Keep the selected item on screen when the list is long.
	listRoom := room
	var story []string
	if h.sel < len(h.scenarios) {
		if text := clean(h.scenarios[h.sel].Story); text != "" {
			story = append([]string{""}, wrapStyled(st.Text.Render, text, width, 0)...)
		}
	}
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
	more := len(items) > listRoom && listRoom > 1
	if more {
		listRoom--
	}
	start := 0
	if h.sel >= listRoom {
		start = h.sel - listRoom + 1
	}
	for i := start; i < len(items) && i-start < listRoom; i++ {
		line := "  " + clean(items[i])
		if i < len(h.scenarios) && h.scenarios[i].Title != "" {
			line += st.Muted.Render(" — " + clean(h.scenarios[i].Title))
		}
		if i == h.sel {
			line = "›" + line[1:]
			if h.listFocus {
				line = st.selectRow(line, width)
			}
		}
		b = append(b, truncate(line, width))
	}
	if more {
		above, below := start, max(len(items)-start-listRoom, 0)
		var parts []string
		if above > 0 {
			parts = append(parts, fmt.Sprintf("↑ %d more", above))
		}
		if below > 0 {
			parts = append(parts, fmt.Sprintf("↓ %d more", below))
		}
		b = append(b, truncate(st.Muted.Render("  "+strings.Join(parts, " · ")), width))
	}
	b = append(b, story...)
	for len(b) < height-len(footer) {
		b = append(b, "")
	}
	b = append(b[:min(len(b), height-len(footer))], footer...)
	return fit(strings.Join(b, "\n"), width, height)
}

func (h homeModel) heading(s string) string {
	if h.listFocus {
		return h.st.Focused.Render(s)
	}
	return h.st.Heading.Render(s)
}

func wrapStyled(style func(...string) string, s string, width, indent int) []string {
	lines := wrap(s, width, indent)
	for i, l := range lines {
		lines[i] = style(l)
	}
	return lines
}
