package tui

import "charm.land/bubbles/v2/key"

// walkKeys are the walk screen's bindings, used both for matching and for
// the help footer.
type walkKeys struct {
	Up, Down, Move, Enter, Tab, Rerun, Save, Help, Back, Quit key.Binding
	Simulate, Learn                                           key.Binding
}

func newWalkKeys() walkKeys {
	return walkKeys{
		Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		// The short help's one entry for both: room is scarce at 80.
		Move:  key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "step")),
		Enter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open step")),
		Tab:   key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "switch pane")),
		Rerun: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rerun")),
		Save:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save JSON")),
		Help:  key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:  key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		// From the verdict to what senders do over time, prefilled.
		Simulate: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "simulate")),
		Learn:    key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "learn")),
	}
}

func (k walkKeys) ShortHelp() []key.Binding {
	// Most needed first; what does not fit is under ?, which always shows.
	return []key.Binding{k.Move, k.Tab, k.Simulate, k.Learn, k.Back, k.Quit, k.Save, k.Rerun, k.Help}
}

func (k walkKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Enter, k.Tab},
		{k.Rerun, k.Save, k.Simulate, k.Learn},
		{k.Help, k.Back, k.Quit},
	}
}

// homeKeys are the home screen's bindings. Letters go to the domain input,
// so quitting from home is ctrl+c (or q while the list has focus), and esc
// clears, as it does in any input: it never quits, so one esc too many
// after leaving a walk does not end the session.
type homeKeys struct {
	Up, Down, Pick, Enter, Tab, Clear, Help, Quit key.Binding
	Simulate, Learn                               key.Binding
}

func newHomeKeys() homeKeys {
	return homeKeys{
		Up:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "previous")),
		Down:  key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next")),
		Pick:  key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "pick")), // the footer's one entry for both
		Enter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "check")),
		Tab:   key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "input/list")),
		// Enabled only while there is something to clear (see forState).
		Clear: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		Help:  key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help"), key.WithDisabled()),
		Quit:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		// Control keys: letters belong to the domain input.
		Simulate: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "simulate")),
		Learn:    key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "learn")),
	}
}

// forState is the key map as it stands: the list's keys only with a list,
// tab saying where it goes, esc only when it would do something.
func (k homeKeys) forState(typed, listFocus, hasList bool) homeKeys {
	k.Pick.SetEnabled(hasList)
	k.Tab.SetEnabled(hasList)
	if listFocus {
		k.Tab.SetHelp("tab", "input")
	} else {
		k.Tab.SetHelp("tab", "list")
	}
	switch {
	case typed:
		k.Clear.SetHelp("esc", "clear")
	case listFocus:
		k.Clear.SetHelp("esc", "to input")
	default:
		k.Clear.SetEnabled(false)
	}
	return k
}

func (k homeKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Enter, k.Clear, k.Pick, k.Tab, k.Simulate, k.Learn, k.Quit}
}

func (k homeKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Enter, k.Clear, k.Up, k.Down}, {k.Tab, k.Simulate, k.Learn, k.Quit}}
}

// simKeys are the simulator's bindings.
type simKeys struct {
	Left, Right, BigLeft, BigRight, Start, Up, Down key.Binding
	Preset, EditMaxAge, EditOutage, Shorter, Longer key.Binding
	OutageEarlier, OutageLater, EditStart           key.Binding
	EditFetch, EditUntil, Senders, Toggle, Attack   key.Binding
	Help, Back, Quit                                key.Binding
}

func newSimKeys() simKeys {
	return simKeys{
		Left:          key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", "cursor")),
		Right:         key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→", "cursor later")),
		BigLeft:       key.NewBinding(key.WithKeys("shift+left", ",", "H"), key.WithHelp(",/.", "cursor ±1d")),
		BigRight:      key.NewBinding(key.WithKeys("shift+right", ".", "L"), key.WithHelp(".", "cursor +1d")),
		Start:         key.NewBinding(key.WithKeys("home", "0"), key.WithHelp("0", "cursor to t = 0")),
		Up:            key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "sender")),
		Down:          key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", "next sender")),
		Preset:        key.NewBinding(key.WithKeys("1", "2", "3", "4"), key.WithHelp("1-4", "max_age 1d/1w/15d/1y")),
		EditMaxAge:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "type max_age")),
		EditOutage:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "outage length")),
		Shorter:       key.NewBinding(key.WithKeys("-"), key.WithHelp("-/+", "outage ∓1d")),
		Longer:        key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "outage +1d")),
		OutageEarlier: key.NewBinding(key.WithKeys("["), key.WithHelp("[/]", "outage start ∓1d")),
		OutageLater:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "outage start +1d")),
		EditStart:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "type outage start")),
		EditFetch:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "last fetch")),
		EditUntil:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "simulate until")),
		Senders:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "senders")),
		Toggle:        key.NewBinding(key.WithKeys("space", "x"), key.WithHelp("space", "show/hide")),
		Attack:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "attacker")),
		Help:          key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:          key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k simKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Left, k.Up, k.Preset, k.EditMaxAge, k.EditOutage, k.Attack, k.Senders, k.Back, k.Quit, k.Help}
}

func (k simKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Left, k.BigLeft, k.Start, k.Up},
		{k.Preset, k.EditMaxAge, k.EditFetch, k.EditUntil},
		{k.EditOutage, k.Shorter, k.OutageEarlier, k.EditStart},
		{k.Senders, k.Toggle, k.Attack, k.Back, k.Quit},
	}
}

// learnKeys are the learn screen's bindings.
type learnKeys struct {
	Up, Down, Move, Enter, Tab, Search, Help, Back, Quit key.Binding
}

func newLearnKeys() learnKeys {
	return learnKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Move:   key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "move")), // short help only
		Enter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read")),
		Tab:    key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "switch pane")),
		Search: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Help:   key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:   key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k learnKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Move, k.Enter, k.Tab, k.Search, k.Back, k.Quit, k.Help}
}

func (k learnKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Enter, k.Tab}, {k.Search}, {k.Help, k.Back, k.Quit}}
}
