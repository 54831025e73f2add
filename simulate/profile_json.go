package simulate

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// secondsSuffix marks a duration in JSON: every duration the simulator
// prints is a whole number of seconds under a name ending in it, as the rest
// of `simulate --json` is.
const secondsSuffix = "_seconds"

// MarshalJSON writes the profile with every duration parameter in seconds,
// its name suffixed "_seconds" ("fetch_timeout_seconds": 60), and the other
// fields under their names, in declaration order.
func (p Profile) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	v := reflect.ValueOf(p)
	t := v.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		var val any = v.Field(i).Interface()
		if d, ok := val.(time.Duration); ok {
			name += secondsSuffix
			val = int64(d / time.Second)
		}
		k, err := json.Marshal(name)
		if err != nil {
			return nil, err
		}
		x, err := json.Marshal(val)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(x)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
