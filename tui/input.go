package tui

import (
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// target is a domain the user asked to walk, as probe.ParseTarget read it.
type target struct {
	ascii, unicode string
	notes          []string
}

// parseInput reads what the user typed on home or on the command line.
// The error text is shown inline, so it is cleaned like remote text: the
// user may have pasted anything.
func parseInput(s string) (target, error) {
	t, err := probe.ParseTarget(s)
	if err != nil {
		return target{}, err
	}
	return target{ascii: t.ASCII, unicode: t.Unicode, notes: t.Notes}, nil
}

// label is how a target is named in headers: the A-label, with the U-label
// beside it for IDNs.
func (t target) label() string {
	if t.unicode != "" && t.unicode != t.ascii {
		return t.ascii + " (" + sanitize.Line(t.unicode, 253) + ")"
	}
	return t.ascii
}

func errText(err error) string {
	return sanitize.Line(strings.TrimPrefix(err.Error(), probe.ErrInvalidDomain.Error()+": "), 200)
}
