package assets

import (
	"embed"
	"io/fs"
	"path"
)

//go:embed simulate/*.json
var simulateFS embed.FS

// SimulateExamples returns the example scenario files for
// `mtasts-doctor simulate --scenario`, by file name.
func SimulateExamples() map[string][]byte {
	out := map[string][]byte{}
	files, _ := fs.Glob(simulateFS, "simulate/*.json")
	for _, f := range files {
		if b, err := fs.ReadFile(simulateFS, f); err == nil {
			out[path.Base(f)] = b
		}
	}
	return out
}
