package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLineRemovesEverythingATerminalWouldObey(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"SGR colour", "\x1b[31mred\x1b[0m", "red"},
		{"OSC title", "a\x1b]0;pwned\x07b", "ab"},
		{"OSC 52 clipboard", "a\x1b]52;c;cHduZWQ=\x1b\\b", "ab"},
		{"OSC 8 hyperlink", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"DCS", "a\x1bP1$r\x1b\\b", "ab"},
		{"APC kitty graphics", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"raw 8-bit CSI with its parameters", "a\x9b2Jb", "ab"},
		{"banner with OSC, CSI and 8-bit CSI", "ESMTP \x1b]0;owned\x07\x1b[2J\x1b[31mred\x9b0m", "ESMTP red"},
		{"UTF-8 encoded C1 CSI", "a\u009b2Jb", "a2Jb"},
		{"carriage return overwrite", "safe\rEVIL", "safe EVIL"},
		{"BEL BS DEL", "a\a\b\x7fb", "ab"},
		{"tabs and newlines", "a\tb\nc", "a b c"},
		{"bidi override", "abc\u202edef\u2066", "abcdef"},
		{"invalid UTF-8", "bad\xffutf8", "badutf8"},
		{"NUL", "a\x00b", "ab"},
		{"plain unicode kept", "mta-sts.bücher.example ✓", "mta-sts.bücher.example ✓"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Line(tc.in, 0); got != tc.want {
				t.Fatalf("Line(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTextKeepsLinesButNeverBareCR(t *testing.T) {
	got := Text("version: STSv1\r\nmode: enforce\rmx: x\n", 0)
	if want := "version: STSv1\nmode: enforce\nmx: x\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestBounds(t *testing.T) {
	long := strings.Repeat("é", 500)
	got := Line(long, 10)
	if n := utf8.RuneCountInString(got); n != 10 || !strings.HasSuffix(got, "…") {
		t.Fatalf("cut to %d runes: %q", n, got)
	}
	lines := Lines(strings.Repeat("x\n", 99)+"x", 5, 0) // 100 lines
	if len(lines) != 5 || lines[4] != "… 96 more lines" {
		t.Fatalf("got %d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

func FuzzLineIsInert(f *testing.F) {
	for _, s := range []string{"\x1b[31mx", "a\u009bb", "\x1b]8;;x\x1b\\", "safe\rEVIL", "\xff\x9b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Line(s, 0), Text(s, 0)} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q", s)
			}
			for _, r := range out {
				if r == 0x1b || r == '\r' || (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || isBidiControl(r) {
					t.Fatalf("control %U survived in %q (from %q)", r, out, s)
				}
			}
		}
	})
}
