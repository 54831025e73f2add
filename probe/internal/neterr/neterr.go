// Package neterr sorts the errors of a dial, read or write into the few
// kinds the transports report differently: a deadline (the peer or the path
// is too slow), a refusal (nothing listens), anything else.
package neterr

import (
	"context"
	"errors"
	"net"
	"syscall"
	"time"
)

// IsTimeout reports whether err is a deadline (the context's or the
// connection's), as opposed to a refusal or an unreachable network.
func IsTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// IsRefused reports whether the peer answered the connection with a reset:
// the host is up, nothing listens on the port.
func IsRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

// IsLocalResource reports whether err is this machine running out of
// something (file descriptors, socket buffers, local ports), which says
// nothing about the peer or the path: "too many open files" must never be
// reported as a network that blocks port 25.
func IsLocalResource(err error) bool {
	for _, e := range []error{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM, syscall.EADDRNOTAVAIL} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// Stopped returns why the caller's ctx ended, or nil. A deadline counts as
// soon as its time has come, even before ctx's own timer has marked it: a
// socket deadline set from the same instant may wake the read first, and
// that read's timeout is the caller's, not the peer's slowness.
func Stopped(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		return context.DeadlineExceeded
	}
	return nil
}
