package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// quote writes strings the way dig prints them: each in double quotes, with
// \" and \\ escaped and other bytes outside printable ASCII as \DDD.
func quote(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		for j := 0; j < len(p); j++ {
			switch c := p[j]; {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c < 0x20 || c > 0x7e:
				fmt.Fprintf(&b, "\\%03d", c)
			default:
				b.WriteByte(c)
			}
		}
		b.WriteByte('"')
	}
	return b.String()
}

func TestQuotedStringsReadsDigOutput(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		ok   bool
	}{
		{`"v=STSv1; " "id=1"`, []string{"v=STSv1; ", "id=1"}, true},
		{`"a\"b" "c\\d"`, []string{`a"b`, `c\d`}, true},
		{`"caf\195\169"`, []string{"café"}, true},
		{`v=STSv1; id=1`, nil, false},
		{`"unterminated`, nil, false},
		{`"a" b`, nil, false},
		{`"\999"`, nil, false},
	} {
		got, ok := quotedStrings(tc.in)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("quotedStrings(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// Whatever strings dig prints, reading them back gives the same strings;
// and no input makes the reader panic.
func FuzzQuotedStrings(f *testing.F) {
	f.Add("v=STSv1; ", "id=1", `"a" "b"`)
	f.Add(`a"b`, `c\d`, `"\1`)
	f.Add("\x00\xff", "", `"x" "`)
	f.Fuzz(func(t *testing.T, a, b, raw string) {
		quotedStrings(raw)
		parts := []string{a, b}
		got, ok := quotedStrings(quote(parts))
		if !ok || !slices.Equal(got, parts) {
			t.Fatalf("round trip of %q via %q gave %q, %v", parts, quote(parts), got, ok)
		}
	})
}

// An argument that opens with a quote is meant as zone-file strings; when
// it does not read as such, linting it as one literal string only said
// "does not begin with v=STSv1;" and hid the typo. It is a usage error
// that says what to check.
func TestLintRecordMalformedQuotedFormIsAUsageError(t *testing.T) {
	for _, kind := range []string{"record", "tlsrpt"} {
		for _, arg := range []string{`"v=STSv1; " "id=1\`, `"v=STSv1; \999" "id=1"`, `"v=STSv1;" junk`, "\"v=STSv1; \x1b[2J"} {
			code, stdout, stderr := runLint(t, "", "lint", kind, "v=STSv1; id=1", arg)
			if code != 2 || stdout != "" || !strings.Contains(stderr, "record 2") || !strings.Contains(stderr, "quoted strings") || strings.Contains(stderr, "\x1b") {
				t.Errorf("lint %s %q: exit %d, stdout %q, stderr %q; want a usage error about record 2", kind, arg, code, stdout, stderr)
			}
		}
	}
	if code, _, stderr := runLint(t, "", "lint", "record", `"v=STSv1; " "id=1"`); code != 0 {
		t.Errorf("well-formed quoted strings: exit %d, %s", code, stderr)
	}
}
