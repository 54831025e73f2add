// Package sanitize makes untrusted text safe to show on a terminal.
//
// Everything mtasts-doctor displays that came from the network (TXT strings,
// HTTP headers and bodies, SMTP replies, certificate fields) or from a user's
// file passes through here at the boundary where it enters a Report, so
// renderers never have to think about it. Lip Gloss and Bubble Tea pass
// escape sequences, C1 controls, carriage returns and OSC 8 links through
// (see BUBBLETEA-V2.md §4), and plain output has no filter at all.
package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Line returns s as one line of plain printable text: escape sequences and
// control characters removed, newlines and tabs turned into spaces, invalid
// UTF-8 and bidi overrides dropped, and the result cut to max runes (with
// "…" appended) when max > 0.
func Line(s string, max int) string { return clean(s, false, max) }

// Text is Line for multi-line text: newlines are kept (CRLF and bare CR
// become LF, so a CR can never overwrite what was already drawn).
func Text(s string, max int) string { return clean(s, true, max) }

// Lines splits multi-line text into sanitised lines of at most maxLine
// runes each, keeping at most maxLines lines (the last says how many were
// left out).
func Lines(s string, maxLines, maxLine int) []string {
	lines := strings.Split(Text(s, 0), "\n")
	if maxLines > 0 && len(lines) > maxLines {
		omitted := len(lines) - maxLines + 1
		lines = append(lines[:maxLines-1], "… "+itoa(omitted)+" more lines")
	}
	for i, l := range lines {
		lines[i] = cut(l, maxLine)
	}
	return lines
}

func clean(s string, multiline bool, max int) string {
	if multiline {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	// Strip drops whole escape sequences, including those opened by a raw
	// 8-bit C1 byte (0x9B is CSI to a terminal in 8-bit mode, so its
	// parameters go with it); what remains is made valid UTF-8 and
	// filtered rune by rune below.
	s = toValidUTF8(ansi.Strip(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' && multiline:
			b.WriteByte('\n')
		case r == '\r' && multiline:
			b.WriteByte('\n')
		case r == '\n', r == '\t', r == '\r':
			b.WriteByte(' ')
		case r == utf8.RuneError:
		case unicode.IsControl(r): // C0, DEL and C1, including U+009B (CSI)
		case isBidiControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return cut(b.String(), max)
}

// toValidUTF8 drops whatever invalid bytes Strip left.
func toValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "")
}

func cut(s string, max int) string {
	if max <= 0 || utf8.RuneCountInString(s) <= max {
		return s
	}
	runes := []rune(s)
	return string(runes[:max-1]) + "…"
}

// isBidiControl reports the explicit directional formatting characters that
// can make text display in a different order than it is stored (the
// "Trojan Source" class).
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}
