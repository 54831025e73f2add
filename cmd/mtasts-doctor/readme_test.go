package main

import (
	"os"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
)

// TestREADMENamesEveryFlagAndScenario: the README is where a user looks up
// a flag, and its lab section lists the scenarios by name; a flag or a
// scenario added without its line there is one nobody finds.
func TestREADMENamesEveryFlagAndScenario(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
			named := strings.Contains(readme, "--"+f.Name) || (f.Shorthand != "" && strings.Contains(readme, "`-"+f.Shorthand))
			if !f.Hidden && f.Name != "help" && !named {
				t.Errorf("%s --%s is not in the README", c.CommandPath(), f.Name)
			}
		})
		for _, sub := range c.Commands() {
			if !sub.Hidden && sub.Name() != "help" && sub.Name() != "completion" {
				walk(sub)
			}
		}
	}
	walk(newRootCmd())
	scenarios, err := probetest.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range scenarios {
		if !strings.Contains(readme, "- `"+s.Name+"` — ") {
			t.Errorf("lab scenario %s is not listed in the README", s.Name)
		}
	}
}
