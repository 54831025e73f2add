package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// learnPane is which part of the learn screen has the keyboard.
type learnPane int

const (
	learnList    learnPane = iota // the topics
	learnContent                  // the topic text, or the code list
)

// learnModel is the learn screen: topics from assets/learn, and a
// searchable list of every diagnostic code with its explanation and a
// link to its RFC section.
type learnModel struct {
	st   *Styles
	keys learnKeys
	help help.Model

	topics []assets.Topic
	codes  []diag.Code
	sel    int // topics, then one entry for the codes
	focus  learnPane

	filter    textinput.Model
	filtering bool
	codeSel   int // index into matches()

	vp            viewport.Model
	width, height int
}

func newLearn(st *Styles) learnModel {
	f := textinput.New()
	f.Prompt = "/ "
	f.Placeholder = "type to search codes, titles and sections"
	f.CharLimit = 64
	l := learnModel{
		st:     st,
		keys:   newLearnKeys(),
		help:   help.New(),
		topics: assets.LearnTopics(),
		codes:  assets.Codes(),
		filter: f,
		vp:     viewport.New(),
	}
	l.applyStyles(st)
	return l
}

// SetStyles is the restyler's.
func (l learnModel) SetStyles(st *Styles) Screen {
	l.applyStyles(st)
	return l
}

func (l *learnModel) applyStyles(st *Styles) {
	l.st = st
	l.help.Styles = st.Help
	is := l.filter.Styles()
	is.Focused.Prompt = st.Key
	is.Blurred.Prompt = st.Muted
	is.Focused.Placeholder = st.Muted
	is.Blurred.Placeholder = st.Muted
	is.Cursor.Blink = false // a steady cursor: no tick loop to feed
	l.filter.SetStyles(is)
	l.refresh(false)
}

// SetSize is the Screen's.
func (l learnModel) SetSize(width, height int) Screen {
	l.width, l.height = width, height
	l.layout()
	return l
}

// Init does nothing: learn has no work to start.
func (l learnModel) Init() tea.Cmd { return nil }

// KeyMap is the Screen's.
func (l learnModel) KeyMap() help.KeyMap { return l.keys.forFocus(l.focus, l.onCodes()) }

// codesEntry is the list index of the diagnostic codes.
func (l learnModel) codesEntry() int { return len(l.topics) }

func (l learnModel) onCodes() bool { return l.sel == l.codesEntry() }

// openCode shows one code's explanation, as a link from another screen.
func (l *learnModel) openCode(code diag.Code) {
	l.sel, l.focus = l.codesEntry(), learnContent
	l.filter.SetValue("")
	for i, c := range l.matches() {
		if c == code {
			l.codeSel = i
		}
	}
	l.refresh(true)
}

// matches are the codes whose code, title, explanation or section contain
// every word of the filter: first those whose name holds every word, then
// those whose name or title do, then the rest, each group in catalogue
// order. "cert" must list fetch.cert.expired before a code that only
// mentions certificates in passing.
func (l learnModel) matches() []diag.Code {
	words := strings.Fields(strings.ToLower(l.filter.Value()))
	if len(words) == 0 {
		return l.codes
	}
	var tiers [3][]diag.Code
	for _, c := range l.codes {
		e, _ := assets.Explain(c)
		name := strings.ToLower(string(c))
		title := name + " " + strings.ToLower(e.Title)
		hay := title + " " + strings.ToLower(e.RFC+" "+e.Why)
		tier := 0
		for _, w := range words {
			switch {
			case strings.Contains(name, w):
			case strings.Contains(title, w):
				tier = max(tier, 1)
			case strings.Contains(hay, w):
				tier = 2
			default:
				tier = -1
			}
			if tier < 0 {
				break
			}
		}
		if tier >= 0 {
			tiers[tier] = append(tiers[tier], c)
		}
	}
	return append(append(tiers[0], tiers[1]...), tiers[2]...)
}

// CapturesText reports whether letters go to the search field.
func (l learnModel) CapturesText() bool { return l.filtering }

// Update is the Screen's.
func (l learnModel) Update(msg tea.Msg) (Screen, tea.Cmd) { return l.update(msg) }

func (l learnModel) update(msg tea.Msg) (learnModel, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if l.filtering {
			return l.onFilterKey(msg)
		}
		return l.onKey(msg)
	case tea.MouseMsg:
		return l.onMouse(msg)
	case tea.PasteMsg:
		if l.filtering {
			var cmd tea.Cmd
			l.filter, cmd = l.filter.Update(msg)
			l.codeSel = 0
			l.refresh(true)
			return l, cmd
		}
	}
	return l, nil
}

func (l learnModel) onKey(msg tea.KeyPressMsg) (learnModel, tea.Cmd) {
	k := l.keys
	switch {
	case key.Matches(msg, k.Filter):
		l.sel, l.focus, l.filtering = l.codesEntry(), learnContent, true
		l.refresh(true)
		return l, l.filter.Focus()
	case key.Matches(msg, k.Tab):
		if l.focus == learnList {
			l.focus = learnContent
		} else {
			l.focus = learnList
		}
		return l, nil
	case key.Matches(msg, k.Back):
		if l.focus == learnContent {
			l.focus = learnList
			return l, nil
		}
		return l, Back
	case key.Matches(msg, k.Enter):
		l.focus = learnContent
		return l, nil
	}
	if l.focus == learnList {
		switch {
		case key.Matches(msg, k.Up):
			l.selectTopic(l.sel - 1)
			return l, nil
		case key.Matches(msg, k.Down):
			l.selectTopic(l.sel + 1)
			return l, nil
		}
	} else if l.onCodes() {
		switch {
		case key.Matches(msg, k.Up):
			l.selectCode(l.codeSel - 1)
			return l, nil
		case key.Matches(msg, k.Down):
			l.selectCode(l.codeSel + 1)
			return l, nil
		}
	}
	var cmd tea.Cmd
	l.vp, cmd = l.vp.Update(msg)
	return l, cmd
}

func (l learnModel) onFilterKey(msg tea.KeyPressMsg) (learnModel, tea.Cmd) {
	switch {
	case msg.String() == "esc" || msg.String() == "enter":
		l.filtering = false
		l.filter.Blur()
		return l, nil
	case key.Matches(msg, l.keys.Up):
		l.selectCode(l.codeSel - 1)
		return l, nil
	case key.Matches(msg, l.keys.Down) && msg.String() == "down":
		l.selectCode(l.codeSel + 1)
		return l, nil
	case msg.String() == "ctrl+c":
		return l, nil // the root quits
	}
	var cmd tea.Cmd
	l.filter, cmd = l.filter.Update(msg)
	l.codeSel = 0
	l.refresh(true)
	return l, cmd
}

func (l *learnModel) selectTopic(i int) {
	if i < 0 || i > l.codesEntry() || i == l.sel {
		return
	}
	l.sel = i
	l.refresh(true)
}

func (l *learnModel) selectCode(i int) {
	if i < 0 || i >= len(l.matches()) || i == l.codeSel {
		return
	}
	l.codeSel = i
	l.refresh(true)
}

// Name is what ? shows above the keys.
func (l learnModel) Name() string { return "learn" }
