package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// errTooLarge says an input file went past the limit its reader set.
var errTooLarge = errors.New("too large")

// readInput reads a whole file, or in for "-", holding at most limit bytes:
// a user-named file can be a device or a log that never ends. It returns
// the sanitised name to put in messages, and errors without the path
// (callers name it once).
func readInput(in io.Reader, name string, limit int64) (data []byte, label string, err error) {
	label = "standard input"
	if name != "-" {
		f, err := os.Open(name)
		label = sanitize.Line(name, 200)
		if err != nil {
			return nil, label, unwrapPath(err)
		}
		defer f.Close()
		in = f
	}
	data, err = io.ReadAll(io.LimitReader(in, limit+1))
	if err != nil {
		return nil, label, unwrapPath(err)
	}
	if int64(len(data)) > limit {
		return nil, label, fmt.Errorf("%w: more than %d bytes", errTooLarge, limit)
	}
	return data, label, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
