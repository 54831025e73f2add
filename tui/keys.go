package tui

import "charm.land/bubbles/v2/key"

// One keymap for the whole UI: a printable key means one thing on every
// screen (TestKeysMeanOneThing checks it). The groups below are shared:
// a screen takes the bindings it uses from them instead of making its own,
// so "k" cannot be "up" here and "kill" there. Keys for one screen only
// are in that screen's own group and must not reuse a key of another's.

// globalKeys work on every screen; the root handles them. While a text
// field has the keyboard, q and ? are typed and only ctrl+c quits.
type globalKeys struct {
	Help, Quit, Redraw key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Help:   key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:   key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Redraw: key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "redraw")),
	}
}

func (g globalKeys) all() []key.Binding { return []key.Binding{g.Help, g.Quit, g.Redraw} }

// navKeys move within a screen. Every list, pane and timeline uses these.
type navKeys struct {
	Up, Down, Left, Right    key.Binding
	PageUp, PageDown         key.Binding
	First, Last              key.Binding
	Tab, Enter, Back, Filter key.Binding
	Copy, CopyEvidence       key.Binding
	NextProblem, PrevProblem key.Binding
	NextCommand, Rerun, Save key.Binding
	Simulate, Learn, History key.Binding
}

func newNavKeys() navKeys {
	return navKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Left:     key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "left")),
		Right:    key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "right")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		First:    key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		Last:     key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
		Tab:      key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "switch pane")),
		Enter:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		// Actions that mean the same wherever they are offered.
		Copy:         key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy command")),
		CopyEvidence: key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy evidence")),
		NextProblem:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next problem")),
		PrevProblem:  key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous problem")),
		NextCommand:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "next command")),
		Rerun:        key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rerun")),
		Save:         key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save JSON")),
		Simulate:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "simulate")),
		Learn:        key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "learn")),
		History:      key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "history")),
	}
}

// keyMap is a help.KeyMap made of plain lists, for a screen whose keys
// change with focus: it builds one for the pane that has the keyboard.
type keyMap struct {
	short []key.Binding
	full  [][]key.Binding
}

func (k keyMap) ShortHelp() []key.Binding  { return k.short }
func (k keyMap) FullHelp() [][]key.Binding { return k.full }

// walkKeys are the walk screen's bindings.
type walkKeys struct {
	navKeys
	// Move is the short help's one entry for ↑ and ↓: room is scarce at 80.
	Move, Scroll, Columns key.Binding
	// Short forms for the footer.
	Problem, CopyShort key.Binding
}

func newWalkKeys() walkKeys {
	n := newNavKeys()
	n.Enter.SetHelp("enter", "open step")
	return walkKeys{
		navKeys:   n,
		Move:      key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "step")),
		Scroll:    key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "scroll")),
		Columns:   key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "column")),
		Problem:   key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n/N", "problem")),
		CopyShort: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy")),
	}
}

// forFocus is the walk's key map for the pane with the keyboard: the
// footer names what ↑/↓ do there.
func (k walkKeys) forFocus(focus pane, done bool) keyMap {
	k.Simulate.SetEnabled(done)
	k.Save.SetEnabled(done)
	if focus == paneDetail {
		k.Back.SetHelp("esc", "steps")
		return keyMap{
			short: []key.Binding{k.Scroll, k.CopyShort, k.NextCommand, k.Back, k.Quit(), k.Problem, k.Simulate, k.Learn, k.HelpKey()},
			full: [][]key.Binding{
				{k.Up, k.Down, k.PageUp, k.PageDown, k.First, k.Last, k.Left, k.Tab, k.Back},
				{k.Copy, k.CopyEvidence, k.NextCommand, k.NextProblem, k.PrevProblem},
				{k.Rerun, k.Save, k.Simulate, k.Learn, k.History},
			},
		}
	}
	return keyMap{
		short: []key.Binding{k.Move, k.Enter, k.Problem, k.CopyShort, k.Back, k.Quit(), k.Simulate, k.Learn, k.HelpKey()},
		full: [][]key.Binding{
			{k.Up, k.Down, k.Left, k.Right, k.First, k.Last, k.PageUp, k.PageDown, k.Enter, k.Tab, k.Back},
			{k.NextProblem, k.PrevProblem, k.Copy, k.CopyEvidence, k.NextCommand},
			{k.Rerun, k.Save, k.Simulate, k.Learn, k.History},
		},
	}
}

