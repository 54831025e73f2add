package tui

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

func (s simModel) onKey(msg tea.KeyPressMsg) (simModel, tea.Cmd) {
	k := s.keys
	small, big := s.steps()
	switch {
	case key.Matches(msg, k.Back):
		return s, Back
	case key.Matches(msg, k.Left):
		s.cursor -= small
	case key.Matches(msg, k.Right):
		s.cursor += small
	case key.Matches(msg, k.Last):
		s.cursor = s.in.until
	case key.Matches(msg, k.BigLeft):
		s.cursor -= big
	case key.Matches(msg, k.BigRight):
		s.cursor += big
	case key.Matches(msg, k.Start), key.Matches(msg, k.First):
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
			s.maxAgeFrom = "set by you"
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
		s.endEdit()
		return s, nil
	case "enter":
		if strings.TrimSpace(s.input.Value()) == "" {
			// Nothing typed: keep the value shown as the placeholder.
			s.endEdit()
			return s, nil
		}
		if err := s.setField(s.editing, s.input.Value()); err != "" {
			s.editErr = err
			return s, nil
		}
		s.endEdit()
		return s, s.recompute()
	case "ctrl+c":
		return s, nil // the root quits
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	s.editErr = ""
	return s, cmd
}

// endEdit closes the text field, whether its value was taken or not.
func (s *simModel) endEdit() {
	s.editing, s.editErr = fieldNone, ""
	s.input.Blur()
}

// setField sets a field from what was typed, or says why it cannot.
func (s *simModel) setField(f simField, text string) string {
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
		s.maxAgeFrom = "set by you"
	case fieldLastFetch:
		if d < 0 || d > simulate.MaxSpan {
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
		// The simulator's bounds, the ones the CLI and scenario files meet.
		if d < simulate.Day || d > simulate.MaxSpan {
			return "simulate 1d to 2 years"
		}
		in := s.in
		in.until = d
		if err := in.scenario().CheckBounds(); err != nil {
			return err.Error()
		}
		s.in.until = d
		s.in.outageStart = min(s.in.outageStart, d-simulate.Day)
	}
	return ""
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
