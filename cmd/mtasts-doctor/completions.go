package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// Dynamic shell completions: the names only the program knows. They are
// read from the same catalogues the commands use, so a new lab scenario,
// sender profile or example completes without touching this file.

// completeCheckArgs completes check's arguments: with --lab the lab's
// scenario names (with their titles); real domains cannot be guessed.
func completeCheckArgs(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if lab, _ := cmd.Flags().GetBool("lab"); !lab {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	scenarios, err := probetest.Scenarios()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []cobra.Completion
	for _, s := range scenarios {
		if strings.HasPrefix(s.Name, toComplete) {
			out = append(out, cobra.CompletionWithDesc(s.Name, s.Title))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeProfiles completes simulate --profile.
func completeProfiles(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, n := range simulate.ProfileNames() {
		if strings.HasPrefix(n, toComplete) {
			out = append(out, n)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeScenario completes simulate --scenario: "list" and the built-in
// examples while what is typed could still become one of them, JSON files
// otherwise.
func completeScenario(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	const prefix = "example:"
	if !strings.HasPrefix(prefix, toComplete) && !strings.HasPrefix(toComplete, prefix) && !strings.HasPrefix("list", toComplete) {
		return []cobra.Completion{"json"}, cobra.ShellCompDirectiveFilterFileExt
	}
	var out []cobra.Completion
	if strings.HasPrefix("list", toComplete) {
		out = append(out, cobra.CompletionWithDesc("list", "name the built-in examples"))
	}
	for name := range assets.SimulateExamples() {
		if c := prefix + name; strings.HasPrefix(c, toComplete) {
			out = append(out, c)
		}
	}
	return sorted(out), cobra.ShellCompDirectiveNoFileComp
}
