package assets

import (
	"embed"
	"encoding/json"
	"fmt"
	"sync"
)

//go:embed steps/steps.json
var stepsFS embed.FS

// StepExplanation tells an admin what a sending MTA does in one step of the
// walk and why it matters. ID is a probe.StepID.
type StepExplanation struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Does says what a sender does in this step.
	Does string `json:"does"`
	// Why says what goes wrong for mail when the step fails.
	Why string `json:"why"`
	// RFC is the section the step rests on, e.g. "RFC 8461 §3.3".
	RFC string `json:"rfc"`
}

var steps = sync.OnceValues(func() (map[string]StepExplanation, error) {
	b, err := stepsFS.ReadFile("steps/steps.json")
	if err != nil {
		return nil, err
	}
	var list []StepExplanation
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("assets: steps/steps.json: %w", err)
	}
	out := make(map[string]StepExplanation, len(list))
	for _, s := range list {
		if s.ID == "" || s.Title == "" || s.Does == "" || s.Why == "" || s.RFC == "" {
			return nil, fmt.Errorf("assets: steps/steps.json: entry %q lacks id, title, does, why or rfc", s.ID)
		}
		if _, dup := out[s.ID]; dup {
			return nil, fmt.Errorf("assets: steps/steps.json: step %q defined twice", s.ID)
		}
		out[s.ID] = s
	}
	return out, nil
})

// StepInfo returns the explanation of the walk step with the given ID.
func StepInfo(id string) (StepExplanation, bool) {
	m, err := steps()
	if err != nil {
		return StepExplanation{}, false
	}
	s, ok := m[id]
	return s, ok
}
