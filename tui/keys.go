package tui

import "charm.land/bubbles/v2/key"

// walkKeys are the walk screen's bindings, used both for matching and for
// the help footer.
type walkKeys struct {
	Up, Down, Enter, Tab, Rerun, Save, Help, Back, Quit key.Binding
}

func newWalkKeys() walkKeys {
	return walkKeys{
		Up:    key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:  key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Enter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open step")),
		Tab:   key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "switch pane")),
		Rerun: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rerun")),
		Save:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save JSON")),
		Help:  key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:  key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k walkKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Tab, k.Rerun, k.Save, k.Back, k.Quit, k.Help}
}

func (k walkKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Enter, k.Tab},
		{k.Rerun, k.Save},
		{k.Help, k.Back, k.Quit},
	}
}

// homeKeys are the home screen's bindings. Letters go to the domain input,
// so quitting from home is ctrl+c or esc.
type homeKeys struct {
	Up, Down, Enter, Tab, Help, Quit key.Binding
}

func newHomeKeys() homeKeys {
	return homeKeys{
		Up:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "previous")),
		Down:  key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next")),
		Enter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "check")),
		Tab:   key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "input/list")),
		Help:  key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help"), key.WithDisabled()),
		Quit:  key.NewBinding(key.WithKeys("ctrl+c", "esc"), key.WithHelp("esc", "quit")),
	}
}

func (k homeKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Enter, k.Up, k.Down, k.Tab, k.Quit}
}

func (k homeKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Enter, k.Up, k.Down}, {k.Tab, k.Quit}}
}
