package tui

import (
	"strings"
	"unicode"
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
// every line's width: a mapped glyph becomes its ASCII twin, any other
// grapheme beyond ASCII becomes '?' once per cell it took (an IDN's
// U-label, which the header also shows as its A-label).
func asciiFold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	p := ansi.GetParser()
	defer ansi.PutParser(p)
	var state byte
	for len(s) > 0 {
		seq, width, n, newState := ansi.DecodeSequence(s, state, p)
		if n <= 0 {
			n, seq = 1, s[:1]
		}
		state = newState
		if len(seq) == 1 && seq[0] > ' ' && seq[0] < 0x7f {
			// A letter's combining marks belong to its cell: one cell,
			// one ASCII letter.
			for n < len(s) {
				m, msize := utf8.DecodeRuneInString(s[n:])
				if !unicode.In(m, unicode.Mn, unicode.Me, unicode.Mc) {
					break
				}
				n += msize
			}
		}
		r, size := utf8.DecodeRuneInString(seq)
		switch {
		case seq[0] == '\x1b' || len(seq) == 1 && seq[0] < utf8.RuneSelf:
			b.WriteString(seq) // escape sequences, ASCII text and controls
		case seq[0] < utf8.RuneSelf:
			b.WriteString(seq[:1]) // a letter with combining marks: the letter
		case size == len(seq) && r >= 0x2800 && r <= 0x28FF: // braille (spinners)
			b.WriteByte('*')
		case size == len(seq) && asciiGlyphs[r] != 0:
			b.WriteRune(asciiGlyphs[r])
		default:
			b.WriteString(strings.Repeat("?", width))
		}
		s = s[n:]
	}
	return b.String()
}
