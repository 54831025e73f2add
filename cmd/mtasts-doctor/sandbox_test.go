package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSandboxPlayAndCompare(t *testing.T) {
	code, out, errOut := runLint(t, "", "sandbox", "--play", "12h strip-tls, 1d policy-404, 36h undo", "--until", "2d", "--compare")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s\n%s", code, errOut, out)
	}
	for _, want := range []string{
		"12h     ── attacker strips STARTTLS",
		// STARTTLS stripped, policy still fetched: even a new sender defers.
		"12h     rfc, no cache             deferred",
		"1d      ── take the policy file away (404)",
		// and with the policy gone too, it delivers in plain text.
		"1d      rfc, no cache             exposed            TXT id=1; fetch failed (404) → delivered to mx1.sandbox.test in plain text",
		"1d12h   ── undo",
		"Model and watched senders agree on 192 of 192 deliveries.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

func TestSandboxJSONAndUsage(t *testing.T) {
	code, out, _ := runLint(t, "", "sandbox", "--json", "--play", "2h remove-txt", "--until", "3h")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3*4+1 {
		t.Errorf("%d events, want 12 deliveries and 1 change", len(lines))
	}
	var sawChange bool
	for _, l := range lines {
		var e struct {
			AtSeconds int64  `json:"at_seconds"`
			Change    string `json:"change"`
			Outcome   string `json:"outcome"`
		}
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		if e.Change != "" {
			sawChange = e.AtSeconds == 7200 && strings.Contains(e.Change, "remove")
		}
	}
	if !sawChange {
		t.Error("no remove-txt change at 7200 s")
	}
	for _, args := range [][]string{
		{"sandbox", "--play", "1d no-such-change"},
		{"sandbox", "--play", "soon policy-404"},
		{"sandbox", "--until", "100d"},
		// The clock would run past --until to reach the change.
		{"sandbox", "--play", "3d policy-404", "--until", "2d"},
		// Nothing to undo yet: the steps are taken in time order.
		{"sandbox", "--play", "1d undo"},
		{"sandbox", "--play", "2d policy-404, 1d undo"},
		{"sandbox", "--play", "1d policy-404, 2d undo, 2d undo"},
		{"sandbox", "extra"},
	} {
		if code, _, _ := runLint(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	code, out, _ = runLint(t, "", "sandbox", "--changes")
	if code != 0 || !strings.Contains(out, "policy-404") || !strings.Contains(out, "undo") {
		t.Errorf("--changes: exit %d\n%s", code, out)
	}
}

// --json --compare stays one JSON object per line: the comparison is the
// last object, not a sentence after the events.
func TestSandboxJSONCompare(t *testing.T) {
	code, out, errOut := runLint(t, "", "sandbox", "--json", "--compare", "--play", "1h policy-404", "--until", "3h")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("not JSON: %q", l)
		}
	}
	var cmp struct {
		Deliveries    int      `json:"compared_deliveries"`
		Agree         int      `json:"model_agrees"`
		Disagreements []string `json:"disagreements"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &cmp); err != nil || cmp.Deliveries != 12 || cmp.Agree != 12 || cmp.Disagreements == nil {
		t.Errorf("last line %q: %+v %v", lines[len(lines)-1], cmp, err)
	}
}
