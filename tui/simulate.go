package tui

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// The max_age presets (RFC-NOTES §8): the §8.3 removal suggestion, a
// common week, the RFC's Appendix A example and the §3.2 maximum.
var maxAgePresets = []time.Duration{
	simulate.Day,
	simulate.Week,
	15 * simulate.Day,
	policy.MaxAgeLimit * time.Second,
}

// Population size for the chart: large enough for smooth shares, small
// enough to recompute in a few milliseconds.
const (
	popSenders  = 1000
	popNewShare = 0.1
	popBuckets  = 240
)

// simSender is one row the simulator can show: a profile, and whether the
// sender held the policy before t = 0 (fetched lastFetch before) or first
// contacts the domain at t = 0.
type simSender struct {
	name    string // the simulate.Sender name, as in --json
	short   string // the row label
	profile simulate.Profile
	cached  bool
}

func (s simSender) label() string {
	if s.name == s.profile.Name {
		return s.name
	}
	return s.name + " (" + s.profile.Name + ")"
}

// simCatalogue is every sender the picker offers: the CLI's cached and
// uncached pair first (same names, so the read-out matches --json), then
// the lazy and no-refresh variants, then the real senders, all cached.
func simCatalogue() []simSender {
	short := map[string]string{
		"postfix-mta-sts-resolver":                "mta-sts-resolver",
		"postfix-mta-sts-resolver-proactive":      "resolver+proact.",
		"postfix-mta-sts-resolver-strict-testing": "resolver+strict",
	}
	var out []simSender
	for _, p := range simulate.Profiles() {
		switch p.Name {
		case "rfc":
			out = append(out,
				simSender{name: "cached", short: "cached (rfc)", profile: p, cached: true},
				simSender{name: "uncached", short: "uncached (rfc)", profile: p})
		case "lazy":
			out = append(out, simSender{name: "lazy", short: "lazy, new", profile: p})
		default:
			s := simSender{name: p.Name, short: p.Name, profile: p, cached: true}
			if v, ok := short[p.Name]; ok {
				s.short = v
			}
			out = append(out, s)
		}
	}
	return out
}

// simInputs are everything a run depends on; equal inputs give equal
// pictures, so a result is only kept if it was made from the current ones.
type simInputs struct {
	policy      simulate.Policy
	maxAge      time.Duration
	lastFetch   time.Duration
	outageStart time.Duration
	outageLen   time.Duration // simulate.Forever: the file never comes back
	until       time.Duration
	every       time.Duration
	attack      bool
	shown       []bool // per simCatalogue entry
}

func defaultSimInputs(p simulate.Policy) simInputs {
	in := simInputs{
		policy:    p,
		maxAge:    p.MaxAge,
		lastFetch: 2 * simulate.Day,
		outageLen: 10 * simulate.Day,
		until:     21 * simulate.Day,
		every:     time.Hour,
		shown:     make([]bool, len(simCatalogue())),
	}
	in.shown[0], in.shown[1] = true, true // cached and uncached, as the CLI
	return in
}

// timeline is the world of the preset: the CLI's OutageTimeline, with the
// outage moved to outageStart and an attacker stripping STARTTLS from
// t = 0 when asked, as --attack does.
func (in simInputs) timeline() simulate.Timeline {
	p := in.policy
	p.MaxAge = in.maxAge
	tl := simulate.OutageTimeline(p, in.outageLen, in.until)
	if in.outageStart != 0 {
		o := &tl.FileOutages[0]
		o.From = in.outageStart
		if o.To != simulate.Forever {
			o.To = in.outageStart + in.outageLen
		}
	}
	if in.attack {
		tl.Attacks = []simulate.Attack{{From: 0, To: simulate.Forever}}
	}
	return tl
}

