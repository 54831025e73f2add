package tui

import "github.com/mtasts-doctor/mtasts-doctor/probe/probetest"

// LabScenarios turns the lab catalogue into home's picker entries, the
// teaching scenarios first and the hostile robustness fixtures last.
func LabScenarios(list []probetest.Scenario) []Scenario {
	var out, hostile []Scenario
	for _, s := range list {
		sc := Scenario{Name: s.Domain(), Title: s.Title, Story: s.Story}
		if s.Hostile {
			sc.Title = "(robustness) " + sc.Title
			hostile = append(hostile, sc)
			continue
		}
		out = append(out, sc)
	}
	return append(out, hostile...)
}

// SandboxScenario is the home list's entry for the sandbox screen.
func SandboxScenario() Scenario {
	return Scenario{Name: probetest.SandboxDomain, Title: "Break it yourself: a healthy domain and four senders you can watch",
		Story: "Opens the sandbox: press a capital letter to break one thing (P takes the policy file away, S lets an attacker strip STARTTLS, …) and watch senders with and without a cache react, hour by virtual hour. `mtasts-doctor sandbox --lesson` walks a class through it."}
}
