//go:build unix

// FIFOs (syscall.Mkfifo) exist on Unix only; the rest of the input tests
// run everywhere.

package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

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
		{"check --from a FIFO with no writer", []string{"check", "--from", fifo, "--resolver", "127.0.0.1:9"}},
		{"check - on standard input that never ends", []string{"check", "--resolver", "127.0.0.1:9", "-"}},
		{"lint record - on standard input that never ends", []string{"lint", "record", "-"}},
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
