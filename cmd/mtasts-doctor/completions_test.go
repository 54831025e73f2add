package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// complete asks cobra's completion entry point, the one the shell scripts
// call, and returns the candidates (without descriptions) and the
// directive line.
func complete(t *testing.T, args ...string) (cands []string, directive string) {
	t.Helper()
	code, out, errOut := runCtx(context.Background(), strings.NewReader(""), append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %q: exit %d %s", args, code, errOut)
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(l, ":") {
			directive = l
			continue
		}
		cands = append(cands, strings.SplitN(l, "\t", 2)[0])
	}
	return cands, directive
}

// Lab scenario names, sender profiles and built-in examples complete from
// the catalogues the commands read.
func TestDynamicCompletions(t *testing.T) {
	scenarios, _ := probetest.Scenarios()
	got, dir := complete(t, "check", "--lab", "policy-")
	want := 0
	for _, s := range scenarios {
		if strings.HasPrefix(s.Name, "policy-") {
			want++
		}
	}
	if len(got) != want || want == 0 || !strings.HasPrefix(got[0], "policy-") || dir != ":4" {
		t.Errorf("check --lab policy-: %v %s, want the %d policy-* scenarios and no files", got, dir, want)
	}
	if got, _ := complete(t, "check", "policy-"); len(got) != 0 {
		t.Errorf("check without --lab completes %v; real domains cannot be guessed", got)
	}

	got, _ = complete(t, "simulate", "--profile", "")
	if strings.Join(got, " ") != strings.Join(simulate.ProfileNames(), " ") {
		t.Errorf("--profile: %v, want %v", got, simulate.ProfileNames())
	}

	got, dir = complete(t, "simulate", "--scenario", "example:")
	if len(got) != len(assets.SimulateExamples()) || dir != ":4" {
		t.Errorf("--scenario example:: %v %s", got, dir)
	}
	for _, c := range got {
		if _, ok := assets.SimulateExamples()[strings.TrimPrefix(c, "example:")]; !ok {
			t.Errorf("--scenario completes %q, which loadScenario would not find", c)
		}
	}
	if got, _ := complete(t, "simulate", "--scenario", "l"); strings.Join(got, " ") != "list" {
		t.Errorf("--scenario l: %v", got)
	}
	if got, dir := complete(t, "simulate", "--scenario", "./my"); strings.Join(got, " ") != "json" || dir != ":8" {
		t.Errorf("--scenario ./my: %v %s, want JSON files", got, dir)
	}
	if got, _ := complete(t, "check", "--format", ""); strings.Join(got, " ") != "text json ndjson csv" {
		t.Errorf("--format: %v", got)
	}
}

// The manual page is generated from the commands' own help.
func TestManPage(t *testing.T) {
	code, out, errOut := runCtx(context.Background(), strings.NewReader(""), "man")
	if code != 0 || !strings.HasPrefix(out, ".nh\n.TH \"MTASTS-DOCTOR\" \"1\"") || !strings.Contains(out, "mtasts-doctor-check(1)") {
		t.Fatalf("man: exit %d %s\n%.400s", code, errOut, out)
	}
	dir := t.TempDir()
	if code, _, errOut := runCtx(context.Background(), strings.NewReader(""), "man", "--dir", dir); code != 0 {
		t.Fatalf("man --dir: exit %d %s", code, errOut)
	}
	page, err := os.ReadFile(filepath.Join(dir, "mtasts-doctor-check.1"))
	if err != nil || !strings.Contains(string(page), "fail-on") || !strings.Contains(string(page), "Exit status") {
		t.Fatalf("check's page: %v\n%.400s", err, page)
	}
	if _, err := os.Stat(filepath.Join(dir, "mtasts-doctor-lint-record.1")); err != nil {
		t.Errorf("no page for lint record: %v", err)
	}
}
