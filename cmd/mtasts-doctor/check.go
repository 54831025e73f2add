package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until the check command lands.
func newCheckCmd() *cobra.Command {
	return &cobra.Command{
		Use: "check",
		RunE: func(*cobra.Command, []string) error {
			return exitError{code: 2, err: errors.New("check: not built yet")}
		},
	}
}
