package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// badPolicyReport is example.com serving a policy with a misspelt mode
// (2:7), an escape sequence in a line (4:15) and no max_age: the
// findings are policy.ParsePolicy's own, the body stored as the probe
// stores it.
func badPolicyReport() *probe.Report {
	raw := "version: STSv1\r\nmode: enforced\r\nmx: mail.example.com\r\nmax_age: 86400\x1b[31m\r\n"
	_, diags := policy.ParsePolicy([]byte(raw))
	steps := healthySteps()
	steps[3].Status, steps[3].Summary = probe.StatusFail, "invalid policy"
	steps[3].Diagnostics = diags
	steps[3].Evidence.Body = sanitize.Text(raw, 8192)
	return reportOf("example.com", steps, probe.Verdict{WithoutCache: "fail-open", Reason: "the policy is invalid"})
}

// The detail scrolled until the policy body and its marks are in view.
func policyBodyView(t *testing.T, w, h int) (Model, string) {
	t.Helper()
	m := feed(newTestModel("example.com", w, h), stream(badPolicyReport())...) // lands on the policy
	if walkOf(m).sel != 3 {
		t.Fatalf("landed on %d, want the policy (3)", walkOf(m).sel)
	}
	m = press(m, "tab")
	for range 60 {
		view := ansi.Strip(m.View().Content)
		if strings.Contains(view, "^ policy.mode.invalid") && strings.Contains(view, "^ policy.line.control_char") {
			return m, view
		}
		m = press(m, "down")
	}
	t.Fatalf("the policy body never came into view:\n%s", ansi.Strip(m.View().Content))
	return m, ""
}

// Findings say where (line:column, as the CLI does); the policy body is
// numbered, the lines with findings marked and a caret under the column;
// the escape the peer sent is drawn in reverse video.
func TestPolicyBodyMarksFindings(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m, view := policyBodyView(t, size[0], size[1])
			assertFits(t, view, size[0], size[1])
			golden.RequireEqual(t, []byte(view))
			lines := strings.Split(view, "\n")
			for i, l := range lines {
				if strings.Contains(l, "^ policy.mode.invalid") {
					cell := func(s, sub string) int { return ansi.StringWidth(s[:strings.Index(s, sub)]) }
					if col := cell(l, "^") - cell(lines[i-1], "mode:"); col != 6 {
						t.Errorf("the caret is %d cells into the line, want 6 (column 7):\n%s\n%s", col, lines[i-1], l)
					}
					if !strings.HasPrefix(strings.TrimLeft(lines[i-1], " │"), "✗ 2 │ mode: enforced") {
						t.Errorf("line 2 is not marked: %q", lines[i-1])
					}
				}
			}
			if !strings.Contains(m.View().Content, NewStyles(true, false).Unsafe.Render(`\x1b`)) {
				t.Error("the escape the peer sent is not marked")
			}
		})
	}
	// The findings themselves carry line:column.
	m := press(feed(newTestModel("example.com", 120, 40), stream(badPolicyReport())...), "tab")
	view := ansi.Strip(m.View().Content)
	for _, want := range []string{"✗ 2:7 error policy.mode.invalid", "✗ 4:15 error policy.line.control_char"} {
		if !strings.Contains(view, want) {
			t.Errorf("findings lack %q:\n%s", want, view)
		}
	}
}
