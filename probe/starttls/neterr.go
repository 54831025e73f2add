package starttls

import (
	"context"
	"errors"
	"net"
	"syscall"
)

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func isRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }
