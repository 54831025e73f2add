package probe_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// TestWalkCommandsAreSafeToPaste walks a domain whose MX names carry shell
// syntax, with a CA file path that does too, and runs every command of the
// report under bash -c with stub tools: only the stub runs, each time, and
// no command names a hostile MX (issue 10, item 1).
func TestWalkCommandsAreSafeToPaste(t *testing.T) {
	w := labWorld(t, 0, "hostile-mx-shell")
	opts := w.Options()
	opts.CAFile = "/tmp/`touch pwned`/$(touch pwned);|&<> '\"/ca.pem"
	rep := probe.Check(context.Background(), "hostile-mx-shell.test", opts)
	dir := probe.Stubs(t)
	seen := map[string]bool{}
	for _, st := range rep.Steps {
		for _, c := range st.Commands {
			if strings.Contains(c, "touch,") || strings.Contains(c, "a$x") {
				t.Errorf("%s: a hostile MX name reached a command: %s", st.ID, c)
			}
			argv := probe.RunUnderStubs(t, dir, c)
			seen[argv[0]] = true
			if argv[0] != "dig" && !slices.Contains(argv, opts.CAFile) {
				t.Errorf("%s: %s does not trust the walk's CA file as one argument: %q", st.ID, c, argv)
			}
		}
	}
	for _, tool := range []string{"dig", "curl", "openssl"} {
		if !seen[tool] {
			t.Errorf("no %s command in the report", tool)
		}
	}
	mx, _ := rep.Step(probe.StepMX)
	if n := countCode(mx, probe.CodeMXNameInvalid); n != 2 {
		t.Errorf("mx step has %d %s findings, want one per hostile MX (2)", n, probe.CodeMXNameInvalid)
	}
	// The JSON report carries the very strings the plain report and the
	// TUI show.
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back probe.Report
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	for i := range rep.Steps {
		if !slices.Equal(back.Steps[i].Commands, rep.Steps[i].Commands) {
			t.Errorf("%s: JSON commands %q differ from the step's %q", rep.Steps[i].ID, back.Steps[i].Commands, rep.Steps[i].Commands)
		}
	}
}

func countCode(st probe.Step, code diag.Code) int {
	n := 0
	for _, d := range st.Diagnostics {
		if d.Code == code {
			n++
		}
	}
	return n
}
