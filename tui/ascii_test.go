package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// On a Linux console or a vt100 (TERM from the program's environment,
// the client's over SSH) and with --ascii, every frame is ASCII and every
// line keeps its width; TERM=xterm keeps the Unicode glyphs.
func TestASCIIFrames(t *testing.T) {
	for _, term := range []string{"linux", "vt100", "vt220", "xterm-256color"} {
		m := newTestModel("policy-missing.test", 80, 24)
		m = update(m, tea.EnvMsg{"TERM=" + term})
		m = feed(m, stream(missingReport())...)
		uni := feed(newTestModel("policy-missing.test", 80, 24), stream(missingReport())...)
		view, ref := m.View().Content, uni.View().Content
		ascii := strings.IndexFunc(view, func(r rune) bool { return r > 0x7e }) < 0
		if want := term != "xterm-256color"; ascii != want {
			t.Errorf("TERM=%s: ASCII %v, want %v", term, ascii, want)
		}
		vl, rl := strings.Split(ansi.Strip(view), "\n"), strings.Split(ansi.Strip(ref), "\n")
		for i := range rl {
			if ansi.StringWidth(vl[i]) != ansi.StringWidth(rl[i]) {
				t.Errorf("TERM=%s: line %d is %d wide folded, %d as drawn", term, i+1, ansi.StringWidth(vl[i]), ansi.StringWidth(rl[i]))
			}
		}
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := New(t.Context(), Config{Runner: nopRunner, Now: fixedClock, ASCII: true, NoColor: true})
			m = update(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			m = update(m, startWalkMsg{target: target{ascii: "policy-missing.test"}})
			m = feed(m, stream(missingReport())...)
			view := ansi.Strip(m.View().Content)
			assertFits(t, view, size[0], size[1])
			golden.RequireEqual(t, []byte(view))
		})
	}
}
