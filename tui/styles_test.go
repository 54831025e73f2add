package tui

import (
	"fmt"
	"image/color"
	"math"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/exp/golden"
)

// Nothing may be invisible on either background, even when the guess of
// which one it is turns out wrong: headings use the terminal's own
// foreground, and muted text is faint rather than bright black (the
// background colour of Solarized-style 16-colour themes).
func TestStylesReadOnAnyBackground(t *testing.T) {
	for _, dark := range []bool{true, false} {
		st := NewStyles(dark, false)
		for name, s := range map[string]lipgloss.Style{"Heading": st.Heading, "Muted": st.Muted, "Skipped": st.Skipped} {
			if _, none := s.GetForeground().(lipgloss.NoColor); !none {
				t.Errorf("dark=%v: %s has a fixed foreground %v", dark, name, s.GetForeground())
			}
		}
		if !st.Muted.GetFaint() || !st.Heading.GetBold() {
			t.Errorf("dark=%v: muted is not faint or heading not bold", dark)
		}
	}
}

// The selected step is marked across the whole row: a reset from the
// status colour inside it used to end the reverse video after "✓ ok".
func TestSelectedRowIsReversedToItsEnd(t *testing.T) {
	m := feed(newTestModel("policy-missing.test", 120, 40), stream(missingReport())...)
	row := walkOf(m).stepRow(walkOf(m).sel, 40)
	on := strings.Index(row, "\x1b[7m")
	if on < 0 {
		t.Fatalf("selected row is not reversed: %q", row)
	}
	inner := strings.TrimRight(row[on+len("\x1b[7m"):], "\x1b[m0;")
	for _, reset := range []string{"\x1b[0m", "\x1b[m", "\x1b[27m", "\x1b[0;"} {
		if strings.Contains(inner, reset) {
			t.Errorf("reverse video ends inside the row: %q", row)
		}
	}
}

// Every colour of the palette reads as text on the backgrounds it is
// meant for: WCAG's 4.5:1 (the warning yellow was unreadable on white).
func TestPaletteContrast(t *testing.T) {
	light := []string{"#FFFFFF", "#FDF6E3"}                      // white, Solarized light
	dark := []string{"#000000", "#1E1E1E", "#282828", "#002B36"} // black, VS Code, gruvbox, Solarized dark
	for meaning, c := range palette {
		for _, bg := range light {
			if r := contrast(c[0], bg); r < 4.5 {
				t.Errorf("%s %s on %s: %.2f:1", meaning, c[0], bg, r)
			}
		}
		for _, bg := range dark {
			if r := contrast(c[1], bg); r < 4.5 {
				t.Errorf("%s %s on %s: %.2f:1", meaning, c[1], bg, r)
			}
		}
	}
}

// contrast is WCAG 2's contrast ratio of two "#RRGGBB" colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var r, g, b int
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	lin := func(v int) float64 {
		c := float64(v) / 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// The walk in colour on a light and on a dark background, as the terminal
// reports it: the colour golden shows which palette each one gets.
func TestColourGolden(t *testing.T) {
	for name, bg := range map[string]color.Color{"Light": color.White, "Dark": color.RGBA{0x1e, 0x1e, 0x1e, 0xff}} {
		t.Run(name, func(t *testing.T) {
			m := newTestModel("policy-missing.test", 80, 24)
			m = update(m, tea.BackgroundColorMsg{Color: bg})
			m = feed(m, stream(missingReport())...)
			view := m.View().Content
			want := palette["fail"][1]
			if name == "Light" {
				want = palette["fail"][0]
			}
			if !strings.Contains(strings.ToUpper(sgrHex(view)), want[1:]) {
				t.Errorf("%s: the FAIL colour %s is not used", name, want)
			}
			golden.RequireEqual(t, []byte(view))
		})
	}
}

// sgrHex turns the true-colour SGRs of s into RRGGBB, to look them up.
func sgrHex(s string) string {
	var b strings.Builder
	for _, m := range regexp.MustCompile(`38;2;(\d+);(\d+);(\d+)`).FindAllStringSubmatch(s, -1) {
		var r, g, bl int
		fmt.Sscan(m[1], &r)
		fmt.Sscan(m[2], &g)
		fmt.Sscan(m[3], &bl)
		fmt.Fprintf(&b, "%02X%02X%02X ", r, g, bl)
	}
	return b.String()
}

// NO_COLOR: no colour at all, focus and selection still show.
func TestNoColorHasNoColour(t *testing.T) {
	m := New(t.Context(), Config{Runner: nopRunner, Now: fixedClock, NoColor: true})
	m = update(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = update(m, startWalkMsg{target: target{ascii: "policy-missing.test"}})
	m = feed(m, stream(missingReport())...)
	view := m.View().Content
	if sgrHex(view) != "" || regexp.MustCompile(`\x1b\[[0-9;]*3[0-7]m`).MatchString(view) {
		t.Errorf("colour with NO_COLOR: %q", view)
	}
	if !strings.Contains(view, "\x1b[7m") {
		t.Error("the selection is not shown without colour")
	}
}
