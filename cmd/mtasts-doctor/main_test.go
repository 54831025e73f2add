package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// An interrupted command exits 130 whatever gave up on the interrupt (a
// read of standard input, a batch), as any command stopped by Ctrl-C does;
// a command that finished anyway exits as it would have.
func TestInterruptExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{
		{"lint", "record", "-"},
		{"check", "--lab", "--format", "ndjson", "healthy-enforce"},
	} {
		root := newRootCmd()
		root.SetIn(strings.NewReader(""))
		var out, errOut bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&errOut)
		if code := execute(ctx, root, args); code != exitInterrupted {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, exitInterrupted, errOut.String())
		}
	}
	root := newRootCmd()
	root.SetOut(&bytes.Buffer{})
	if code := execute(ctx, root, []string{"lab", "--list"}); code != 0 {
		t.Errorf("lab --list finished but exited %d", code)
	}
}
