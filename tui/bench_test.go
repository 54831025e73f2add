package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// BenchmarkSimulateFrame is one frame of the simulator at 120×40 after a
// cursor move: the key goes through Update and View renders the whole
// screen, as every keypress does. A frame at 60 fps has 16 ms.
func BenchmarkSimulateFrame(b *testing.B) {
	m := openSim(b, 120, 40)
	keys := []string{"l", "h"} // right then left: the cursor stays on screen
	b.ReportAllocs()
	b.ResetTimer()
	var frame string
	for i := 0; b.Loop(); i++ {
		m = press(m, keys[i%2])
		frame = m.View().Content
	}
	b.StopTimer()
	if !strings.Contains(ansi.Strip(frame), "cached (rfc)") {
		b.Fatalf("frame lacks the sender rows:\n%s", ansi.Strip(frame))
	}
}
