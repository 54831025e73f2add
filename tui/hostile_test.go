package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/senders"
)

func ansiStripped(m Model) string { return ansi.Strip(m.View().Content) }

// Text from the network must not reach the terminal as control sequences
// even if a Step arrives unsanitised (BUBBLETEA-V2.md §4: the renderer
// passes APC, C1 and OSC 8 through).
func TestHostileStepCannotReachTheView(t *testing.T) {
	evil := "pwn\x1b]0;title\x07\x1b]52;c;Y2xpcA==\x07\x1b[2J\x1b_kitty\x1b\\\u009b2J\rEVIL\u202e\x1b]8;;http://evil/\x07link\x1b]8;;\x07"
	s := probe.Step{ID: probe.StepPolicyFetch, Status: probe.StatusFail, Summary: evil,
		Evidence: probe.Evidence{Body: evil + "\n" + evil, Notes: []string{evil},
			HTTP: []probe.HTTPExchange{{URL: evil, Headers: map[string]string{evil: evil}, Location: evil, Error: evil}}},
		Diagnostics: diag.List{{Code: diag.Code(evil), Severity: diag.Error, Message: evil, RFC: evil}},
		Hosts:       []probe.HostResult{{MX: evil, Address: evil, Transcript: []string{evil}, Error: evil}},
		Commands:    []string{evil},
	}
	rep := &probe.Report{Domain: "example.com", Steps: []probe.Step{s},
		Verdict: probe.Verdict{WithoutCache: senders.Outcome(evil), Reason: evil, RefusedMX: []string{evil}, TLSRPTResultTypes: []policy.ResultType{policy.ResultType(evil)}}}
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		m := newTestModel("example.com", size[0], size[1])
		m = feed(m, probe.Event{Step: s}, probe.Event{Report: rep})
		// The walk lands on the hostile FAIL step.
		raw := m.View().Content
		for _, bad := range []string{"\x1b]", "\x1b_", "\x1b[2J", "\u009b", "\r", "\a", "\u202e"} {
			if strings.Contains(raw, bad) {
				t.Errorf("%dx%d: view contains %q", size[0], size[1], bad)
			}
		}
		if !strings.Contains(ansi.Strip(raw), "pwn") {
			t.Errorf("%dx%d: the hostile step's text is not shown at all; the test proves nothing", size[0], size[1])
		}
	}
}
