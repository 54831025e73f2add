package sanitize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestLineShowsWhatItReplaces: nothing a terminal would obey, hide or
// reorder survives, and nothing is silently deleted either (issue 10 item
// 6): the reader sees an escape where the bytes were.
func TestLineShowsWhatItReplaces(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"SGR colour", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"OSC title", "a\x1b]0;pwned\x07b", `a\x1b]0;pwned\x07b`},
		{"OSC 52 clipboard", "a\x1b]52;c;cHduZWQ=\x1b\\b", `a\x1b]52;c;cHduZWQ=\x1b\b`},
		{"OSC 8 hyperlink", "\x1b]8;;http://evil\x1b\\click", `\x1b]8;;http://evil\x1b\click`},
		{"APC kitty graphics", "a\x1b_Gf=100;AAAA\x1b\\b", `a\x1b_Gf=100;AAAA\x1b\b`},
		{"raw 8-bit CSI", "a\x9b2Jb", `a\x9b2Jb`},
		{"UTF-8 encoded C1 CSI", "a\u009b2Jb", `a\u009b2Jb`},
		{"carriage return overwrite", "safe\rEVIL", `safe\rEVIL`},
		{"BEL BS DEL NUL", "a\a\b\x7f\x00b", `a\x07\x08\x7f\x00b`},
		{"tabs and newlines", "a\tb\nc", `a\tb\nc`},
		{"bidi override and isolate", "abc\u202edef\u2066", `abc\u202edef\u2066`},
		{"zero-width space between look-alikes", "mx1.exa\u200bmple.com", `mx1.exa\u200bmple.com`},
		{"BOM", "\ufeffversion", `\ufeffversion`},
		{"tag characters", "mx\U000E0041\U000E007F", `mx\U000e0041\U000e007f`},
		{"line and paragraph separators", "a\u2028b\u2029c", `a\u2028b\u2029c`},
		{"non-ASCII spaces", "a\u00a0b\u3000c", `a\u00a0b\u3000c`},
		{"invalid UTF-8", "bad\xffutf8", `bad\xffutf8`},
		{"plain unicode kept", "mta-sts.bücher.example ✓", "mta-sts.bücher.example ✓"},
		{"a real U+FFFD is kept", "a\ufffdb", "a\ufffdb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Line(tc.in, 0)
			if got != tc.want {
				t.Fatalf("Line(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if Unsafe(tc.in) != (got != tc.in) {
				t.Fatalf("Unsafe(%q) = %v, but Line changed it: %v", tc.in, Unsafe(tc.in), got != tc.in)
			}
			if again := Line(got, 0); again != got {
				t.Fatalf("Line is not idempotent: %q then %q", got, again)
			}
		})
	}
}

// Two names that differ only in hidden characters never look the same.
func TestDifferentNamesLookDifferent(t *testing.T) {
	names := []string{"mx.example.com", "mx.example.com\u200b", "\u200bmx.example.com", "mx.exam\u00adple.com",
		"mx.example.com\ufeff", "mx.example.com\U000e0020", "\x1b[0mmx.example.com", "mx.example.com\u2028"}
	seen := map[string]string{}
	for _, n := range names {
		shown := Line(n, 0)
		if other, ok := seen[shown]; ok {
			t.Errorf("%q and %q both show as %q", n, other, shown)
		}
		seen[shown] = n
	}
}

func TestTextKeepsLinesButShowsBareCR(t *testing.T) {
	got := Text("version: STSv1\r\nmode: enforce\rmx: x\n", 0)
	if want := "version: STSv1\nmode: enforce\\rmx: x\n"; got != want {
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
		line := Line(s, 0)
		if Unsafe(s) != (line != s) {
			t.Fatalf("Unsafe(%q) = %v but Line gives %q", s, Unsafe(s), line)
		}
		if Line(line, 0) != line {
			t.Fatalf("Line is not idempotent on %q", s)
		}
		for _, out := range []string{Line(s, 0), Text(s, 0)} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q", s)
			}
			for _, r := range out {
				if r == 0x1b || r == '\r' || (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || isBidiControl(r) ||
					unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029 {
					t.Fatalf("control %U survived in %q (from %q)", r, out, s)
				}
			}
		}
	})
}
