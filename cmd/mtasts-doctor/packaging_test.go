package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The README's "Needs Go X or later" is go.mod's go line: users read the
// one, the toolchain obeys the other, and they drifted apart once.
func TestREADMEGoVersionIsGoMod(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	needs := regexp.MustCompile(`Needs Go (\S+) or later`).FindSubmatch(readme)
	if goLine == nil || needs == nil {
		t.Fatalf("go.mod go line %q, README %q", goLine, needs)
	}
	if string(goLine[1]) != string(needs[1]) {
		t.Errorf("README says Go %s, go.mod says go %s", needs[1], goLine[1])
	}
	if !strings.Contains(string(readme), "go install github.com/mtasts-doctor/mtasts-doctor/cmd/mtasts-doctor@latest") {
		t.Error("README does not say how to go install the command")
	}
	if _, err := os.Stat("../../LICENSE"); err != nil {
		t.Errorf("no LICENSE: %v", err)
	}
}
