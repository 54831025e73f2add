package tui

import "github.com/mtasts-doctor/mtasts-doctor/assets"

// LabScenarios turns the lab catalogue into home's picker entries, the
// teaching scenarios first and the hostile robustness fixtures last.
func LabScenarios(list []assets.Scenario) []Scenario {
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
