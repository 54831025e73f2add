package simulate

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	good := []struct {
		in   string
		want time.Duration
	}{
		{"7d", Week}, {"1w", Week}, {"604800", Week}, {"1w2d", 9 * Day}, {"90m", 90 * time.Minute},
		{"-2d", -2 * Day}, {"36h", 36 * time.Hour}, {"0", 0}, {"1d12h", 36 * time.Hour}, {" 5s ", 5 * time.Second},
	}
	for _, c := range good {
		if got, err := ParseDuration(c.in); err != nil || got != c.want {
			t.Errorf("%q: %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "-", "d", "7x", "7d3", "1.5d", "99999999999999999999s", "106751w", "7 d"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func TestFormatDurationRoundTrip(t *testing.T) {
	for _, d := range []time.Duration{0, time.Second, 10 * Day, Week, 2 * Week, -2 * Day, 36 * time.Hour, 10*Day + time.Hour + 5*time.Second} {
		s := FormatDuration(d)
		if got, err := ParseDuration(s); err != nil || got != d {
			t.Errorf("%v -> %q -> %v, %v", d, s, got, err)
		}
	}
	if s := FormatDuration(10 * Day); s != "10d" {
		t.Errorf("10d formatted %q", s)
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"7d", "1w2d3h4m5s", "-2d", "604800", "", "1x", "9223372036s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		if d%time.Second != 0 {
			t.Fatalf("%q: sub-second %v", s, d)
		}
		back, err := ParseDuration(FormatDuration(d))
		if err != nil || back != d {
			t.Fatalf("%q = %v, formatted %q reads back %v, %v", s, d, FormatDuration(d), back, err)
		}
	})
}
