package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	root := newRootCmd()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetArgs(args)
	code := 0
	if err := root.ExecuteContext(context.Background()); err != nil {
		code = 2
		if ex, ok := err.(exitError); ok {
			code = ex.code
		}
		errb.WriteString(err.Error())
	}
	return code, out.String(), errb.String()
}

func TestSimulateJSONShape(t *testing.T) {
	code, out, errs := runCLI(t, "simulate", "--max-age", "7d", "--last-fetch", "2d", "--outage-length", "10d", "--until", "21d", "--every", "1h", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Inputs  map[string]any `json:"inputs"`
		Senders []struct {
			Name           string `json:"name"`
			Profile        string `json:"profile"`
			ProtectedUntil *int64 `json:"protected_until_seconds"`
		} `json:"senders"`
		Attempts []map[string]any `json:"attempts"`
		Summary  map[string]any   `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Senders) != 2 || rep.Senders[0].ProtectedUntil == nil || *rep.Senders[0].ProtectedUntil != 5*86400 {
		t.Fatalf("senders %+v: cached sender should be protected until 5 d = 432000 s", rep.Senders)
	}
	if len(rep.Attempts) != 2*21*24 {
		t.Errorf("%d attempts, want %d", len(rep.Attempts), 2*21*24)
	}
	for _, k := range []string{"at_seconds", "sender", "cache", "action", "mode", "outcome", "tlsrpt_result", "rfc"} {
		if _, ok := rep.Attempts[0][k]; !ok {
			t.Errorf("attempt lacks %q", k)
		}
	}
	if rep.Inputs["max_age_seconds"] != float64(604800) {
		t.Errorf("inputs %v", rep.Inputs)
	}
}

func TestSimulateText(t *testing.T) {
	code, out, _ := runCLI(t, "simulate", "--profile", "postfix-mta-sts-resolver", "--outage-length", "forever", "--attack")
	if code != 0 || strings.ContainsRune(out, '\x1b') {
		t.Fatalf("exit %d or escape sequences in output", code)
	}
	if !strings.Contains(out, "cached (postfix-mta-sts-resolver) stays protected to the end") {
		t.Errorf("output:\n%s", out)
	}
}

func TestSimulateBadFlagsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"--max-age", "7x"}, {"--max-age", "31557601"}, {"--every", "0"}, {"--until", "-1d"},
		{"--profile", "exim"}, {"--last-fetch", "-2d"}, {"--scenario", "/nonexistent/file.json"}, {"--width", "5"},
	} {
		code, _, errs := runCLI(t, append([]string{"simulate"}, args...)...)
		if code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

func TestSimulateBuiltInScenario(t *testing.T) {
	code, out, errs := runCLI(t, "simulate", "--scenario", "example:outage-cached-vs-extending.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "resolver (postfix-mta-sts-resolver) stays protected") {
		t.Errorf("output:\n%s", out)
	}
}
