package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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

// A FIFO nobody writes to blocks open(2), and standard input from a
// terminal blocks read(2); the signal handler owns Ctrl-C, so the command
// itself must give up when its context ends, or only SIGKILL stops it.
func TestInputReadsGiveUpOnInterrupt(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// Release the reader the interrupted command left behind, so no
	// goroutine outlives the test (the lab tests check for leaks).
	t.Cleanup(func() {
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	stdin, stdinW := io.Pipe()
	t.Cleanup(func() { stdinW.Close() })

	tests := []struct {
		name string
		args []string
	}{
		{"lint policy on a FIFO with no writer", []string{"lint", "policy", fifo}},
		{"lint policy on standard input that never ends", []string{"lint", "policy", "-"}},
		{"simulate --scenario on a FIFO with no writer", []string{"simulate", "--scenario", fifo}},
		{"--ca-file on a FIFO with no writer", []string{"check", "--ca-file", fifo, "--resolver", "127.0.0.1:9", "example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			done := make(chan struct{})
			var code int
			var stderr string
			go func() {
				defer close(done)
				code, _, stderr = runCtx(ctx, stdin, tt.args...)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("the command ignored the interrupt")
			}
			if code != 2 || !strings.Contains(stderr, "interrupted") {
				t.Errorf("exit %d, stderr %q; want 2 and \"interrupted\"", code, stderr)
			}
		})
	}
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
