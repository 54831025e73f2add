package tui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// continued never returns a line wider than asked, and lines that were
// not cut read back as the command.
func FuzzContinued(f *testing.F) {
	f.Add(`openssl s_client -starttls smtp -connect mx1.example:25 -servername mx1.example </dev/null`, 40)
	f.Add(`dig TXT "a quoted 'string' with spaces" @127.0.0.1`, 20)
	f.Add(`curl -sv --resolve 'a b':443:1.2.3.4 https://x/`, 12)
	f.Fuzz(func(t *testing.T, cmd string, width int) {
		if !utf8.ValidString(cmd) || strings.ContainsAny(cmd, "\n\r\t\x1b") || width < 0 || width > 400 {
			return
		}
		lines := continued(cmd, width)
		cut := false
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > max(width, 1) {
				t.Fatalf("line %q is %d wide, asked %d", l, w, width)
			}
			cut = cut || strings.Contains(l, "…")
		}
		if !cut && width >= 8 && !strings.Contains(cmd, "  ") && strings.TrimSpace(cmd) == cmd {
			back := strings.ReplaceAll(strings.Join(lines, "\n"), " \\\n    ", " ")
			if back != cmd {
				t.Fatalf("%q read back as %q", cmd, back)
			}
		}
	})
}

// asciiFold leaves only ASCII outside escape sequences and keeps every
// line's width. Frames are sanitised text in lipgloss's SGR styling, so
// the fuzzer's text gets no escapes of its own and is styled here.
func FuzzASCIIFold(f *testing.F) {
	f.Add("✓ ok ✗ FAIL … │ bücher.example 例え")
	f.Add("⠋ walking… ↑/↓ §3.3")
	f.Add("cafe\u0301 \u0086 👨\u200d👩 x")
	f.Fuzz(func(t *testing.T, s string) {
		// Frames hold sanitised text: sanitize has replaced every control
		// and format character with a visible ASCII escape.
		if !utf8.ValidString(s) || sanitize.Unsafe(strings.ReplaceAll(s, "\n", "")) {
			return
		}
		s = "\x1b[1;38;2;1;2;3m" + strings.ReplaceAll(s, " ", "\x1b[m \x1b[7m") + "\x1b[m"
		out := asciiFold(s)
		if strings.IndexFunc(ansi.Strip(out), func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 {
			t.Fatalf("non-ASCII left in %q", out)
		}
		a, b := strings.Split(ansi.Strip(s), "\n"), strings.Split(ansi.Strip(out), "\n")
		if len(a) != len(b) {
			t.Fatalf("%d lines became %d", len(a), len(b))
		}
		for i := range a {
			if ansi.StringWidth(a[i]) != ansi.StringWidth(b[i]) {
				t.Fatalf("line %q (%d wide) folded to %q (%d)", a[i], ansi.StringWidth(a[i]), b[i], ansi.StringWidth(b[i]))
			}
		}
	})
}
