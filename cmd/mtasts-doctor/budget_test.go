package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func scenarioFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "scenario.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const scenarioHead = `{"until": %q, "versions": [{"id": "1", "mode": "enforce", "max_age": "7d", "mx": ["mx1.example.com"], "at": "-60d"}],
 "file_outages": [{"from": "0", "to": "3d", "failure": "404"}], "senders": %s}`

// The simulator keeps every delivery of a named sender. A scenario file
// that asks for millions of them (one a second for 100 days, or twenty
// thousand senders) used to run the process out of memory and die with a
// runtime stack trace; it must be refused up front with a usage error.
func TestSimulateRefusesDeliveriesBeyondTheBudget(t *testing.T) {
	many := make([]string, 20000)
	for i := range many {
		many[i] = fmt.Sprintf(`{"name": "s%d", "every": "1h"}`, i)
	}
	tests := []struct {
		name string
		args []string
	}{
		{"scenario: one sender every second for 100 days", []string{"--scenario", scenarioFile(t, fmt.Sprintf(scenarioHead, "100d", `[{"name": "a", "every": "1s"}]`))}},
		{"scenario: twenty thousand hourly senders", []string{"--scenario", scenarioFile(t, fmt.Sprintf(scenarioHead, "21d", "["+strings.Join(many, ",")+"]"))}},
		{"preset: every second for two days, as JSON", []string{"--every", "1s", "--until", "2d", "--json"}},
	}
	for _, tt := range tests {
		// Run, these would record millions of deliveries (minutes, GBs):
		// getting the usage error at all shows they were refused up front.
		// How fast is BenchmarkSimulateRefusal's business, not a timer's.
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCtx(context.Background(), strings.NewReader(""), append([]string{"simulate"}, tt.args...)...)
			if code != 2 || stdout != "" || !strings.Contains(stderr, "deliveries") {
				t.Errorf("exit %d, %d bytes of stdout, stderr %q; want a usage error about deliveries", code, len(stdout), stderr)
			}
		})
	}
}

// Just under the budget still runs, and --json stays one object.
func TestSimulateBudgetEdgeStillRuns(t *testing.T) {
	code, stdout, stderr := runCtx(context.Background(), strings.NewReader(""), "simulate", "--every", "1h", "--until", "21d", "--json")
	var v map[string]any
	if code != 0 || json.Unmarshal([]byte(stdout), &v) != nil {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	sc := scenarioFile(t, fmt.Sprintf(scenarioHead, "30d", `[{"name": "a", "every": "1m"}]`))
	if code, _, stderr := runCtx(context.Background(), strings.NewReader(""), "simulate", "--scenario", sc); code != 0 {
		t.Fatalf("a month of one delivery a minute: exit %d, stderr %q", code, stderr)
	}
}

// A scenario file is shared like any config file; its names are printed
// in the timeline, so escape sequences in them must not reach stdout.
func TestSimulateScenarioTextMustBePlain(t *testing.T) {
	for field, senders := range map[string]string{
		"senders[0].name": `[{"name": "\u001b[31mred", "every": "1h"}]`,
		"domain":          `[{"name": "a", "every": "1h"}], "domain": "x\u009b2J.com"`,
	} {
		p := scenarioFile(t, fmt.Sprintf(scenarioHead, "3d", senders))
		code, stdout, stderr := runCtx(context.Background(), strings.NewReader(""), "simulate", "--scenario", p)
		if code != 2 || strings.ContainsAny(stdout+stderr, "\x1b\u009b") || !strings.Contains(stderr, "plain") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want a usage error and no escape", field, code, stdout, stderr)
		}
	}
}

// "--scenario list" is a listing, not an error.
func TestSimulateScenarioListExits0(t *testing.T) {
	code, stdout, stderr := runCtx(context.Background(), strings.NewReader(""), "simulate", "--scenario", "list")
	if code != 0 || !strings.Contains(stdout, "example:outage-cached-vs-extending.json\n") || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// BenchmarkSimulateRefusal: refusing twenty thousand hourly senders over
// three weeks (ten million deliveries) costs parsing the file, no more.
func BenchmarkSimulateRefusal(b *testing.B) {
	many := make([]string, 20000)
	for i := range many {
		many[i] = fmt.Sprintf(`{"name": "s%d", "every": "1h"}`, i)
	}
	p := filepath.Join(b.TempDir(), "scenario.json")
	if err := os.WriteFile(p, []byte(fmt.Sprintf(scenarioHead, "21d", "["+strings.Join(many, ",")+"]")), 0o600); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if code, _, _ := runCtx(context.Background(), strings.NewReader(""), "simulate", "--scenario", p); code != 2 {
			b.Fatalf("exit %d", code)
		}
	}
}
