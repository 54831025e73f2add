package tui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// saveReport writes the report as JSON (the same form as check --json) to
// dir, in a new file named after the domain and the time, and reports the
// absolute path. The report is final when this runs, so the command only
// reads it.
func saveReport(dir string, rep *probe.Report, now time.Time) tea.Cmd {
	return func() tea.Msg {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return reportSavedMsg{err: err}
		}
		if dir == "" {
			dir = "."
		}
		name := "mtasts-doctor-" + fileSafe(rep.Domain) + "-" + now.UTC().Format("20060102T150405Z") + ".json"
		path, err := filepath.Abs(filepath.Join(dir, name))
		if err != nil {
			return reportSavedMsg{err: err}
		}
		// O_EXCL: never overwrite a report saved the same second.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return reportSavedMsg{err: err}
		}
		_, werr := f.Write(append(b, '\n'))
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		return reportSavedMsg{path: path, err: werr}
	}
}

// fileSafe keeps the letters, digits, dots and hyphens of a domain, so a
// file name can never climb directories.
func fileSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			return r
		case r == '.':
			return '.'
		}
		return '_'
	}, s)
	s = strings.Trim(s, ".")
	if s == "" || len(s) > 253 {
		return "report"
	}
	return s
}
