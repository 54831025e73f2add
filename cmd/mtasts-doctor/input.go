package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// errTooLarge says an input file went past the limit its reader set.
var errTooLarge = errors.New("too large")

// errInterrupted says the user gave up on a read that was still waiting.
var errInterrupted = errors.New("interrupted while waiting for input")

// readInput reads a whole file, or in for "-", holding at most limit bytes:
// a user-named file can be a device or a log that never ends. A FIFO with
// no writer, or a terminal, can block open and read for ever, and the
// signal handler has taken over Ctrl-C, so the read runs aside and ctx
// ending abandons it. It returns the name to put in messages, and errors
// without the path (callers name it once).
func readInput(ctx context.Context, in io.Reader, name string, limit int64) (data []byte, label string, err error) {
	label = "standard input"
	if name != "-" {
		label = displayName(name)
	}
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		d, err := readAll(in, name, limit)
		done <- result{d, err}
	}()
	select {
	case r := <-done:
		return r.data, label, r.err
	case <-ctx.Done():
		return nil, label, errInterrupted
	}
}

func readAll(in io.Reader, name string, limit int64) ([]byte, error) {
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, unwrapPath(err)
		}
		defer f.Close()
		in = f
	}
	data, err := io.ReadAll(io.LimitReader(in, limit+1))
	if err != nil {
		return nil, unwrapPath(err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", errTooLarge, limit)
	}
	return data, nil
}

// displayName shows a user-given name in a message. A name that would not
// survive sanitising unchanged (escape sequences, control bytes, invalid
// UTF-8) is shown quoted in Go syntax, so the reader sees which file was
// meant instead of a cleaned-up name that may not exist.
func displayName(name string) string {
	const max = 200
	if name != "" && sanitize.Line(name, max) == name {
		return name
	}
	if len(name) > max {
		name = name[:max]
	}
	return strconv.QuoteToASCII(name)
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
