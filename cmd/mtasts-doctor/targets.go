package main

import (
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// parseTarget reads a DOMAIN argument; anything that is not a domain is a
// usage error (exit 2) with probe.ParseTarget's reason.
func parseTarget(arg string) (probe.Target, error) {
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
