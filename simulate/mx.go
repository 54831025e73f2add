package simulate

import "strings"

// matches reports whether host matches an mx pattern: "*.example.com"
// matches "mail.example.com" but not "example.com" or
// "foo.bar.example.com" (RFC 8461 §4.1).
func matches(host, pattern string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	pattern = strings.TrimSuffix(strings.ToLower(pattern), ".")
	if rest, ok := strings.CutPrefix(pattern, "*."); ok {
		_, tail, found := strings.Cut(host, ".")
		return found && tail == rest
	}
	return host == pattern
}

func matchesAny(host string, patterns []string) bool {
	for _, p := range patterns {
		if matches(host, p) {
			return true
		}
	}
	return false
}

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "."), strings.TrimSuffix(b, "."))
}

// hostForPattern names a host a pattern covers, for timelines that give
// patterns but no MX hosts.
func hostForPattern(p string) string {
	if rest, ok := strings.CutPrefix(p, "*."); ok {
		return "mx." + rest
	}
	return p
}
