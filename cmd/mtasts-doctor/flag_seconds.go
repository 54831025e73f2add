package main

import (
	"errors"
	"math"
	"strconv"
	"time"
)

// secondsValue is a duration flag that takes plain seconds, as dig
// (+timeout=10) and curl (--max-time 10) do, or a Go duration (10s, 1m30s,
// 500ms) for those who write units.
type secondsValue time.Duration

// maxSeconds keeps a typed number inside time.Duration (about 292 years);
// nothing the tool waits for needs more than a day.
const maxSeconds = 24 * 60 * 60

func (s *secondsValue) Set(v string) error {
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		if math.IsNaN(f) || f < 0 || f > maxSeconds {
			return errors.New("want a number of seconds from 0 to 86400")
		}
		*s = secondsValue(f * float64(time.Second))
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return errors.New("want seconds (10, 2.5) or a duration with a unit (10s, 1m, 500ms)")
	}
	if d < 0 || d > maxSeconds*time.Second {
		return errors.New("want a duration from 0 to 24h")
	}
	*s = secondsValue(d)
	return nil
}

func (s *secondsValue) String() string { return time.Duration(*s).String() }

func (s *secondsValue) Type() string { return "seconds" }
