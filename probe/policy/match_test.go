package policy

import "testing"

// RFC-NOTES §1E-36 (RFC 8461 §4.1, Appendix B policyMatches).
func TestMatchMX(t *testing.T) {
	tests := []struct {
		name, pattern, host string
		want                bool
	}{
		{"1E-36 §4.1 wildcard covers one label", "*.example.com", "mail.example.com", true},
		{"1E-36 §4.1 wildcard does not cover the bare domain", "*.example.com", "example.com", false},
		{"1E-36 §4.1 wildcard does not cover two labels", "*.example.com", "foo.bar.example.com", false},
		{"1E-36 §4.1 exact name", "mail.example.com", "mail.example.com", true},
		{"1E-36 §4.1 exact name is not a suffix match", "example.com", "mail.example.com", false},
		{"1E-36 §4.1 case does not matter", "*.Example.COM", "MAIL.example.com", true},
		{"1E-36 §4.1 host trailing dot", "mail.example.com", "mail.example.com.", true},
		{"1E-36 §4.1 pattern trailing dot", "*.example.com.", "mail.example.com", true},
		{"1E-36 §4.1 U-label host compared as A-label", "*.xn--bcher-kva.example", "mx.bücher.example", true},
		{"1E-36 §4.1 U-label host, exact A-label pattern", "mx.xn--bcher-kva.example", "MX.Bücher.example.", true},
		{"1E-36 §4.1 other domain", "*.example.com", "mail.example.net", false},
		{"1E-36 §4.1 empty leftmost label", "*.example.com", ".example.com", false},
		{"1E-36 §4.1 empty host", "*.example.com", "", false},
		{"1E-36 §4.1 empty pattern", "", "", false},
		{"1E-36 §4.1 lookalike suffix", "*.example.com", "mail.badexample.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MatchMX(tt.pattern, tt.host); got != tt.want {
				t.Errorf("MatchMX(%q, %q) = %v, want %v", tt.pattern, tt.host, got, tt.want)
			}
		})
	}
}

func TestCovering(t *testing.T) {
	p := Policy{MX: []string{"mail.example.com", "*.example.net", "*.b.example.net"}}
	tests := []struct {
		host, pattern string
		ok            bool
	}{
		{"mail.example.com", "mail.example.com", true},
		{"a.example.net", "*.example.net", true},
		// §4.1: the first covering pattern is reported, in file order.
		{"x.b.example.net", "*.b.example.net", true},
		{"b.example.net", "*.example.net", true},
		{"mx.example.org", "", false},
	}
	for _, tt := range tests {
		got, ok := p.Covering(tt.host)
		if got != tt.pattern || ok != tt.ok {
			t.Errorf("Covering(%q) = %q, %v; want %q, %v", tt.host, got, ok, tt.pattern, tt.ok)
		}
	}
}
