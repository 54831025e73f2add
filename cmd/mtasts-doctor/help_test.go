package main

import (
	"context"
	"strings"
	"testing"
)

// Every command's --help shows examples (the house standard for the CLI),
// and the root's says what happens without a terminal and the exit codes.
func TestEveryHelpHasExamples(t *testing.T) {
	for _, path := range [][]string{{}, {"lint"}, {"lint", "policy"}, {"lint", "record"}, {"lint", "tlsrpt"}, {"check"}, {"simulate"}, {"lab"}, {"history"}, {"watch"}, {"completion"}, {"man"}} {
		code, stdout, stderr := runCtx(context.Background(), strings.NewReader(""), append(path, "--help")...)
		if code != 0 || !strings.Contains(stdout, "\nExamples:\n  ") {
			t.Errorf("%v --help: exit %d, stderr %q, no examples:\n%s", path, code, stderr, stdout)
		}
	}
	_, root, _ := runCtx(context.Background(), strings.NewReader(""), "--help")
	for _, want := range []string{"not a terminal", "Exit status: 0"} {
		if !strings.Contains(root, want) {
			t.Errorf("root --help lacks %q", want)
		}
	}
}

// Argument mistakes get a sentence a mail admin understands, not cobra's
// "accepts 1 arg(s), received 0", and a mistyped command is named as one.
func TestArgumentMistakesSayWhatToDo(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"chekc", "example.com"}, `unknown command chekc; did you mean "check"?`},
		{[]string{"simulat"}, `did you mean "simulate"?`},
		{[]string{"a.example", "b.example"}, `mtasts-doctor check DOMAIN...`},
		{[]string{"lint", "policy"}, "give one FILE, or - for standard input"},
		{[]string{"lint", "policy", "a", "b"}, "give one FILE"},
		{[]string{"lint", "record"}, "give the TXT record to check"},
		{[]string{"lint", "tlsrpt"}, "give the TXT record to check"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCtx(context.Background(), strings.NewReader(""), tt.args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", tt.args, code, stdout, stderr, tt.want)
		}
	}
}
