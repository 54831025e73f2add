package main

import (
	"fmt"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/probetest"
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

// labDomain maps a check --lab entry (NAME or NAME.test) to the lab's
// domain, refusing names the lab does not serve: probing them would only
// report an NXDOMAIN "finding" for a typo.
func labDomain(a string) (string, error) {
	scenarios, err := probetest.Scenarios()
	if err != nil {
		return "", err
	}
	name := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(a), "."), ".test")
	for _, s := range scenarios {
		if s.Name == name {
			return name + ".test", nil
		}
	}
	return "", fmt.Errorf("--lab: no scenario %s (\"mtasts-doctor lab --list\" lists them)", displayName(a))
}
