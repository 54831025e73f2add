package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Styles are every style the screens use, by meaning. Meaning never rests
// on colour alone: every status also has a glyph and a word.
type Styles struct {
	Title    lipgloss.Style
	Heading  lipgloss.Style // a pane's heading when it does not have focus
	Focused  lipgloss.Style // a pane's heading when it has focus
	Selected lipgloss.Style // the selected row of a list
	Muted    lipgloss.Style
	Text     lipgloss.Style
	Key      lipgloss.Style
	Command  lipgloss.Style
	OK       lipgloss.Style
	Warn     lipgloss.Style
	Fail     lipgloss.Style
	Skipped  lipgloss.Style
	Error    lipgloss.Style
	Running  lipgloss.Style
	Unsafe   lipgloss.Style // an escape standing for a character the peer sent to hide or steer text
	Help     help.Styles
	// ASCII is set when the terminal cannot draw box, block or braille
	// characters (a Linux console, a vt100, --ascii): the root folds the
	// frame to ASCII and animations use ASCII frames.
	ASCII bool
}

// palette is one colour per meaning for each background. Every colour
// has a contrast of at least 4.5:1 (WCAG AA for text) against white and
// Solarized light (#FDF6E3), or against black, #1E1E1E, #282828 and
// Solarized dark (#002B36); TestPaletteContrast measures it. The basic
// ANSI colours could not promise that: their RGB is the terminal theme's,
// and the yellow was unreadable on white.
var palette = map[string][2]string{ // meaning → {light, dark}
	"ok":    {"#17702F", "#3FB950"},
	"warn":  {"#8A5A00", "#E3B341"},
	"fail":  {"#B91C28", "#FF7B72"},
	"error": {"#7340C8", "#D2A8FF"},
	"blue":  {"#0860C4", "#79C0FF"},
	"cmd":   {"#166A70", "#56D4DD"},
	"key":   {"#A0259E", "#F778BA"},
}

// NewStyles builds the styles for a dark or light background (as the
// terminal reported it); plain drops colour altogether (NO_COLOR) but keeps
// bold, underline and reverse, which carry focus and selection.
func NewStyles(isDark, plain bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	fg := func(meaning string) lipgloss.Style {
		if plain {
			return lipgloss.NewStyle()
		}
		c := palette[meaning]
		return lipgloss.NewStyle().Foreground(ld(lipgloss.Color(c[0]), lipgloss.Color(c[1])))
	}
	s := &Styles{
		Title: fg("blue").Bold(true),
		// Headings and muted text carry no colour of their own: they use
		// the terminal's own foreground, bold or faint, which reads on any
		// background even when the background could not be detected.
		Heading:  lipgloss.NewStyle().Bold(true),
		Focused:  fg("blue").Bold(true).Underline(true),
		Selected: lipgloss.NewStyle().Reverse(true),
		Muted:    lipgloss.NewStyle().Faint(true),
		Text:     lipgloss.NewStyle(),
		Key:      fg("key").Bold(true),
		Command:  fg("cmd"),
		OK:       fg("ok"),
		Warn:     fg("warn"),
		Fail:     fg("fail").Bold(true),
		Skipped:  lipgloss.NewStyle().Faint(true),
		Error:    fg("error"),
		Running:  fg("blue"),
		Unsafe:   fg("warn").Reverse(true),
	}
	// The default help colours are too faint to read on many dark
	// terminals; use the palette's own.
	s.Help = help.Styles{
		ShortKey: s.Key, ShortDesc: s.Text, ShortSeparator: s.Muted, Ellipsis: s.Muted,
		FullKey: s.Key, FullDesc: s.Text, FullSeparator: s.Muted,
	}
	return s
}

// selectRow draws a selected row in reverse video across its whole width.
// The row's own colours are dropped: their resets would end the reverse
// after the first styled cell, leaving most of the row unmarked.
func (s *Styles) selectRow(row string, width int) string {
	return s.Selected.Render(padRight(ansi.Strip(row), width))
}
