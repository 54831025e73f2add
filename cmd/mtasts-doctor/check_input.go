package main

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// batchItem is one domain of a check batch, as the user gave it. An input
// that names no domain keeps its error and is reported in its place, so one
// bad line never ends the batch.
type batchItem struct {
	input  string // as given, for messages and the error object
	where  string // "hosts.txt:3" for a line of a list; "" for an argument
	target probe.Target
	err    error
}

// maxDomainList bounds a --from file or standard input: 4 MiB is some
// 100 000 domains, more than anyone checks in one run.
const maxDomainList = 4 << 20

// batchInputs gathers the domains of a check run in order: the arguments,
// with "-" standing for standard input, then the lines of --from FILE.
// Lists hold one domain per line; blank lines and '#' comments are
// skipped. A list that cannot be read, or an argument that is no domain, is
// a usage error; a line of a list that is no domain becomes an item with an
// error, reported in its place.
func batchInputs(cmd *cobra.Command, args []string, from string, lab bool) ([]batchItem, error) {
	var items []batchItem
	stdinUsed := false
	addList := func(name string) error {
		if name == "-" {
			if stdinUsed {
				return usageErr("standard input can be read once: give \"-\" or \"--from -\", not both")
			}
			stdinUsed = true
		}
		data, label, err := readInput(cmd.Context(), cmd.InOrStdin(), name, maxDomainList)
		if err != nil {
			return usageErr("reading domains from %s: %v", label, err)
		}
		prefix := label
		if name == "-" {
			prefix = "stdin"
		}
		for i, line := range domainLines(data) {
			if line != "" {
				items = append(items, batchItem{input: line, where: fmt.Sprintf("%s:%d", prefix, i+1)})
			}
		}
		return nil
	}
	for _, a := range args {
		if a == "-" {
			if err := addList("-"); err != nil {
				return nil, err
			}
			continue
		}
		items = append(items, batchItem{input: a})
	}
	if from != "" {
		if err := addList(from); err != nil {
			return nil, err
		}
	}
	if len(items) == 0 {
		return nil, usageErr("no domain to check: give DOMAIN arguments, --from FILE or \"-\" for standard input")
	}
	for i := range items {
		it := &items[i]
		it.target, it.err = batchTarget(it.input, lab)
		if it.err != nil && it.where == "" {
			// An argument is checked before anything runs, as every
			// command checks its arguments: a typo is fixed, not reported.
			return nil, usageErr("%v", it.err)
		}
		if it.err != nil {
			it.err = fmt.Errorf("%s: %w", it.where, it.err)
		}
	}
	return items, nil
}

// domainLines splits a list into lines with comments and surrounding space
// removed; skipped lines stay as "" so line numbers hold.
func domainLines(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, maxDomainList)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		out = append(out, strings.TrimSpace(line))
	}
	return out
}

// batchTarget reads one entry: a domain (or what ParseTarget accepts), or
// with --lab a scenario name.
func batchTarget(input string, lab bool) (probe.Target, error) {
	if lab {
		d, err := labDomain(input)
		if err != nil {
			return probe.Target{}, err
		}
		input = d
	}
	return probe.ParseTarget(input)
}
