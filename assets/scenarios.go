package assets

import (
	"embed"
	"io/fs"
)

//go:embed scenarios/*.json
var scenariosFS embed.FS

// ScenarioFiles holds the lab's scenario catalogue, scenarios/*.json: data
// only. Its schema, vocabulary and validation live with the world that
// serves it, in probe/probetest (probetest.Scenarios).
func ScenarioFiles() fs.FS { return scenariosFS }
