package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// checkScenarioText refuses a scenario file whose strings (sender names,
// policy ids, MX hosts, ...) hold escape sequences, control characters or
// invalid UTF-8: the simulator prints them as they are, so a shared
// scenario file could otherwise drive the terminal. It names the first
// offending field. Invalid JSON is left for simulate.ParseScenario to
// report.
func checkScenarioText(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	if path, ok := findUnprintable(v, ""); ok {
		return fmt.Errorf("scenario: %s holds an escape sequence, a control character or invalid UTF-8; scenario text must be plain", path)
	}
	return nil
}

func findUnprintable(v any, path string) (string, bool) {
	switch v := v.(type) {
	case string:
		return path, sanitize.Line(v, 0) != v
	case []any:
		for i, e := range v {
			if p, ok := findUnprintable(e, path+"["+strconv.Itoa(i)+"]"); ok {
				return p, true
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := k
			if path != "" {
				name = path + "." + k
			}
			if sanitize.Line(k, 0) != k {
				return displayName(name), true
			}
			if p, ok := findUnprintable(v[k], name); ok {
				return p, true
			}
		}
	}
	return "", false
}
