// Package assets holds the data the product explains itself with, embedded
// in the binary: an explanation for every diagnostic code, the lab's
// scenarios, the learn screen and example policies and scenarios.
//
// Data lives here, in one place, so the CLI, the TUI and the tests read the
// same words.
package assets

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"sync"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

//go:embed diagnostics/*.json
var diagnosticsFS embed.FS

// Explanation tells an admin what a diagnostic means for delivery and what
// to do about it.
type Explanation struct {
	Code  diag.Code `json:"code"`
	Title string    `json:"title"`
	// Why says what the finding means for mail delivery.
	Why string `json:"why"`
	// Fix says how to make it right.
	Fix string `json:"fix"`
	// RFC is the section the rule rests on, e.g. "RFC 8461 §3.2".
	RFC string `json:"rfc"`
}

var catalogue = sync.OnceValues(func() (map[diag.Code]Explanation, error) {
	return loadCatalogue(diagnosticsFS, "diagnostics")
})

// loadCatalogue reads every *.json file in dir: each is an array of
// Explanations. A code defined twice is an error, so two files cannot
// silently disagree.
func loadCatalogue(fsys fs.FS, dir string) (map[diag.Code]Explanation, error) {
	files, err := fs.Glob(fsys, dir+"/*.json")
	if err != nil {
		return nil, err
	}
	out := map[diag.Code]Explanation{}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var entries []Explanation
		if err := json.Unmarshal(b, &entries); err != nil {
			return nil, fmt.Errorf("assets: %s: %w", f, err)
		}
		for _, e := range entries {
			if e.Code == "" || e.Title == "" || e.Why == "" || e.Fix == "" {
				return nil, fmt.Errorf("assets: %s: entry %q lacks code, title, why or fix", f, e.Code)
			}
			if _, dup := out[e.Code]; dup {
				return nil, fmt.Errorf("assets: %s: code %q defined twice", f, e.Code)
			}
			out[e.Code] = e
		}
	}
	return out, nil
}

// Explain returns the explanation of a diagnostic code.
func Explain(code diag.Code) (Explanation, bool) {
	c, err := catalogue()
	if err != nil {
		return Explanation{}, false
	}
	e, ok := c[code]
	return e, ok
}

// Codes lists every explained code, sorted.
func Codes() []diag.Code {
	c, _ := catalogue()
	out := make([]diag.Code, 0, len(c))
	for code := range c {
		out = append(out, code)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// CatalogueError reports whether the embedded catalogue failed to load; a
// test keeps it nil.
func CatalogueError() error {
	_, err := catalogue()
	return err
}
