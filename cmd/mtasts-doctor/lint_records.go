package main

import (
	"errors"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// recordArgs gathers the TXT records lint record and lint tlsrpt check:
// the arguments, or with "-" the lines of standard input. dig +short TXT
// prints one record a line (as quoted strings), and "$(dig +short TXT …)"
// keeps those newlines inside one argument, so a line is always one record
// and blank lines are skipped.
func recordArgs(cmd *cobra.Command, args []string) ([]string, error) {
	if len(args) == 1 && args[0] == "-" {
		data, label, err := readInput(cmd.Context(), cmd.InOrStdin(), "-", lintReadLimit)
		switch {
		case errors.Is(err, errTooLarge):
			return nil, usageErr("lint %s: %s holds more than %d bytes; a TXT record set is far smaller", cmd.Name(), label, lintReadLimit)
		case err != nil:
			return nil, usageErr("lint %s: cannot read %s: %v", cmd.Name(), label, err)
		}
		args = []string{string(data)}
	} else if len(args) > 1 && slices.Contains(args, "-") {
		return nil, usageErr("lint %s: \"-\" reads the records from standard input and goes alone", cmd.Name())
	}
	var out []string
	for _, a := range args {
		if !strings.ContainsAny(a, "\r\n") {
			out = append(out, a)
			continue
		}
		for _, line := range strings.FieldsFunc(a, func(r rune) bool { return r == '\n' || r == '\r' }) {
			if strings.TrimSpace(line) != "" {
				out = append(out, line)
			}
		}
	}
	if len(out) == 0 {
		return nil, usageErr("lint %s: no TXT record given (standard input was empty?)", cmd.Name())
	}
	return out, nil
}
