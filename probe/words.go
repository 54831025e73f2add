package probe

import (
	"fmt"
	"strings"
)

// count says "1 MX host" or "3 MX hosts": summaries are read by people.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %s", n, plural(noun))
}

func plural(noun string) string {
	switch {
	case len(noun) > 2 && noun[len(noun)-2:] == "ss":
		return noun + "es"
	default:
		return noun + "s"
	}
}

// allWords says "the only MX host passes" or "all 3 MX hosts pass".
func allWords(n int, noun, verbOne, verbMany string) string {
	if n == 1 {
		return "the only " + noun + " " + verbOne
	}
	return fmt.Sprintf("all %s %s", count(n, noun), verbMany)
}

func matchWords(n int) string { return allWords(n, "MX host", "matches", "match") + " the policy" }

// verb picks the verb form that agrees with n.
func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// shortList names up to three items and counts the rest.
func shortList(items []string) string {
	const shown = 3
	out := strings.Join(items[:min(shown, len(items))], ", ")
	if len(items) > shown {
		out += fmt.Sprintf(" and %d more", len(items)-shown)
	}
	return out
}
