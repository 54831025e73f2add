package tui

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// Served over SSH, "s" must not write a file on the server: it copies the
// report with OSC 52 and shows it in the detail pane.
func TestRemoteSCopiesInsteadOfSaving(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir) // a save would land here
	m := New(t.Context(), Config{Runner: nopRunner, Now: fixedClock, Remote: true})
	m = update(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = update(m, startWalkMsg{target: target{ascii: "policy-missing.test"}})
	m = feed(m, stream(missingReport())...)
	if w, ok := m.front().(walkModel); !ok || w.keys.Save.Help().Desc != "copy JSON" {
		t.Error("the help does not say s copies")
	}
	next, cmd := m.Update(keyMsg("s"))
	m = next.(Model)
	if cmd == nil {
		t.Fatal("s gave no command")
	}
	msg := cmd()
	if typ := fmt.Sprintf("%T", msg); !strings.Contains(typ, "setClipboardMsg") {
		t.Fatalf("s sent %s, want the OSC 52 clipboard message", typ)
	}
	var rep probe.Report
	if err := json.Unmarshal([]byte(fmt.Sprint(msg)), &rep); err != nil || rep.Verdict.WithoutCache != "fail-open" {
		t.Errorf("clipboard holds no report: %v, verdict %q", err, rep.Verdict.WithoutCache)
	}
	view := ansiStripped(m)
	if !strings.Contains(view, "JSON report (copied") || !strings.Contains(view, `"domain": "policy-missing.test"`) || !strings.Contains(view, "OSC 52") {
		t.Errorf("the JSON is not shown:\n%s", view)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a served session wrote %s on the server", ents[0].Name())
	}
	// Selecting a step brings its detail back.
	m = update(m, tea.KeyPressMsg{Code: tea.KeyTab})
	m = press(m, "j")
	if strings.Contains(ansiStripped(m), `"domain": "policy-missing.test"`) {
		t.Error("the JSON stayed after selecting a step")
	}
}
