package main

import (
	"context"
	"strings"
	"testing"
)

// --resolver names the DNS server to ask instead of the system resolver
// (DESIGN.md: the real world is /etc/resolv.conf or --resolver). A value
// the dialer cannot use must be a usage error before any query, not a
// "lookup failed" finding; and a host name must be refused, because
// dialling it asks the system resolver behind the user's back.
func TestResolverFlagTakesAnAddressOnly(t *testing.T) {
	good := []struct{ in, want string }{
		{"127.0.0.1:5353", "127.0.0.1:5353"},
		{"127.0.0.1", "127.0.0.1:53"},
		{"::1", "[::1]:53"},
		{"[::1]", "[::1]:53"},
		{"[::1]:9", "[::1]:9"},
		{"[fe80::1%lo]:53", "[fe80::1%lo]:53"},
		{"@127.0.0.1", "127.0.0.1:53"}, // as dig writes it
		{"@::1", "[::1]:53"},
		{"@[::1]:5353", "[::1]:5353"},
	}
	for _, tt := range good {
		if got, err := resolverAddr(tt.in); err != nil || got != tt.want {
			t.Errorf("resolverAddr(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "foo", "host.example:53", "localhost", "127.0.0.1:99999", "127.0.0.1:0", "127.0.0.1:abc", "1.2.3.4:53:53", "\x1b[31m127.0.0.1", "@", "@@127.0.0.1", "@localhost"} {
		code, stdout, stderr := runCtx(context.Background(), strings.NewReader(""), "check", "--resolver", bad, "--no-smtp", "example.com")
		if code != 2 || stdout != "" || !strings.Contains(stderr, "--resolver") || strings.Contains(stderr, "\x1b") {
			t.Errorf("--resolver %q: exit %d, stdout %q, stderr %q; want a usage error (2) naming --resolver and no probe", bad, code, stdout, stderr)
		}
	}
}
