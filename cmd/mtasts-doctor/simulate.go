package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until the simulate command lands.
func newSimulateCmd() *cobra.Command {
	return &cobra.Command{
		Use: "simulate",
		RunE: func(*cobra.Command, []string) error {
			return exitError{code: 2, err: errors.New("simulate: not built yet")}
		},
	}
}