// scenario is the timeline and the senders shown, built with the same
// simulate constructors as `mtasts-doctor simulate`.
func (in simInputs) scenario() simulate.Scenario {
	cat := simCatalogue()
	var senders []simulate.Sender
	for i, s := range cat {
		if i >= len(in.shown) || !in.shown[i] {
			continue
		}
		if s.cached {
			senders = append(senders, simulate.CachedSender(s.name, s.profile, in.lastFetch, in.every))
		} else {
			senders = append(senders, simulate.UncachedSender(s.name, s.profile, in.every))
		}
	}
	return simulate.Scenario{Timeline: in.timeline(), Senders: senders}
}

// population is a mixed crowd of senders against the same world.
func (in simInputs) population() simulate.Scenario {
	tl := in.timeline()
	tl.Bucket = max((in.until+popBuckets-1)/popBuckets, time.Second)
	return simulate.Population(tl, simulate.PopulationSpec{N: popSenders, Seed: 1, Every: in.every, NewShare: popNewShare})
}

// popKey is what the population depends on: not the senders shown.
type popKey struct {
	maxAge, outageStart, outageLen, until, every time.Duration
	attack                                       bool
}

func (in simInputs) popKey() popKey {
	return popKey{in.maxAge, in.outageStart, in.outageLen, in.until, in.every, in.attack}
}

// simField is which input the text field edits.
type simField int

const (
	fieldNone simField = iota
	fieldMaxAge
	fieldLastFetch
	fieldOutageStart
	fieldOutageLen
	fieldUntil
)

func (f simField) name() string {
	return [...]string{"", "max_age", "last fetch before t = 0", "outage starts at", "outage length", "simulate until"}[f]
}

// Messages of the simulator, tagged with the generation of inputs they
// were computed from; a stale one is dropped.
type (
	simResultMsg struct {
		gen int
		res simulate.Result
	}
	simPopMsg struct {
		gen    int
		shares []float64 // per bucket, -1 when no delivery fell in it
		from   []time.Duration
		width  time.Duration
	}
)

// popChart is the population's share of protected deliveries over time.
type popChart struct {
	shares []float64
	from   []time.Duration
	width  time.Duration
}

// at is the share at t, -1 when unknown.
func (p popChart) at(t time.Duration) float64 {
	if len(p.from) == 0 || p.width <= 0 {
		return -1
	}
	// Population deliveries start within the first cadence after t = 0:
	// the first bucket stands for the moments before it.
	i := max(int((t-p.from[0])/p.width), 0)
	if i < 0 || i >= len(p.shares) {
		return -1
	}
	return p.shares[i]
}

