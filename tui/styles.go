package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Styles are every style the screens use, by meaning. Colours come from the
// 16 basic ANSI colours so they look the same on 16-, 256- and true-colour
// terminals over SSH, and meaning never rests on colour alone: every status
// also has a glyph and a word.
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
	Help     help.Styles
}

// NewStyles builds the styles for a dark or light background; plain drops
// colour altogether (NO_COLOR) but keeps bold and reverse, which carry
// focus and selection.
func NewStyles(isDark, plain bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark color.Color) color.Color {
		if plain {
			return lipgloss.NoColor{}
		}
		return ld(light, dark)
	}
	fg := func(light, dark color.Color) lipgloss.Style {
		return lipgloss.NewStyle().Foreground(c(light, dark))
	}
	s := &Styles{
		Title: fg(lipgloss.Blue, lipgloss.BrightCyan).Bold(true),
		// Headings and muted text carry no colour of their own: white or
		// black headings vanish when the background guess is wrong (no
		// answer to the colour query), and bright black is the background
		// itself in Solarized and similar 16-colour themes. Bold and faint
		// work on any background and survive NO_COLOR.
		Heading:  lipgloss.NewStyle().Bold(true),
		Focused:  fg(lipgloss.Blue, lipgloss.BrightCyan).Bold(true).Underline(true),
		Selected: lipgloss.NewStyle().Reverse(true),
		Muted:    lipgloss.NewStyle().Faint(true),
		Text:     lipgloss.NewStyle(),
		Key:      fg(lipgloss.Magenta, lipgloss.BrightMagenta).Bold(true),
		Command:  fg(lipgloss.Cyan, lipgloss.Cyan),
		OK:       fg(lipgloss.Green, lipgloss.BrightGreen),
		Warn:     fg(lipgloss.Yellow, lipgloss.BrightYellow),
		Fail:     fg(lipgloss.Red, lipgloss.BrightRed).Bold(true),
		Skipped:  lipgloss.NewStyle().Faint(true),
		Error:    fg(lipgloss.Magenta, lipgloss.BrightMagenta),
		Running:  fg(lipgloss.Blue, lipgloss.BrightBlue),
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