// Quit and HelpKey put the global keys in a screen's footer; the root
// handles them.
func (navKeys) Quit() key.Binding    { return newGlobalKeys().Quit }
func (navKeys) HelpKey() key.Binding { return newGlobalKeys().Help }

// homeKeys are the home screen's bindings. While the input has the
// keyboard letters are typed, so the footer says how to leave it (esc)
// for the keys that are letters (? help, q quit, / filter).
type homeKeys struct {
	navKeys
	Clear, Leave, QuitCtrl key.Binding
}

func newHomeKeys() homeKeys {
	n := newNavKeys()
	n.Enter.SetHelp("enter", "check")
	return homeKeys{
		navKeys:  n,
		Clear:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		Leave:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave input (? help, q quit)")),
		QuitCtrl: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// forState is home's key map as it stands: typed text makes esc clear;
// an empty input makes esc leave it; the list's keys only with the list.
func (k homeKeys) forState(typed, listFocus, filtering, hasList bool) keyMap {
	k.Tab.SetHelp("tab", "list")
	if listFocus {
		k.Tab.SetHelp("tab", "input")
	}
	switch {
	case filtering:
		k.Enter.SetHelp("enter", "check")
		k.Clear.SetHelp("esc", "end filter")
		return keyMap{
			short: []key.Binding{k.Enter, k.Clear, k.Move(), k.QuitCtrl},
			full:  [][]key.Binding{{k.Up, k.Down, k.Enter, k.Clear}},
		}
	case !listFocus && typed:
		return keyMap{
			short: []key.Binding{k.Enter, k.Clear, k.Tab, k.QuitCtrl},
			full:  [][]key.Binding{{k.Enter, k.Clear, k.Tab}},
		}
	case !listFocus:
		return keyMap{
			short: []key.Binding{k.Enter, k.Leave, k.Tab, k.QuitCtrl},
			full:  [][]key.Binding{{k.Enter, k.Leave, k.Tab}},
		}
	}
	k.Back.SetHelp("esc", "to input")
	nav := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.First, k.Last}
	if !hasList {
		nav = nil
	}
	k.Filter.SetEnabled(hasList)
	return keyMap{
		short: []key.Binding{k.Move(), k.Enter, k.Filter, k.Tab, k.Simulate, k.Learn, k.HelpKey(), k.Quit()},
		full: [][]key.Binding{
			append(nav, k.Enter, k.Filter, k.Tab, k.Back),
			{k.Simulate, k.Learn, k.History},
		},
	}
}

// Move is the short help's entry for ↑ and ↓ in a list.
func (navKeys) Move() key.Binding {
	return key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "pick"))
}

// simKeys are the simulator's bindings. ←/→ (and h/l) move the time
// cursor, ↑/↓ the sender; its own letters are used nowhere else.
type simKeys struct {
	navKeys
	TimeLeft, TimeRight, BigLeft, BigRight, Start   key.Binding
	Preset, EditMaxAge, EditOutage, Shorter, Longer key.Binding
	OutageEarlier, OutageLater, EditStart           key.Binding
	EditFetch, EditUntil, Senders, Toggle, Attack   key.Binding
}

func newSimKeys() simKeys {
	n := newNavKeys()
	n.Left = key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "earlier"))
	n.Right = key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "later"))
	return simKeys{
		navKeys:       n,
		TimeLeft:      key.NewBinding(key.WithKeys("left", "h", "right", "l"), key.WithHelp("←/→", "time")),
		BigLeft:       key.NewBinding(key.WithKeys("shift+left", ","), key.WithHelp(",", "1d earlier")),
		BigRight:      key.NewBinding(key.WithKeys("shift+right", "."), key.WithHelp(".", "1d later")),
		Start:         key.NewBinding(key.WithKeys("0"), key.WithHelp("0", "to t = 0")),
		Preset:        key.NewBinding(key.WithKeys("1", "2", "3", "4"), key.WithHelp("1-4", "max_age 1d/1w/15d/1y")),
		EditMaxAge:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "type max_age")),
		EditOutage:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "outage length")),
		Shorter:       key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "outage 1d shorter")),
		Longer:        key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "outage 1d longer")),
		OutageEarlier: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "outage starts 1d earlier")),
		OutageLater:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "outage starts 1d later")),
		EditStart:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "type outage start")),
		EditFetch:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "type last fetch")),
		EditUntil:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "type simulate-until")),
		Senders:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pick senders")),
		Toggle:        key.NewBinding(key.WithKeys("space", "x"), key.WithHelp("space/x", "show/hide")),
		Attack:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "attacker")),
	}
}

