package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestSimulateFromHistory plans the §8.3 removal from a recorded walk of
// the lab: the max_age and TTL come from what the walk saw.
func TestSimulateFromHistory(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runLint(t, "", "check", "--lab", "--no-smtp", "--state-dir", dir, "healthy-enforce"); code != 0 {
		t.Fatalf("check: %d %s", code, errOut)
	}
	before := time.Now()
	code, out, errOut := runLint(t, "", "simulate", "--state-dir", dir, "--from-history", "healthy-enforce.test", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var p struct {
		Facts struct {
			LargestMaxAge int64 `json:"largest_max_age"`
			RecordTTL     int64 `json:"record_ttl"`
			Walks         int   `json:"walks"`
		} `json:"facts"`
		RemoveFrom time.Time `json:"remove_from"`
		Steps      []string  `json:"steps"`
		Senders    []struct {
			Profile  string    `json:"profile"`
			LetsGoBy time.Time `json:"lets_go_by"`
		} `json:"senders"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if p.Facts.LargestMaxAge != 604800 || p.Facts.RecordTTL != 300 || p.Facts.Walks != 1 {
		t.Errorf("facts %+v", p.Facts)
	}
	// RFC 8461 §8.3: now + TTL + the largest max_age.
	want := before.Add(300*time.Second + 7*24*time.Hour)
	if d := p.RemoveFrom.Sub(want); d < 0 || d > time.Minute {
		t.Errorf("remove_from %v, want about %v", p.RemoveFrom, want)
	}
	if len(p.Steps) != 3 || len(p.Senders) == 0 {
		t.Errorf("steps %v senders %v", p.Steps, p.Senders)
	}
	_, text, _ := runLint(t, "", "simulate", "--state-dir", dir, "--from-history", "healthy-enforce.test")
	for _, w := range []string{"604800 s (7 d)", "TTL: up to 300 s", "delete the _mta-sts record"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
	if code, _, errOut := runLint(t, "", "simulate", "--state-dir", dir, "--from-history", "never-walked.test"); code != 2 || !strings.Contains(errOut, "nothing to plan from") {
		t.Errorf("unknown domain: %d %s", code, errOut)
	}
}
