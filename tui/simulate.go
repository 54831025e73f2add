package tui

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// simModel is the simulator screen: controls, the per-sender timeline,
// a cursor read-out and the population chart.
type simModel struct {
	st   *Styles
	keys simKeys
	help help.Model

	note string // how the inputs were prefilled
	// maxAgeFrom says where max_age came from, beside it at every size:
	// the domain's policy, an assumption (no policy read), the example,
	// or the user.
	maxAgeFrom string
	in         simInputs
	cat        []simSender

	id int // which opening of the simulator this is (Model.sims)

	// gen counts input changes; res and pop are from resGen and popGen.
	// popWant is the generation of the newest population run started, for
	// popFor's inputs: a population older than it is out of date.
	gen, resGen, popGen, popWant int
	res                          *simulate.Result
	pop                          *popChart
	popFor                       popKey

	cursor time.Duration
	row    int // selected row among the shown senders

	editing simField
	input   textinput.Model
	editErr string

	picking bool
	pickSel int

	width, height int
}

// newSim opens the simulator; rep, when not nil, prefills the policy
// (domain, id, mode, max_age, mx) with policyFromReport.
func newSim(st *Styles, rep *probe.Report) simModel {
	p := simulate.DefaultPolicy(simulate.Week)
	note := "t = 0 is the moment the policy file goes missing (HTTP 404); the TXT record stays. Example policy: enforce, max_age 1w."
	from := "example"
	if rep != nil {
		var ok bool
		p, ok = policyFromReport(*rep)
		p.Domain, p.ID = clean(p.Domain), clean(p.ID)
		for i := range p.MX {
			p.MX[i] = clean(p.MX[i])
		}
		from = "assumed: no policy was read"
		if ok {
			from = "from " + p.Domain + "'s policy"
			note = "Prefilled from " + p.Domain + ": mode " + string(p.Mode) + ", max_age " + maxAgeText(p.MaxAge) + ", id " + p.ID + ". t = 0: the policy file goes missing."
		} else {
			note = "No policy could be read for " + p.Domain + ": shown as an enforce policy (TXT id " + p.ID + ") served until t = 0, when the file went missing; its max_age is unknown, 1w to start."
		}
	}
	in := textinput.New()
	in.Prompt = "› "
	in.CharLimit = 32
	in.SetWidth(12) // a width of 0 shows one rune of the placeholder
	s := simModel{
		st:         st,
		keys:       newSimKeys(),
		help:       help.New(),
		note:       note,
		maxAgeFrom: from,
		in:         defaultSimInputs(p),
		cat:        simCatalogue(),
		input:      in,
	}
	s.applyStyles(st)
	return s
}

// withID tags the simulator's runs with which opening it is.
func (s simModel) withID(id int) simModel {
	s.id = id
	return s
}

// SetStyles is the restyler's.
func (s simModel) SetStyles(st *Styles) Screen {
	s.applyStyles(st)
	return s
}

func (s *simModel) applyStyles(st *Styles) {
	s.st = st
	s.help.Styles = st.Help
	is := s.input.Styles()
	is.Focused.Prompt = st.Key
	is.Blurred.Prompt = st.Muted
	is.Focused.Placeholder = st.Muted
	is.Cursor.Blink = false // a steady cursor: no tick loop to feed
	s.input.SetStyles(is)
}

// SetSize is the Screen's.
func (s simModel) SetSize(width, height int) Screen {
	s.width, s.height = width, height
	s.help.SetWidth(width)
	return s
}

// Init is the first run.
func (s simModel) Init() tea.Cmd { return s.recompute() }

// KeyMap is the Screen's: the picker's keys while it is open.
func (s simModel) KeyMap() help.KeyMap {
	if s.picking {
		return simPickKeys{s.keys}
	}
	return s.keys
}

// Update is the Screen's.
func (s simModel) Update(msg tea.Msg) (Screen, tea.Cmd) { return s.update(msg) }

func (s simModel) update(msg tea.Msg) (simModel, tea.Cmd) {
	switch msg := msg.(type) {
	case simResultMsg:
		// Results arrive in order of their commands only by chance: keep
		// the newest, never an older one over a newer one.
		if msg.sim == s.id && msg.gen >= s.resGen {
			res := msg.res
			s.res, s.resGen = &res, msg.gen
			s.row = min(s.row, max(len(res.Senders)-1, 0))
		}
		return s, nil
	case simPopMsg:
		if msg.sim == s.id && msg.gen >= s.popGen {
			chart := msg.chart
			s.pop = &chart
			s.popGen = msg.gen
		}
		return s, nil
	case tea.KeyPressMsg:
		switch {
		case s.editing != fieldNone:
			return s.onEditKey(msg)
		case s.picking:
			return s.onPickKey(msg)
		}
		return s.onKey(msg)
	case tea.MouseMsg:
		return s.onMouse(msg)
	case tea.PasteMsg:
		if s.editing != fieldNone {
			var cmd tea.Cmd
			s.input, cmd = s.input.Update(msg)
			return s, cmd
		}
	}
	return s, nil
}

// CapturesText reports whether letters go to the text field, so the
// root must not take q as quit.
func (s simModel) CapturesText() bool { return s.editing != fieldNone }

// senderInfo is the catalogue entry of a result's sender.
func (s simModel) senderInfo(name string) simSender {
	for _, c := range s.cat {
		if c.name == name {
			return c
		}
	}
	return simSender{name: name, short: name}
}

// Name is what ? shows above the keys.
func (s simModel) Name() string {
	if s.picking {
		return "the simulator's sender picker"
	}
	return "the simulator"
}
