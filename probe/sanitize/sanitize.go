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
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line returns s as one line of plain printable text: every character a
// terminal would obey, hide or reorder is replaced by a visible escape, and
// the result is cut to max runes (with "…" appended) when max > 0.
//
// Replaced, never deleted: deleting made "\x1b[0mmx.example.com" read as
// "mx.example.com" right under a finding that said the name did not match.
// Escapes are written Go-style: \x1b for an ESC byte, \n \r \t for line
// breaks and tabs, \xff for a byte that is not UTF-8, \u202e or \U000e0041
// for a character (C1 controls, Unicode format characters such as bidi
// overrides, ZWSP and BOM, tag characters, U+2028/U+2029, non-ASCII spaces
// and anything else that is not printable). Unsafe reports whether s holds
// any of them.
func Line(s string, max int) string { return clean(s, false, max) }

// Text is Line for multi-line text: line feeds are kept (CRLF becomes LF; a
// bare CR is shown as \r, so it can never overwrite what was drawn).
func Text(s string, max int) string { return clean(s, true, max) }

// Unsafe reports whether Line would replace anything in s: whether s holds
// a control or format character, a line or paragraph separator, a
// non-ASCII space or invalid UTF-8. Callers turn it into a finding, so the
// reader knows the escapes they see were sent.
func Unsafe(s string) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return true
			}
		}
		if hidden(r) {
			return true
		}
	}
	return false
}

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
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			escapeByte(&b, s[i])
		case r == '\n' && multiline:
			b.WriteByte('\n')
		case hidden(r):
			escapeRune(&b, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
		if max > 0 && b.Len() > 4*max+16 {
			break // cut below; no need to escape the rest of a huge input
		}
	}
	return cut(b.String(), max)
}

// hidden reports the characters Line replaces: everything that is not
// printable (C0, DEL, C1, format characters including bidi controls and
// tags, separators, non-ASCII spaces, private use, unassigned), except the
// ASCII space. U+FFFD itself, when it was really sent, is printable.
func hidden(r rune) bool {
	return r != ' ' && !unicode.IsPrint(r) || isBidiControl(r)
}

func escapeByte(b *strings.Builder, c byte) {
	const hex = "0123456789abcdef"
	b.WriteString(`\x`)
	b.WriteByte(hex[c>>4])
	b.WriteByte(hex[c&0xf])
}

func escapeRune(b *strings.Builder, r rune) {
	switch {
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\r':
		b.WriteString(`\r`)
	case r == '\t':
		b.WriteString(`\t`)
	case r < 0x80:
		escapeByte(b, byte(r))
	case r <= 0xffff:
		fmt.Fprintf(b, `\u%04x`, r)
	default:
		fmt.Fprintf(b, `\U%08x`, r)
	}
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