// simModel is the simulator screen: controls, the per-sender timeline,
// a cursor read-out and the population chart.
type simModel struct {
	st   *Styles
	keys simKeys
	help help.Model

	note string // how the inputs were prefilled
	in   simInputs
	cat  []simSender

	// gen counts input changes; res and pop are from resGen and popGen.
	gen, resGen, popGen int
	res                 *simulate.Result
	pop                 *popChart
	popFor              popKey
	popPending          bool

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
// (domain, id, mode, max_age, mx) with simulate.FromReport.
func newSim(st *Styles, rep *probe.Report) simModel {
	p := simulate.DefaultPolicy(simulate.Week)
	note := "t = 0 is the moment the policy file goes missing (HTTP 404); the TXT record stays. Example policy: enforce, max_age 1w."
	if rep != nil {
		var ok bool
		p, ok = simulate.FromReport(*rep)
		p.Domain, p.ID = clean(p.Domain), clean(p.ID)
		for i := range p.MX {
			p.MX[i] = clean(p.MX[i])
		}
		if ok {
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
		st:    st,
		keys:  newSimKeys(),
		help:  help.New(),
		note:  note,
		in:    defaultSimInputs(p),
		cat:   simCatalogue(),
		input: in,
	}
	s.setStyles(st)
	return s
}

func (s *simModel) setStyles(st *Styles) {
	s.st = st
	s.help.Styles = st.Help
	is := s.input.Styles()
	is.Focused.Prompt = st.Key
	is.Blurred.Prompt = st.Muted
	is.Focused.Placeholder = st.Muted
	is.Cursor.Blink = false // a steady cursor: no tick loop to feed
	s.input.SetStyles(is)
}

func (s *simModel) setSize(width, height int) {
	s.width, s.height = width, height
	s.help.SetWidth(width)
}

// recompute bumps the generation and returns the commands that rerun the
// simulation, and the population when what it depends on changed. The
// old picture stays until the new one arrives.
func (s *simModel) recompute() tea.Cmd {
	s.gen++
	gen, in := s.gen, s.in
	in.shown = append([]bool(nil), s.in.shown...) // the command must not share the model's slice
	cmds := []tea.Cmd{func() tea.Msg {
		return simResultMsg{gen: gen, res: in.scenario().Run()}
	}}
	if s.pop == nil || s.popFor != in.popKey() {
		s.popFor, s.popPending = in.popKey(), true
		cmds = append(cmds, func() tea.Msg { return popShares(gen, in.population().Run()) })
	}
	s.clampCursor()
	return tea.Batch(cmds...)
}

// popShares reduces a population run to the share of protected
// deliveries (enforced or deferred: the message is not exposed) per bucket.
func popShares(gen int, r simulate.Result) simPopMsg {
	msg := simPopMsg{gen: gen}
	for _, b := range r.Buckets {
		share := -1.0
		if t := b.Total(); t > 0 {
			share = float64(b.Count(simulate.Enforced)+b.Count(simulate.Deferred)) / float64(t)
		}
		msg.shares = append(msg.shares, share)
		msg.from = append(msg.from, b.From)
	}
	if len(r.Buckets) > 0 {
		msg.width = r.Buckets[0].To - r.Buckets[0].From
	}
	return msg
}

// init is the first run.
func (s *simModel) init() tea.Cmd { return s.recompute() }

func (s simModel) Update(msg tea.Msg) (simModel, tea.Cmd) {
	switch msg := msg.(type) {
	case simResultMsg:
		// Results arrive in order of their commands only by chance: keep
		// the newest, never an older one over a newer one.
		if msg.gen >= s.resGen {
			res := msg.res
			s.res, s.resGen = &res, msg.gen
			s.row = min(s.row, max(len(res.Senders)-1, 0))
		}
		return s, nil
	case simPopMsg:
		if msg.gen >= s.popGen {
			s.pop = &popChart{shares: msg.shares, from: msg.from, width: msg.width}
			s.popGen = msg.gen
			s.popPending = s.popGen < s.gen && s.popFor != s.in.popKey()
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
	case tea.PasteMsg:
		if s.editing != fieldNone {
			var cmd tea.Cmd
			s.input, cmd = s.input.Update(msg)
			return s, cmd
		}
	}
	return s, nil
}

// capturesText reports whether letters go to the text field, so the
// root must not take q as quit.
func (s simModel) capturesText() bool { return s.editing != fieldNone }

func (s simModel) onKey(msg tea.KeyPressMsg) (simModel, tea.Cmd) {
	k := s.keys
	small, big := s.steps()
	switch {
	case key.Matches(msg, k.Help):
		s.help.ShowAll = !s.help.ShowAll
		return s, nil
	case key.Matches(msg, k.Back):
		return s, func() tea.Msg { return backMsg{} }
	case key.Matches(msg, k.Left):
		s.cursor -= small
	case key.Matches(msg, k.Right):
		s.cursor += small
	case key.Matches(msg, k.BigLeft):
		s.cursor -= big
	case key.Matches(msg, k.BigRight):
		s.cursor += big
	case key.Matches(msg, k.Start):
		s.cursor = 0
	case key.Matches(msg, k.Up):
		s.row = max(s.row-1, 0)
	case key.Matches(msg, k.Down):
		if s.res != nil {
			s.row = min(s.row+1, max(len(s.res.Senders)-1, 0))
		}
	case key.Matches(msg, k.Preset):
		i, _ := strconv.Atoi(msg.String())
		if i >= 1 && i <= len(maxAgePresets) {
			s.in.maxAge = maxAgePresets[i-1]
			return s, s.recompute()
		}
	case key.Matches(msg, k.Attack):
		s.in.attack = !s.in.attack
		return s, s.recompute()
	case key.Matches(msg, k.OutageEarlier):
		s.in.outageStart = max(s.in.outageStart-simulate.Day, 0)
		return s, s.recompute()
	case key.Matches(msg, k.OutageLater):
		s.in.outageStart = min(s.in.outageStart+simulate.Day, s.in.until-simulate.Day)
		return s, s.recompute()
	case key.Matches(msg, k.Shorter):
		if s.in.outageLen == simulate.Forever {
			s.in.outageLen = s.in.until
		}
		s.in.outageLen = max(s.in.outageLen-simulate.Day, simulate.Day)
		return s, s.recompute()
	case key.Matches(msg, k.Longer):
		if s.in.outageLen != simulate.Forever {
			s.in.outageLen += simulate.Day
		}
		return s, s.recompute()
	case key.Matches(msg, k.Senders):
		s.picking = true
		return s, nil
	case key.Matches(msg, k.EditMaxAge):
		return s.startEdit(fieldMaxAge, simulate.FormatDuration(s.in.maxAge))
	case key.Matches(msg, k.EditOutage):
		v := simulate.FormatDuration(s.in.outageLen)
		if s.in.outageLen == simulate.Forever {
			v = "forever"
		}
		return s.startEdit(fieldOutageLen, v)
	case key.Matches(msg, k.EditStart):
		return s.startEdit(fieldOutageStart, simulate.FormatDuration(s.in.outageStart))
	case key.Matches(msg, k.EditFetch):
		return s.startEdit(fieldLastFetch, simulate.FormatDuration(s.in.lastFetch))
	case key.Matches(msg, k.EditUntil):
		return s.startEdit(fieldUntil, simulate.FormatDuration(s.in.until))
	}
	s.clampCursor()
	return s, nil
}

// startEdit opens the text field empty, with the current value as its
// placeholder: what the user types replaces the value instead of being
// appended to it ("1w" then typing "2w" gave "1w2w", read as 3 weeks).
func (s simModel) startEdit(f simField, value string) (simModel, tea.Cmd) {
	s.editing, s.editErr = f, ""
	s.input.SetValue("")
	s.input.Placeholder = value
	return s, s.input.Focus()
}

func (s simModel) onEditKey(msg tea.KeyPressMsg) (simModel, tea.Cmd) {
	switch msg.String() {
	case "esc":
		s.editing, s.editErr = fieldNone, ""
		s.input.Blur()
		return s, nil
	case "enter":
		if strings.TrimSpace(s.input.Value()) == "" {
			// Nothing typed: keep the value shown as the placeholder.
			s.editing, s.editErr = fieldNone, ""
			s.input.Blur()
			return s, nil
		}
		if err := s.apply(s.editing, s.input.Value()); err != "" {
			s.editErr = err
			return s, nil
		}
		s.editing, s.editErr = fieldNone, ""
		s.input.Blur()
		return s, s.recompute()
	case "ctrl+c":
		return s, nil // the root quits
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	s.editErr = ""
	return s, cmd
}

// apply sets a field from what was typed, or says why it cannot.
func (s *simModel) apply(f simField, text string) string {
	text = strings.TrimSpace(strings.ToLower(text))
	if f == fieldOutageLen && (text == "forever" || text == "never") {
		s.in.outageLen = simulate.Forever
		return ""
	}
	d, err := simulate.ParseDuration(text)
	if err != nil {
		return clean(err.Error())
	}
	switch f {
	case fieldMaxAge:
		// RFC 8461 §3.2: max_age is at most 31557600 seconds.
		if d < 0 || d > policy.MaxAgeLimit*time.Second {
			return "max_age is 0 to 31557600 s (1y) (RFC 8461 §3.2)"
		}
		s.in.maxAge = d
	case fieldLastFetch:
		if d < 0 || d > 2*366*simulate.Day {
			return "last fetch is 0 to 2 years before t = 0"
		}
		s.in.lastFetch = d
	case fieldOutageStart:
		if d < 0 || d >= s.in.until {
			return "the outage starts between 0 and the end of the simulation (" + simulate.FormatDuration(s.in.until) + ")"
		}
		s.in.outageStart = d
	case fieldOutageLen:
		if d <= 0 {
			return `the outage length must be positive, or "forever"`
		}
		s.in.outageLen = d
	case fieldUntil:
		// The CLI's bounds: at most 2 years, at most 200000 deliveries.
		if d < simulate.Day || d > 2*366*simulate.Day || d/s.in.every > 200_000 {
			return "simulate 1d to 2 years"
		}
		s.in.until = d
		s.in.outageStart = min(s.in.outageStart, d-simulate.Day)
	}
	return ""
}

func (s simModel) onPickKey(msg tea.KeyPressMsg) (simModel, tea.Cmd) {
	k := s.keys
	switch {
	case key.Matches(msg, k.Up):
		s.pickSel = max(s.pickSel-1, 0)
	case key.Matches(msg, k.Down):
		s.pickSel = min(s.pickSel+1, len(s.cat)-1)
	case key.Matches(msg, k.Toggle):
		// Copy on write: older models and commands share the old slice.
		shown := append([]bool(nil), s.in.shown...)
		shown[s.pickSel] = !shown[s.pickSel]
		s.in.shown = shown
		return s, s.recompute()
	case key.Matches(msg, k.Back), key.Matches(msg, k.Senders), msg.String() == "enter":
		s.picking = false
	case key.Matches(msg, k.Help):
		s.help.ShowAll = !s.help.ShowAll
	}
	return s, nil
}

// steps are the cursor's small and big moves: a whole number of hours
// close to one column, and a day (or a week on long timelines).
func (s simModel) steps() (small, big time.Duration) {
	col := s.in.until / time.Duration(max(s.stripWidth(), 1))
	for _, d := range []time.Duration{time.Hour, 2 * time.Hour, 3 * time.Hour, 4 * time.Hour, 6 * time.Hour, 8 * time.Hour, 12 * time.Hour, simulate.Day, 2 * simulate.Day, 3 * simulate.Day, simulate.Week, 2 * simulate.Week} {
		if d >= col {
			small = d
			break
		}
	}
	if small == 0 {
		small = 4 * simulate.Week
	}
	big = simulate.Day
	if small >= simulate.Day {
		big = 7 * small
	}
	return small, big
}

func (s *simModel) clampCursor() {
	small, _ := s.steps()
	s.cursor = min(max(s.cursor, 0), max(s.in.until-small, 0))
}

// senderInfo is the catalogue entry of a result's sender.
func (s simModel) senderInfo(name string) simSender {
	for _, c := range s.cat {
		if c.name == name {
			return c
		}
	}
	return simSender{name: name, short: name}
}

// readout is the cursor's sentence for one sender: the same
// Attempt.Explain and RFC that `mtasts-doctor simulate --json` prints for
// the delivery in force at that moment.
func readout(res simulate.Result, sender string, t time.Duration) (string, bool) {
	a, ok := res.At(sender, t)
	if !ok {
		return "no delivery yet", false
	}
	text := a.Explain() + ", " + a.RFC()
	if a.Reported != "" {
		text += "; TLS-RPT: " + a.Reported
	}
	if a.At != t {
		text += " (delivery at " + clock(a.At) + ")"
	}
	return clean(text), true
}

// clock writes a moment as a person reads a calendar: "day 9 14:00".
func clock(t time.Duration) string {
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	d := t / simulate.Day
	rem := t - d*simulate.Day
	return sign + "day " + strconv.FormatInt(int64(d), 10) + " " +
		pad2(int64(rem/time.Hour)) + ":" + pad2(int64(rem%time.Hour/time.Minute))
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// maxAgeText is max_age in units and, as the policy file holds it, seconds.
func maxAgeText(d time.Duration) string {
	return simulate.FormatDuration(d) + " (" + strconv.FormatInt(int64(d/time.Second), 10) + " s)"
}
