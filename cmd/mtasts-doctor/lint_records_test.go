package main

import (
	"strings"
	"testing"
)

// lint record - and lint tlsrpt - read dig +short TXT output: one record a
// line, in quoted strings, several lines being several records (RFC 8461
// §3.1: more than one STSv1 record means no policy).
func TestLintRecordsFromStandardInput(t *testing.T) {
	for _, tc := range []struct {
		name, stdin string
		args        []string
		code        int
		says        string
	}{
		{"one record in two strings", "\"v=STSv1; \" \"id=20240101\"\n", []string{"lint", "record", "-"}, 0, "record: valid"},
		{"two records: not one policy", "\"v=STSv1; id=1\"\n\n\"v=STSv1; id=2\"\r\n", []string{"lint", "record", "-"}, 1, "record.multiple"},
		{"an unrelated record beside it", "\"google-site-verification=x\"\n\"v=STSv1; id=1\"\n", []string{"lint", "record", "-"}, 0, "record: valid"},
		{"unquoted lines", "v=STSv1; id=1\n", []string{"lint", "record", "-"}, 0, "record: valid"},
		{"tlsrpt", "\"v=TLSRPTv1; rua=mailto:tlsrpt@example.com\"\n", []string{"lint", "tlsrpt", "-"}, 0, "tlsrpt: valid"},
		{"empty input", "\n\n", []string{"lint", "record", "-"}, 2, "no TXT record"},
		{"- beside other records", "", []string{"lint", "record", "v=STSv1; id=1", "-"}, 2, "goes alone"},
		{"a broken quote on a line", "\"v=STSv1; id=1\n", []string{"lint", "record", "-"}, 2, "starts with a quote"},
		// "$(dig +short TXT …)" keeps the newlines in one argument.
		{"one argument of two lines", "", []string{"lint", "record", "\"v=STSv1; id=1\"\n\"v=STSv1; id=2\""}, 1, "record.multiple"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runLint(t, tc.stdin, tc.args...)
			if code != tc.code || !strings.Contains(out+errOut, tc.says) {
				t.Fatalf("exit %d, want %d and %q\nstdout: %s\nstderr: %s", code, tc.code, tc.says, out, errOut)
			}
		})
	}
}
