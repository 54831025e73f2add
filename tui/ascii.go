package tui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// asciiTerm reports whether a TERM names a terminal that cannot draw the
// UI's box, block, braille and symbol characters: the Linux console's
// font has no braille or check marks, a vt100 has no Unicode at all.
func asciiTerm(term string) bool {
	switch {
	case term == "linux", term == "cons25", term == "ansi", term == "pcansi":
		return true
	case strings.HasPrefix(term, "vt") && !strings.HasPrefix(term, "vte"):
		return true // vt52, vt100, vt102, vt220, vt320 …
	}
	return false
}

// asciiGlyphs map each character the UI draws to one ASCII character of
// the same width, so the layout holds. The simulator's outcome glyphs
// fold to the letters the CLI's --ascii strip uses.
var asciiGlyphs = map[rune]rune{
	'✓': '+', '✗': 'x', '–': '-', '—': '-', '…': '~', '·': '.', '•': '*',
	'›': '>', '▸': '>', '│': '|', '─': '-', '┼': '+', '┬': '+', '┴': '+',
	'↑': '^', '↓': 'v', '←': '<', '→': '>', '∓': '-', '±': '+',
	'█': '#', '▒': 'D', '╌': 't', '×': 'X', '↻': 'r', '↯': 'f', '⊘': 'e',
	'§': 'S', '≥': '>', '≤': '<', '▏': '|', '▕': '|', '▔': '-', '▁': '_',
	'‘': '\'', '’': '\'', '“': '"', '”': '"', '▲': '^', '▼': 'v',
	// The reports chart's other result-type glyphs stay distinct; ▶ is the
	// sandbox's running clock.
	'▓': '%', '░': ':', '■': '=', '◆': '@', '●': 'o', '▶': '>',
}

// asciiFold turns a frame into ASCII, keeping its escape sequences and
// every line's width: a mapped glyph becomes its ASCII twin, anything else
// beyond ASCII becomes '?' once per cell it took (an IDN's U-label, which
// the header also shows as its A-label).
func asciiFold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\x1b':
			// Copy the whole escape sequence untouched.
			seq := escapeAt(s[i:])
			b.WriteString(seq)
			i += len(seq)
			continue
		case r < utf8.RuneSelf:
			b.WriteByte(s[i])
		case r >= 0x2800 && r <= 0x28FF: // braille (spinners)
			b.WriteByte('*')
		default:
			if a, ok := asciiGlyphs[r]; ok {
				b.WriteRune(a)
			} else {
				b.WriteString(strings.Repeat("?", max(ansi.StringWidth(string(r)), 1)))
			}
		}
		i += size
	}
	return b.String()
}

// escapeAt is the escape sequence at the start of s.
func escapeAt(s string) string {
	p := ansi.GetParser()
	defer ansi.PutParser(p)
	seq, _, n, _ := ansi.DecodeSequence(s, ansi.NormalState, p)
	if n <= 0 {
		return s[:1]
	}
	return seq
}
