package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until the terminal UI lands.
func runHome(*cobra.Command, []string) error {
	return exitError{code: 2, err: errors.New("the terminal UI is not built yet")}
}
