package probe

import (
	"errors"
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	for _, tc := range []struct {
		in, ascii, unicode, note string
	}{
		{"example.com", "example.com", "example.com", ""},
		{"  Example.COM  ", "example.com", "example.com", ""},
		{"example.com.", "example.com", "example.com", "trailing dot"},
		{"postmaster@example.com", "example.com", "example.com", "email address"},
		{"mailto:a@b.example", "b.example", "b.example", "email address"},
		{"https://mta-sts.example.com/.well-known/mta-sts.txt", "example.com", "example.com", "URL"},
		{"_mta-sts.example.com", "example.com", "example.com", "policy domain example.com"},
		{"_smtp._tls.example.com.", "example.com", "example.com", "policy domain example.com"},
		{"bücher.example", "xn--bcher-kva.example", "bücher.example", "A-label"},
		{"xn--bcher-kva.example", "xn--bcher-kva.example", "bücher.example", "A-label"},
		{"policy-missing.test", "policy-missing.test", "policy-missing.test", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseTarget(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.ASCII != tc.ascii || got.Unicode != tc.unicode {
				t.Fatalf("got %q/%q, want %q/%q", got.ASCII, got.Unicode, tc.ascii, tc.unicode)
			}
			notes := strings.Join(got.Notes, "; ")
			if (tc.note == "") != (notes == "") || !strings.Contains(notes, tc.note) {
				t.Fatalf("notes %q, want mention of %q", notes, tc.note)
			}
		})
	}
}

func TestParseTargetRejects(t *testing.T) {
	for _, in := range []string{
		"", "   ", "localhost", "192.0.2.1", "[2001:db8::1]", "exa mple.com", "a..b.com",
		"-bad-.example", "http://", strings.Repeat("a", 64) + ".com", strings.Repeat("a.", 200) + "com",
		"\x1b[31mevil.example", "foo_bar.example",
	} {
		if _, err := ParseTarget(in); !errors.Is(err, ErrInvalidDomain) {
			t.Errorf("ParseTarget(%q) = %v, want ErrInvalidDomain", in, err)
		}
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"example.com", "a@b.c", "https://x.y/z", "bücher.example.", "\x1b]0;x\x07.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTarget(s)
		if err != nil {
			return
		}
		if len(got.ASCII) > 253 || got.ASCII == "" || strings.ContainsAny(got.ASCII, " \x1b@/") {
			t.Fatalf("ParseTarget(%q) accepted %q", s, got.ASCII)
		}
	})
}

// The error says what is wrong in an admin's words, not the IDNA library's.
func TestParseTargetSaysWhy(t *testing.T) {
	for in, want := range map[string]string{
		"exa mple.com":   "contains a space",
		"192.0.2.1":      "IP address",
		"localhost":      "single label",
		"":               "empty",
		"\xff.com":       `"\xff.com" is not valid UTF-8`,
		"\x1b[31mex.com": `"\x1b[31mex.com" contains control characters or escape sequences`,
	} {
		_, err := ParseTarget(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseTarget(%q) = %v, want it to say %q", in, err, want)
		}
	}
}
