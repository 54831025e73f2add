package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// continued lays a shell command out on lines no wider than width without
// wrapping it: it breaks only at spaces outside quotes, ends every line
// but the last with " \" and indents the rest, so the lines pasted into a
// shell are still one command. A word that does not fit a line alone is
// cut with "…" (the y key copies it whole).
func continued(cmd string, width int) []string {
	if ansi.StringWidth(cmd) <= width || width < 8 {
		return []string{truncate(cmd, max(width, 1))}
	}
	const indent = "    "
	words := flagPairs(shellWords(cmd), width-2-len(indent))
	var out []string
	line := ""
	for _, w := range words {
		room := width - 2 // for " \"
		if line == "" {
			if len(out) > 0 {
				w = indent + w
			}
			line = w
			continue
		}
		if ansi.StringWidth(line+" "+w) <= room {
			line += " " + w
			continue
		}
		out = append(out, truncate(line, room)+" \\")
		line = indent + w
	}
	last := line
	if ansi.StringWidth(last) > width {
		last = truncate(last, width)
	}
	return append(out, last)
}

// shellWords splits at spaces that are outside single and double quotes
// (a " \" continuation inside quotes would change the quoted text).
func shellWords(s string) []string {
	var out []string
	var b strings.Builder
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == ' ':
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
			continue
		}
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// flagPairs keeps an option with its value ("-servername mx.example") on
// one line where the pair fits in room: a break between them reads as two
// options.
func flagPairs(words []string, room int) []string {
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w, "-") && i+1 < len(words) && !strings.HasPrefix(words[i+1], "-") &&
			!strings.HasPrefix(words[i+1], "<") && !strings.Contains(words[i+1], "://") &&
			ansi.StringWidth(w)+1+ansi.StringWidth(words[i+1]) <= room {
			w += " " + words[i+1]
			i++
		}
		out = append(out, w)
	}
	return out
}
