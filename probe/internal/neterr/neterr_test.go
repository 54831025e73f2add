package neterr

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"
)

func TestKinds(t *testing.T) {
	cases := []struct {
		name             string
		err              error
		timeout, refused bool
	}{
		{"context deadline", fmt.Errorf("dial: %w", context.DeadlineExceeded), true, false},
		{"socket deadline", &net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}, true, false},
		{"refused", &net.OpError{Op: "dial", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}, false, true},
		{"unreachable", &net.OpError{Op: "dial", Err: syscall.ENETUNREACH}, false, false},
		{"other", errors.New("boom"), false, false},
	}
	for _, tc := range cases {
		if IsTimeout(tc.err) != tc.timeout || IsRefused(tc.err) != tc.refused {
			t.Errorf("%s: timeout %v refused %v", tc.name, IsTimeout(tc.err), IsRefused(tc.err))
		}
	}
}

// Running out of file descriptors is this machine's problem, wherever in
// the error chain it sits; a refusal or an unreachable net is not.
func TestIsLocalResource(t *testing.T) {
	local := []error{
		&net.OpError{Op: "dial", Err: &os.SyscallError{Syscall: "socket", Err: syscall.EMFILE}},
		fmt.Errorf("wrapped: %w", &os.SyscallError{Syscall: "socket", Err: syscall.ENFILE}),
		&net.OpError{Op: "dial", Err: &os.SyscallError{Syscall: "connect", Err: syscall.EADDRNOTAVAIL}},
	}
	for _, err := range local {
		if !IsLocalResource(err) {
			t.Errorf("%v: not local", err)
		}
	}
	for _, err := range []error{syscall.ECONNREFUSED, syscall.ENETUNREACH, context.DeadlineExceeded, errors.New("too many open files")} {
		if IsLocalResource(err) {
			t.Errorf("%v: local", err)
		}
	}
}
