package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckRecordsAndHistoryShows: a check --lab walk lands in the history
// under --state-dir, and history prints it in text and JSON.
func TestCheckRecordsAndHistoryShows(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runLint(t, "", "check", "--lab", "--no-smtp", "--state-dir", dir, "healthy-enforce"); code != 0 {
		t.Fatalf("check exit %d: %s", code, errOut)
	}
	code, out, errOut := runLint(t, "", "history", "--state-dir", dir, "--json", "healthy-enforce.test")
	if code != 0 {
		t.Fatalf("history exit %d: %s", code, errOut)
	}
	var h struct {
		Domain string
		Walks  []struct {
			ID       int64    `json:"id"`
			Verdict  string   `json:"verdict"`
			RecordID string   `json:"record_id"`
			PolicyOK bool     `json:"policy_ok"`
			MX       []string `json:"mx"`
		}
	}
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(h.Walks) != 1 || h.Walks[0].Verdict != "enforce" || h.Walks[0].RecordID == "" || !h.Walks[0].PolicyOK || len(h.Walks[0].MX) == 0 {
		t.Fatalf("history %+v", h)
	}
	_, text, _ := runLint(t, "", "history", "--state-dir", dir, "healthy-enforce.test")
	if !strings.Contains(text, h.Walks[0].RecordID) || !strings.Contains(text, "enforce") {
		t.Errorf("text history:\n%s", text)
	}
	_, list, _ := runLint(t, "", "history", "--state-dir", dir)
	if !strings.Contains(list, "healthy-enforce.test") {
		t.Errorf("domain list:\n%s", list)
	}
}

func TestNoHistoryRecordsNothing(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runLint(t, "", "check", "--lab", "--no-smtp", "--no-history", "--state-dir", dir, "healthy-enforce"); code != 0 {
		t.Fatalf("check exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "history.db")); !os.IsNotExist(err) {
		t.Fatalf("--no-history created the database: %v", err)
	}
}

// TestUnreadableHistoryStillReports: a damaged history costs a warning,
// the report is still printed, and the file is untouched until moved aside.
func TestUnreadableHistoryStillReports(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.db")
	junk := []byte(strings.Repeat("this is not sqlite\n", 20))
	os.WriteFile(path, junk, 0o600)
	code, out, errOut := runLint(t, "", "check", "--lab", "--no-smtp", "--state-dir", dir, "healthy-enforce")
	if code != 0 || !strings.Contains(out, "healthy-enforce.test") {
		t.Fatalf("exit %d, report missing:\n%s", code, out)
	}
	if !strings.Contains(errOut, "not recorded") || !strings.Contains(errOut, "--move-aside") {
		t.Errorf("stderr does not explain: %s", errOut)
	}
	if got, _ := os.ReadFile(path); string(got) != string(junk) {
		t.Fatal("the damaged file was written to")
	}
	if code, _, errOut := runLint(t, "", "history", "--state-dir", dir, "healthy-enforce.test"); code != 2 || !strings.Contains(errOut, "not an SQLite database") {
		t.Errorf("history on a damaged file: exit %d %s", code, errOut)
	}
	if code, out, _ := runLint(t, "", "history", "--state-dir", dir, "--move-aside"); code != 0 || !strings.Contains(out, "history.db.aside-") {
		t.Fatalf("move-aside: %d %s", code, out)
	}
	if code, _, errOut := runLint(t, "", "check", "--lab", "--no-smtp", "--state-dir", dir, "healthy-enforce"); code != 0 || errOut != "" {
		t.Fatalf("after move-aside: %d %s", code, errOut)
	}
}

// The recent-domains file lives in the state directory beside the
// history: XDG_STATE_HOME, or --state-dir.
func TestRecentFileIsInTheStateDir(t *testing.T) {
	base := t.TempDir()
	t.Setenv("XDG_STATE_HOME", base)
	if got, want := (&historyFlags{}).recentPath(), filepath.Join(base, "mtasts-doctor", "recent"); got != want {
		t.Errorf("recent file %q, want %q", got, want)
	}
	dir := t.TempDir()
	if got := (&historyFlags{stateDir: dir}).recentPath(); got != filepath.Join(dir, "recent") {
		t.Errorf("with --state-dir: %q", got)
	}
}
