package simulate

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"
)

// Override sets profile parameters by their names: durations as "7d" or
// seconds, flags as booleans, e.g. {"refresh_every": "0s"}. A duration may
// also be named as `simulate --profiles --json` prints it
// ("refresh_every_seconds": 0). Name,
// description and source cannot be overridden; a changed profile keeps its
// name with a "+" so output shows it is not the stock one.
func (p *Profile) Override(fields map[string]json.RawMessage) error {
	if len(fields) == 0 {
		return nil
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	v := reflect.ValueOf(p).Elem()
	for _, k := range keys {
		f, ok := profileField(v, k)
		if !ok {
			return fmt.Errorf("profile override %q: no such parameter (known: %s)", k, strings.Join(ProfileParameters(), ", "))
		}
		switch f.Interface().(type) {
		case time.Duration:
			var d Dur
			if err := json.Unmarshal(fields[k], &d); err != nil {
				return fmt.Errorf("profile override %q: %w", k, err)
			}
			if d < 0 {
				return fmt.Errorf("profile override %q: must not be negative", k)
			}
			f.SetInt(int64(d))
		case bool:
			var b bool
			if err := json.Unmarshal(fields[k], &b); err != nil {
				return fmt.Errorf("profile override %q: want true or false", k)
			}
			f.SetBool(b)
		}
	}
	if !strings.HasSuffix(p.Name, "+") {
		p.Name += "+"
	}
	return nil
}

func profileField(v reflect.Value, name string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		isDur := t.Field(i).Type == reflect.TypeFor[time.Duration]()
		if (tag == name || isDur && tag+secondsSuffix == name) && t.Field(i).Type.Kind() != reflect.String {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// ProfileParameters lists the names Override accepts.
func ProfileParameters() []string {
	var out []string
	t := reflect.TypeFor[Profile]()
	for i := range t.NumField() {
		if t.Field(i).Type.Kind() == reflect.String {
			continue
		}
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		out = append(out, tag)
	}
	return out
}
