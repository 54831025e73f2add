package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// At 80x24 the verdict panel has three lines and cuts the rest; the
// verdict step's detail must then carry all of it, above all the TLS-RPT
// result type (RFC 8460 §4.3) the issue asks the verdict to name.
func TestVerdictStepShowsTheWholeVerdict(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {40, 12}} {
		m := feed(newTestModel("policy-missing.test", size[0], size[1]), stream(missingReport())...)
		for range len(probe.StepOrder()) {
			m = press(m, "down")
		}
		if id := walkOf(m).steps[walkOf(m).sel].ID; id != probe.StepVerdict {
			t.Fatalf("selected %s, want the verdict step", id)
		}
		var all []string
		all = append(all, ansi.Strip(m.View().Content))
		m = press(m, "tab")
		for range 20 {
			m = press(m, "down")
			all = append(all, ansi.Strip(m.View().Content))
		}
		// Words, not lines: the narrow detail wraps the sentence.
		seen := strings.Join(strings.Fields(strings.Join(all, "\n")), " ")
		for _, want := range []string{"TLS-RPT would report: sts-policy-fetch-error.", "cannot be fetched (404)."} {
			if !strings.Contains(seen, want) {
				t.Errorf("%dx%d: %q is nowhere in the verdict step", size[0], size[1], want)
			}
		}
	}
}

// The cut panel says where the rest of the verdict is.
func TestCutVerdictPointsToTheVerdictStep(t *testing.T) {
	m := feed(newTestModel("policy-missing.test", 80, 24), stream(missingReport())...)
	if view := ansi.Strip(m.View().Content); !strings.Contains(view, "(all: step 9)") {
		t.Errorf("the cut verdict does not point to step 9:\n%s", view)
	}
}

// A verdict says each thing once: the headline does not paraphrase the
// probe's reason, and DANE (RFC 8461 §2) is not added when the reason has
// already named it.
func TestVerdictSaysEachThingOnce(t *testing.T) {
	cases := []struct {
		name   string
		v      probe.Verdict
		phrase string
	}{
		{"enforce, RFC 8461 §5", probe.Verdict{WithoutCache: "enforce",
			Reason: "senders deliver only over validated TLS to the 1 MX host(s), all of which pass"}, "only over validated TLS"},
		{"DANE first, RFC 8461 §2", probe.Verdict{WithoutCache: "enforce", DANE: true,
			Reason: "senders deliver only over validated TLS. DANE: mx1.example have DNSSEC-validated TLSA records"}, "DANE:"},
		{"refused MX named once, RFC 8461 §5, §8.4", probe.Verdict{WithoutCache: "enforce", RefusedMX: []string{"mx2.example"},
			Reason: "enforcing senders refuse mx2.example and deliver to the other MX hosts (RFC 8461 §5, §8.4)"}, "mx2.example"},
		{"testing, RFC 8461 §5", probe.Verdict{WithoutCache: "testing",
			Reason: "mode testing: senders validate and report failures but deliver regardless (RFC 8461 §5)"}, "deliver regardless"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Join(verdictText(&probe.Report{Verdict: c.v}, false), " ")
			if n := strings.Count(text, c.phrase); n != 1 {
				t.Errorf("%q said %d times: %s", c.phrase, n, text)
			}
			if strings.Count(text, ": ") > 2 {
				t.Errorf("clauses chained with colons: %s", text)
			}
		})
	}
}

// Which pane has the keys must show without colour (NO_COLOR, a 16-colour
// terminal with a theme that hides underline): the detail heading's words
// change with focus, and say how to scroll.
func TestDetailFocusShowsWithoutColour(t *testing.T) {
	m := feed(newTestModel("policy-missing.test", 80, 24), stream(missingReport())...) // lands on the fetch
	before := ansi.Strip(m.View().Content)
	if !strings.Contains(before, "tab to scroll") {
		t.Errorf("the steps pane has focus and the detail does not say how to scroll it:\n%s", before)
	}
	m = press(m, "tab")
	after := ansi.Strip(m.View().Content)
	if before == after {
		t.Fatal("tab moved focus to the detail, but nothing changed on a screen without colour")
	}
	if !strings.Contains(after, "lines 1–") {
		t.Errorf("the focused detail does not say where it stands:\n%s", after)
	}
}

// When the resolver cannot be reached most steps end in "error" and only
// the verdict fails: the header counts both, in words without "(s)".
func TestHeaderCountsEveryKindOfTrouble(t *testing.T) {
	rep := missingReport()
	for i := range rep.Steps[3:7] {
		rep.Steps[3+i].Status = probe.StatusError
	}
	m := feed(newTestModel("policy-missing.test", 120, 40), stream(rep)...)
	head := strings.SplitN(ansi.Strip(m.View().Content), "\n", 2)[0]
	for _, want := range []string{"2 steps FAIL", "4 steps could not be checked"} {
		if !strings.Contains(head, want) {
			t.Errorf("header %q does not say %q", head, want)
		}
	}
	if strings.Contains(head, "(s)") {
		t.Errorf("header %q counts with (s)", head)
	}
}

// A short terminal (60x20) must not leave the detail a few lines under a
// full-height step list: below minDetailLines the compact strip is used.
func TestShortTerminalKeepsRoomForTheDetail(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {70, 21}, {80, 24}, {60, 30}} {
		m := feed(newTestModel("policy-missing.test", size[0], size[1]), stream(missingReport())...)
		if g := walkOf(m).geom(); g.vpHeight < minDetailLines {
			t.Errorf("%dx%d: the detail gets %d lines", size[0], size[1], g.vpHeight)
		}
	}
}

// Issue 11: the verdict lists each real sender only when they disagree.
func TestVerdictSenderRowsOnlyWhenTheyDisagree(t *testing.T) {
	rep := &probe.Report{Verdict: probe.Verdict{WithoutCache: "enforce", Reason: "senders deliver only over validated TLS",
		Senders: []probe.SenderVerdict{{Name: "rfc", WithoutCache: "enforce", Reason: "it delivers only over validated TLS"},
			{Name: "mox", WithoutCache: "enforce", Reason: "it delivers only over validated TLS"}}}}
	if got := strings.Join(verdictText(rep, false), "\n"); strings.Contains(got, "disagree") {
		t.Errorf("agreeing senders listed:\n%s", got)
	}
	rep.Verdict.Senders = append(rep.Verdict.Senders, probe.SenderVerdict{Name: "postfix-mta-sts-resolver", WithoutCache: "fail-open",
		Reason: "rejects the policy (max_age \x1b[31m31557601)"})
	got := strings.Join(verdictText(rep, false), "\n")
	for _, want := range []string{"Real senders disagree:", "  mox: enforce — it delivers", "  postfix-mta-sts-resolver: fail-open — rejects the policy"} {
		if !strings.Contains(got, want) {
			t.Errorf("verdict lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\x1b") {
		t.Errorf("an escape sequence reached the terminal:\n%q", got)
	}
}