func (k simKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.TimeLeft, k.navKeys.Move(), k.Preset, k.EditMaxAge, k.EditOutage, k.Attack, k.Senders, k.Back, k.Quit(), k.HelpKey()}
}

func (k simKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Left, k.Right, k.BigLeft, k.BigRight, k.Start, k.First, k.Last, k.Up, k.Down},
		{k.Preset, k.EditMaxAge, k.EditFetch, k.EditUntil, k.Attack},
		{k.EditOutage, k.Shorter, k.Longer, k.OutageEarlier, k.OutageLater, k.EditStart},
		{k.Senders, k.Back},
	}
}

// learnKeys are the learn screen's bindings.
type learnKeys struct {
	navKeys
	Move key.Binding
}

func newLearnKeys() learnKeys {
	n := newNavKeys()
	n.Enter.SetHelp("enter", "read")
	return learnKeys{
		navKeys: n,
		Move:    key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "move")),
	}
}

func (k learnKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Move, k.Enter, k.Tab, k.Filter, k.Back, k.Quit(), k.HelpKey()}
}

// forFocus is learn's key map for the pane with the keyboard: the footer
// says what ↑/↓ move there.
func (k learnKeys) forFocus(focus learnPane, onCodes bool) keyMap {
	switch {
	case focus == learnList:
		k.Move.SetHelp("↑/↓", "topic")
		k.Back.SetHelp("esc", "back")
	case onCodes:
		k.Move.SetHelp("↑/↓", "code")
		k.Back.SetHelp("esc", "topics")
		k.Enter.SetEnabled(false)
	default:
		k.Move.SetHelp("↑/↓", "scroll")
		k.Back.SetHelp("esc", "topics")
		k.Enter.SetEnabled(false)
	}
	return keyMap{short: k.ShortHelp(), full: k.FullHelp()}
}

func (k learnKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Enter, k.Tab}, {k.Filter, k.Back}}
}

// sandboxKeys are the sandbox screen's bindings: one capital letter per
// change (lower-case letters are taken by other screens), t to stop and
// start the clock, < and > for its speed, enter for the lesson's next step.
type sandboxKeys struct {
	navKeys
	Changes                []key.Binding // in probetest.SandboxChanges order
	Undo, Pause            key.Binding
	Slower, Faster, Lesson key.Binding
	Answer                 key.Binding
}

// sandboxChangeKeys are the keys of the sandbox changes, by change ID.
var sandboxChangeKeys = map[string]string{
	"policy-404": "P", "wrong-type": "T", "policy-cert": "C", "mx-cert": "X", "bump-id": "I",
	"max-age": "A", "mode": "M", "backup-mx": "B", "strip-tls": "S", "remove-txt": "D",
}

func newSandboxKeys(changes []sandboxChange) sandboxKeys {
	n := newNavKeys()
	n.Enter.SetHelp("enter", "next lesson step")
	k := sandboxKeys{
		navKeys: n,
		Undo:    key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "undo change")),
		Pause:   key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "stop/start time")),
		Slower:  key.NewBinding(key.WithKeys("<"), key.WithHelp("<", "slower")),
		Faster:  key.NewBinding(key.WithKeys(">"), key.WithHelp(">", "faster")),
		Lesson:  n.Enter,
		Answer:  key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "show the answer")),
	}
	for _, c := range changes {
		k.Changes = append(k.Changes, key.NewBinding(key.WithKeys(c.key), key.WithHelp(c.key, c.id)))
	}
	return k
}

func (k sandboxKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Pause, k.Slower, k.Faster, k.Undo, k.Lesson, k.Answer, k.Back, k.Quit(), k.HelpKey()}
}

func (k sandboxKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.Changes, {k.Undo, k.Pause, k.Slower, k.Faster, k.Lesson, k.Answer, k.Learn, k.Back}}
}
