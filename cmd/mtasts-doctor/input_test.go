package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCtx executes a command line under ctx with captured streams, the way
// run does.
func runCtx(ctx context.Context, stdin io.Reader, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.ExecuteContext(ctx)
	var ex exitError
	switch {
	case err == nil:
	case errors.As(err, &ex):
		code = ex.code
		if ex.err != nil {
			errb.WriteString(ex.err.Error())
		}
	default:
		code = 2
		errb.WriteString(err.Error())
	}
	return code, out.String(), errb.String()
}

// File names are user input too: one with an escape sequence must reach
// stderr neither as a live escape nor silently cleaned into another name.
func TestFileNamesInMessagesAreQuotedNotObeyed(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "\x1b[31mred")
	if err := os.WriteFile(name, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"--ca-file without PEM", []string{"check", "--resolver", "127.0.0.1:9", "--ca-file", name, "example.com"}, `\x1b[31mred": no PEM certificates found`},
		{"missing lint file", []string{"lint", "policy", name + "\x07"}, `\x1b[31mred\a": no such file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCtx(context.Background(), strings.NewReader(""), tt.args...)
			if code != 2 || strings.ContainsAny(stderr, "\x1b\x07") || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q without raw escapes", code, stderr, tt.want)
			}
		})
	}
}
