package main

import (
	"errors"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// Exit statuses of check beyond 0 (nothing failed), 1 (findings) and 2
// (usage).
const (
	// exitUnknown: a step could not be decided (port 25 blocked from here,
	// a resolver timing out) and nothing failed, so "0" would be a claim
	// the checker cannot make.
	exitUnknown = 3
	// exitInterrupted is the shell's 128+SIGINT, what a script sees for a
	// command stopped with Ctrl-C.
	exitInterrupted = 130
)

// The values of check --fail-on: the least severe step status that makes
// the exit status 1.
const (
	failOnFail  = "fail"
	failOnWarn  = "warn"
	failOnNever = "never"
)

var failOnValues = []string{failOnFail, failOnWarn, failOnNever}

func checkFailOn(v string) error {
	for _, f := range failOnValues {
		if v == f {
			return nil
		}
	}
	return usageErr("--fail-on %s: want one of %s", displayName(v), strings.Join(failOnValues, ", "))
}

// batchTally counts what a batch found, for its exit status.
type batchTally struct {
	failed, warned, unknown int
	invalid                 int // list entries that were no domain
}

func (t *batchTally) add(rep *probe.Report) {
	var fail, warn, unknown bool
	for _, s := range rep.Steps {
		switch s.Status {
		case probe.StatusFail:
			fail = true
		case probe.StatusWarn:
			warn = true
		case probe.StatusError:
			unknown = true
		}
	}
	switch {
	case fail:
		t.failed++
	case warn:
		t.warned++
	}
	if unknown {
		t.unknown++
	}
}

// exit turns the tally into check's exit status. The order says what a
// script most needs to know: a finding (per --fail-on) first, then input
// that was no domain, then steps the checker could not decide.
func (t batchTally) exit(failOn string, interrupted bool) error {
	switch {
	case interrupted:
		return exitError{code: exitInterrupted, err: errors.New("interrupted")}
	case failOn == failOnFail && t.failed > 0,
		failOn == failOnWarn && t.failed+t.warned > 0:
		return findings
	case t.invalid > 0:
		return exitError{code: 2}
	case t.unknown > 0:
		return exitError{code: exitUnknown}
	}
	return nil
}
