package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until the lab command lands.
func newLabCmd() *cobra.Command {
	return &cobra.Command{
		Use: "lab",
		RunE: func(*cobra.Command, []string) error {
			return exitError{code: 2, err: errors.New("lab: not built yet")}
		},
	}
}
