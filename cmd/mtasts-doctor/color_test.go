package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// --color beats the environment; in auto, NO_COLOR (any value) and
// FORCE_COLOR decide before colorprofile reads the terminal, TERM and
// CLICOLOR_FORCE. The writer here is a buffer: never a terminal.
func TestColorProfile(t *testing.T) {
	for _, tc := range []struct {
		mode string
		env  []string
		want func(colorprofile.Profile) bool
		says string
	}{
		{colorAuto, []string{"TERM=xterm-256color"}, isPlain, "not a terminal: plain"},
		{colorAuto, []string{"TERM=xterm-256color", "CLICOLOR_FORCE=1"}, hasColor, "CLICOLOR_FORCE"},
		{colorAuto, []string{"TERM=xterm-256color", "FORCE_COLOR=1"}, hasColor, "FORCE_COLOR=1"},
		{colorAuto, []string{"TERM=xterm-256color", "FORCE_COLOR=3"}, hasColor, "FORCE_COLOR=3"},
		{colorAuto, []string{"TERM=xterm-256color", "FORCE_COLOR=0", "CLICOLOR_FORCE=1"}, isPlain, "FORCE_COLOR=0"},
		{colorAuto, []string{"NO_COLOR=yes", "FORCE_COLOR=1", "CLICOLOR_FORCE=1"}, isPlain, "NO_COLOR with any value wins"},
		{colorAlways, []string{"NO_COLOR=1"}, hasColor, "--color always beats NO_COLOR"},
		{colorAlways, []string{"TERM=dumb"}, hasColor, "--color always on a dumb terminal"},
		{colorNever, []string{"TERM=xterm-256color", "CLICOLOR_FORCE=1", "FORCE_COLOR=1"}, isPlain, "--color never beats everything"},
	} {
		got := colorFlag{mode: tc.mode}.profile(&bytes.Buffer{}, tc.env)
		if !tc.want(got) {
			t.Errorf("%s (--color %s, %v): profile %s", tc.says, tc.mode, tc.env, got)
		}
	}
}

func isPlain(p colorprofile.Profile) bool  { return p == colorprofile.NoTTY }
func hasColor(p colorprofile.Profile) bool { return p >= colorprofile.ANSI }

// The report gets escape sequences only when asked, through a pipe too.
func TestCheckColorFlag(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	t.Setenv("FORCE_COLOR", "")
	t.Setenv("CLICOLOR_FORCE", "")
	_, always, _ := runCtx(context.Background(), strings.NewReader(""), "check", "--lab", "--color", "always", "policy-missing")
	if !strings.Contains(always, "\x1b[") {
		t.Errorf("--color always printed no colour:\n%s", always)
	}
	_, never, _ := runCtx(context.Background(), strings.NewReader(""), "check", "--lab", "--color", "never", "policy-missing")
	if strings.Contains(never, "\x1b") {
		t.Errorf("--color never printed escape sequences:\n%q", never)
	}
	if code, _, errOut := runCtx(context.Background(), strings.NewReader(""), "check", "--lab", "--color", "sometimes", "policy-missing"); code != 2 || !strings.Contains(errOut, "--color") {
		t.Errorf("--color sometimes: exit %d, %s", code, errOut)
	}
}
