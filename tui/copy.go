package tui

import (
	"encoding/json"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// copyReport is "s" when the UI is served (Config.Remote): a session must
// write nothing on the server, so the JSON report (the form check --json
// prints) goes to the client's clipboard with OSC 52, which travels over
// SSH to the user's own terminal. Terminals that ignore OSC 52 still get
// it: the detail pane shows the JSON, ready to select.
func (w walkModel) copyReport() (walkModel, tea.Cmd) {
	b, err := json.MarshalIndent(w.report, "", "  ")
	if err != nil {
		w.status = "could not encode the report: " + clean(err.Error())
		return w, nil
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		// JSON escapes C0 controls but not C1 or bidi ones; the probe has
		// sanitised every field already, this keeps the pane safe anyway.
		lines[i] = clean(l)
	}
	w.json = lines
	w.focus = paneDetail
	w.refresh(true)
	w.status = fmt.Sprintf("JSON report (%s) copied to your clipboard with OSC 52; if your terminal does not allow that, it is shown here to select (↑/↓ to scroll)", size(len(b)))
	return w, tea.SetClipboard(string(b))
}

// size is a byte count in words a person reads at a glance.
func size(n int) string {
	if n < 1024 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.1f KB", float64(n)/1024)
}
