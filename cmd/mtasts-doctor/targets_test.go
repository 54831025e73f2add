package main

import (
	"context"
	"strings"
	"testing"
)

// A DOMAIN argument with bytes no domain name can hold is a usage error
// that shows the bytes, quoted: invalid UTF-8 used to be probed as the
// A-label of U+FFFD, and an escape sequence was stripped from the message,
// leaving "ex.com" as the name that was supposedly invalid.
func TestDomainArgumentsWithUnprintableBytesAreRefused(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"check, invalid UTF-8", []string{"check", "--resolver", "127.0.0.1:9", "\xff.com"}, `"\xff.com" is not valid UTF-8`},
		{"check, escape sequence", []string{"check", "--resolver", "127.0.0.1:9", "\x1b[31mex.com"}, `"\x1b[31mex.com" contains control characters`},
		{"root, escape sequence", []string{"--resolver", "127.0.0.1:9", "\x1b]0;t\x07ex.com"}, `"\x1b]0;t\aex.com" contains control characters`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCtx(context.Background(), strings.NewReader(""), tt.args...)
			if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) || strings.ContainsAny(stderr, "\x1b\x07") {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, stdout, stderr, tt.want)
			}
		})
	}
}

// check --lab only knows the lab's scenarios: a typo is a usage error
// naming the list, not an NXDOMAIN "finding" about NAME.test.
func TestCheckLabRefusesUnknownScenarios(t *testing.T) {
	for _, name := range []string{"nosuch", "example.com", "policy-missingg.test"} {
		code, stdout, stderr := runCtx(context.Background(), strings.NewReader(""), "check", "--lab", "policy-missing", name)
		if code != 2 || stdout != "" || !strings.Contains(stderr, "lab --list") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want a usage error pointing at lab --list", name, code, stdout, stderr)
		}
	}
	var got []string
	for _, a := range []string{"POLICY-MISSING", "policy-missing.test.", "healthy-enforce"} {
		d, err := labDomain(a)
		if err != nil {
			t.Fatalf("labDomain(%q): %v", a, err)
		}
		got = append(got, d)
	}
	if strings.Join(got, " ") != "policy-missing.test policy-missing.test healthy-enforce.test" {
		t.Errorf("labDomain = %v", got)
	}
}
