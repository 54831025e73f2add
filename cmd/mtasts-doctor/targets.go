package main

import (
	"strings"
	"unicode/utf8"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// parseTarget reads a DOMAIN argument. Bytes no domain can hold are
// refused here, before probe.ParseTarget cleans them: invalid UTF-8 would
// become U+FFFD and be probed as its A-label, and an escape sequence would
// be removed from the message, leaving a name that looks valid.
func parseTarget(arg string) (probe.Target, error) {
	switch {
	case !utf8.ValidString(arg):
		return probe.Target{}, usageErr("not a domain name: %s is not valid UTF-8", displayName(arg))
	case sanitize.Line(arg, 0) != arg:
		return probe.Target{}, usageErr("not a domain name: %s contains control characters or escape sequences", displayName(arg))
	}
	t, err := probe.ParseTarget(arg)
	if err != nil {
		return probe.Target{}, usageErr("%v", err)
	}
	return t, nil
}

// labDomains maps check --lab arguments (NAME or NAME.test) to the lab's
// domains, refusing names the lab does not serve: probing them would only
// report an NXDOMAIN "finding" for a typo.
func labDomains(args []string) ([]string, error) {
	scenarios, err := assets.Scenarios()
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(scenarios))
	for _, s := range scenarios {
		known[s.Name] = true
	}
	out := make([]string, len(args))
	for i, a := range args {
		name := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(a), "."), ".test")
		if !known[name] {
			return nil, usageErr("--lab: no scenario %s (\"mtasts-doctor lab --list\" lists them)", displayName(a))
		}
		out[i] = name + ".test"
	}
	return out, nil
}
