package simulate

import "testing"

// A read-out cites each RFC once and each section once.
func TestAddSectionsCitesEachOnce(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"RFC 8461 §3", "RFC 8461 §3, §5, §8.4"},
		{"RFC 8461 §3.2, §3.3", "RFC 8461 §3.2, §3.3, §5, §8.4"},
		{"RFC 8461 §5", "RFC 8461 §5, §8.4"},
		{"RFC 8461 §5.1", "RFC 8461 §5.1, §5, §8.4"},
		{"RFC 8460 §4.3", "RFC 8460 §4.3; RFC 8461 §5, §8.4"},
		{"", "RFC 8461 §5, §8.4"},
	} {
		if got := addSections(tc.in, "RFC 8461", "§5", "§8.4"); got != tc.want {
			t.Errorf("addSections(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
