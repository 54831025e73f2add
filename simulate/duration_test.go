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
		// RFC 8461 §3.2: the largest max_age, 31557600 s, is "1y".
		{"1y", 31557600 * time.Second}, {"2y", 2 * 31557600 * time.Second}, {"1y1d", 31557600*time.Second + Day},
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

// RFC 8461 §3.2 caps max_age at 31557600 s, a year of 365.25 days: an
// admin reads that as "1y", not "365d6h". Years are used only when exact,
// so the outage a year's cache survives still reads in days.
func TestFormatDurationYears(t *testing.T) {
	const y = 31557600 * time.Second
	cases := []struct {
		d    time.Duration
		want string
	}{
		{y, "1y"}, {2 * y, "2y"}, {-y, "-1y"},
		{y - Day, "364d6h"}, {y + Day, "366d6h"}, {365 * Day, "365d"}, {52 * Week, "52w"},
	}
	for _, c := range cases {
		got := FormatDuration(c.d)
		if got != c.want {
			t.Errorf("FormatDuration(%d s) = %q, want %q", c.d/time.Second, got, c.want)
		}
		if back, err := ParseDuration(got); err != nil || back != c.d {
			t.Errorf("%q reads back as %v, %v; want %v", got, back, err, c.d)
		}
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
