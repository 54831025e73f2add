// Command mtasts-doctor troubleshoots MTA-STS (RFC 8461) and TLS-RPT
// (RFC 8460): it walks every step a sending MTA performs, explains what is
// wrong, and simulates what senders do when the policy goes missing.
//
// This package only wires subcommands to the packages that do the work.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C asks the command to wind down and clean up; once it
	// has, the default action comes back, so a second Ctrl-C ends a
	// process stuck somewhere no context reaches.
	context.AfterFunc(ctx, stop)
	code := run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes the command line and returns the process exit status:
// 0 success, 1 a finding (invalid input, a failed step), 2 a usage error or
// unreadable input, 130 interrupted (SIGINT or SIGTERM); check adds 3
// (could not tell).
func run(ctx context.Context, args []string) int {
	return execute(ctx, newRootCmd(), args)
}

// execute runs a command tree (the whole CLI, or the check that serve
// offers over SSH) and turns its error into an exit status.
func execute(ctx context.Context, root *cobra.Command, args []string) int {
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	code := 2
	var ex exitError
	if errors.As(err, &ex) {
		if ex.err != nil {
			fmt.Fprintln(root.ErrOrStderr(), "mtasts-doctor:", ex.err)
		}
		code = ex.code
	} else {
		fmt.Fprintln(root.ErrOrStderr(), "mtasts-doctor:", err)
	}
	if ctx.Err() != nil {
		// Whatever gave up (a read, the UI, a batch), the reason is the
		// interrupt: a script sees 130 as for any command stopped by
		// Ctrl-C, not a usage error or a finding from a walk cut short.
		return exitInterrupted
	}
	return code
}

// exitError carries an exit status out of a command. A nil err means the
// command already said everything it had to say.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e exitError) Unwrap() error { return e.err }

// findings is the error a command returns when its input was read fine but
// is invalid or failed a check: exit 1, nothing more to print.
var findings = exitError{code: 1}

// usageErr wraps a usage or input error: exit 2 with the message on stderr.
func usageErr(format string, a ...any) error {
	return exitError{code: 2, err: fmt.Errorf(format, a...)}
}
