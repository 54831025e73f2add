// Package diag defines the diagnostic every check in mtasts-doctor reports:
// a stable code, a severity, a message, the RFC section it rests on and where
// in the input it was found.
//
// Codes are the join key between the parsers and probes that emit them, the
// explanations in assets/, the JSON output and the tests, so they never change
// once published.
package diag

import (
	"encoding/json"
	"fmt"
)

// Code names one kind of finding, dotted from general to specific, e.g.
// "policy.max_age.out_of_range".
type Code string

// Severity ranks a diagnostic by what a sender following the RFC would do.
type Severity int

const (
	// Info is worth knowing but changes nothing for delivery.
	Info Severity = iota
	// Warning is legal but risky, or real senders disagree about it.
	Warning
	// Error is something a sender following the RFC would reject.
	Error
)

var severityNames = [...]string{Info: "info", Warning: "warning", Error: "error"}

func (s Severity) String() string {
	if s < Info || s > Error {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// MarshalText makes severities read as words in JSON.
func (s Severity) MarshalText() ([]byte, error) {
	if s < Info || s > Error {
		return nil, fmt.Errorf("diag: unknown severity %d", int(s))
	}
	return []byte(severityNames[s]), nil
}

// UnmarshalText accepts the words MarshalText writes.
func (s *Severity) UnmarshalText(b []byte) error {
	for i, name := range severityNames {
		if string(b) == name {
			*s = Severity(i)
			return nil
		}
	}
	return fmt.Errorf("diag: unknown severity %q", b)
}

// Diagnostic is one finding. Line and Column are 1-based; zero means the
// finding concerns the input as a whole.
type Diagnostic struct {
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	RFC      string   `json:"rfc"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
}

// String renders the one-line human form used by lint and check:
// "3:1 error policy.mx.ip_address: message (RFC 8461 §3.2)".
func (d Diagnostic) String() string {
	s := ""
	if d.Line > 0 {
		s = fmt.Sprintf("%d:%d ", d.Line, d.Column)
	}
	s += fmt.Sprintf("%s %s: %s", d.Severity, d.Code, d.Message)
	if d.RFC != "" {
		s += " (" + d.RFC + ")"
	}
	return s
}

// List is an ordered set of diagnostics.
type List []Diagnostic

// HasErrors reports whether any diagnostic is error severity: exactly the
// condition under which the checked input is invalid.
func (l List) HasErrors() bool { return l.Worst() == Error }

// Worst returns the highest severity in the list, or Info when it is empty.
func (l List) Worst() Severity {
	worst := Info
	for _, d := range l {
		if d.Severity > worst {
			worst = d.Severity
		}
	}
	return worst
}

// Count returns how many diagnostics have severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// MarshalJSON writes an empty list as [] rather than null, so consumers can
// always iterate.
func (l List) MarshalJSON() ([]byte, error) {
	if l == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Diagnostic(l))
}

// Newf builds a diagnostic that concerns the input as a whole (line 0),
// the form network checks use.
func Newf(code Code, sev Severity, rfc, format string, a ...any) Diagnostic {
	return Diagnostic{Code: code, Severity: sev, Message: fmt.Sprintf(format, a...), RFC: rfc}
}
