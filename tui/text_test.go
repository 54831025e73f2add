package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Wrapping must never invent spaces inside a word it broke at a hyphen:
// "mta-sts.example" has to survive as one name when the lines are read
// back together.
func TestWrapKeepsHyphenatedNamesWhole(t *testing.T) {
	s := "the TXT record announces MTA-STS but the policy host mta-sts.policy-host-nxdomain.test has no address"
	for width := 20; width <= 80; width++ {
		lines := wrap(s, width, 2)
		for _, l := range lines {
			if ansi.StringWidth(l) > width {
				t.Fatalf("width %d: line %q is wider", width, l)
			}
		}
		joined := strings.Join(lines, "\n")
		if strings.Contains(joined, "- ") {
			t.Fatalf("width %d: a space after a hyphen break:\n%s", width, joined)
		}
	}
}

// A name broken at its hyphen and continued on an indented line reads as
// two words ("mx1.dane-" / "  present.test"), and a flag broken from its
// dash ("s_client -" / "starttls") no longer copies: lines break at spaces
// only, and words are whole unless a single word is wider than the line.
func TestWrapBreaksOnlyAtSpaces(t *testing.T) {
	cases := []struct {
		name, text string
	}{
		{"host name in the verdict", "records; DANE: mx1.dane-present.test have DNSSEC-validated TLSA records; a DANE-aware sender validates them"},
		{"RFC 8460 §4.3 result type", "TLS-RPT would report: sts-policy-fetch-error, sts-webpki-invalid."},
		{"command flag", "Fix: test with: openssl s_client -starttls smtp -connect MX:25 -servername MX."},
		{"URL in a note", `note: took the domain from the URL "https://mta-sts.example.com/.well-known/mta-sts.txt"`},
	}
	for _, c := range cases {
		words := strings.Fields(c.text)
		for width := 24; width <= 80; width++ {
			for _, indent := range []int{0, 2, 4} {
				lines := wrap(c.text, width, indent)
				var got []string
				for _, l := range lines {
					if w := ansi.StringWidth(l); w > width {
						t.Fatalf("%s: width %d: line %q is %d wide", c.name, width, l, w)
					}
					got = append(got, strings.Fields(l)...)
				}
				// Every word wider than the line may be cut; the others
				// must come back whole and in order.
				fits := true
				for _, w := range words {
					if ansi.StringWidth(w) > width-indent {
						fits = false
					}
				}
				if fits && strings.Join(got, " ") != strings.Join(words, " ") {
					t.Fatalf("%s: width %d indent %d: words split:\n%s", c.name, width, indent, strings.Join(lines, "\n"))
				}
			}
		}
	}
}

// Leading spaces are part of an evidence line (they nest answers under
// their query) and an over-long word is still cut to the width.
func TestWrapKeepsLeadAndCutsOverlongWords(t *testing.T) {
	if got := wrap("  a b", 10, 4); len(got) != 1 || got[0] != "  a b" {
		t.Fatalf("lead lost: %q", got)
	}
	got := wrap("x "+strings.Repeat("y", 25), 10, 2)
	want := []string{"x", "  yyyyyyyy", "  yyyyyyyy", "  yyyyyyyy", "  y"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}
