package tui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
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
