package main

import (
	"testing"
	"time"
)

// --timeout 10 means ten seconds, as with dig and curl; units still work.
func TestSecondsFlag(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"10", 10 * time.Second, true},
		{"2.5", 2500 * time.Millisecond, true},
		{"0", 0, true}, // zero is refused later, with the flag's name
		{"10s", 10 * time.Second, true},
		{"1m30s", 90 * time.Second, true},
		{"500ms", 500 * time.Millisecond, true},
		{"-1", 0, false},
		{"-5s", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"1e300", 0, false},
		{"100000h", 0, false},
		{"ten", 0, false},
		{"", 0, false},
	} {
		var v secondsValue
		err := v.Set(tc.in)
		if (err == nil) != tc.ok || (tc.ok && time.Duration(v) != tc.want) {
			t.Errorf("Set(%q) = %s, %v; want %s ok=%v", tc.in, time.Duration(v), err, tc.want, tc.ok)
		}
	}
}
