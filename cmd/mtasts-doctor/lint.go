package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until the lint command lands.
func newLintCmd() *cobra.Command {
	return &cobra.Command{
		Use: "lint",
		RunE: func(*cobra.Command, []string) error {
			return exitError{code: 2, err: errors.New("lint: not built yet")}
		},
	}
}
