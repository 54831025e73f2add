package simulate

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Day and Week are the units admins think of max_age in.
const (
	Day  = 24 * time.Hour
	Week = 7 * Day
)

// Forever marks an interval without an end.
const Forever = time.Duration(math.MaxInt64)

// year is the largest max_age, 31557600 s (RFC 8461 §3.2): a Julian year
// of 365.25 days, which is what admins mean by "1y".
const year = 31557600 * time.Second

var unitSizes = map[byte]time.Duration{
	's': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': Day, 'w': Week, 'y': year,
}

// maxDurationLen bounds the input: durations come from flags and files.
const maxDurationLen = 64

// ParseDuration reads a duration written as one or more number-unit pairs
// with units s, m, h, d (24 h), w (7 d) and y (31557600 s, the largest
// max_age), like "7d", "1w2d", "90m", "1y" or
// "-2d"; a bare number is seconds, the unit of max_age (RFC 8461 §3.2).
func ParseDuration(s string) (time.Duration, error) {
	orig := s
	if len(s) > maxDurationLen {
		return 0, fmt.Errorf("duration too long (%d bytes)", len(s))
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty duration")
	}
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, fmt.Errorf("duration %q has no number", orig)
	}
	var total time.Duration
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("duration %q: expected a number before %q (units: s, m, h, d, w, y)", orig, s)
		}
		n, err := strconv.ParseInt(s[:i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("duration %q: number out of range", orig)
		}
		s = s[i:]
		unit := time.Second
		if s != "" {
			u, ok := unitSizes[s[0]]
			if !ok {
				return 0, fmt.Errorf("duration %q: unknown unit %q (units: s, m, h, d, w, y)", orig, s[:1])
			}
			unit = u
			s = s[1:]
		} else if total != 0 {
			return 0, fmt.Errorf("duration %q: a unit is needed after the last number", orig)
		}
		if n > int64(math.MaxInt64/unit) {
			return 0, fmt.Errorf("duration %q: out of range", orig)
		}
		part := time.Duration(n) * unit
		if total > math.MaxInt64-part {
			return 0, fmt.Errorf("duration %q: out of range", orig)
		}
		total += part
	}
	if neg {
		total = -total
	}
	return total, nil
}

// FormatDuration writes d in the largest units that divide it, the
// inverse of ParseDuration: "7d", "1w", "36h", "-2d", "1d12h", "0s", "1y".
// Years and weeks are used only for exact multiples: max_age 31557600 s
// reads "1y", and the outage it survives, a day less, reads "364d6h".
func FormatDuration(d time.Duration) string {
	if d == Forever {
		return "never"
	}
	if d == 0 {
		return "0s"
	}
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		if d == math.MinInt64 {
			d = math.MaxInt64
		} else {
			d = -d
		}
	}
	if d < time.Second {
		b.WriteString(d.String())
		return b.String()
	}
	units := []struct {
		size time.Duration
		name byte
	}{{Week, 'w'}, {Day, 'd'}, {time.Hour, 'h'}, {time.Minute, 'm'}, {time.Second, 's'}}
	if d%year == 0 {
		b.WriteString(strconv.FormatInt(int64(d/year), 10))
		b.WriteByte('y')
		return b.String()
	}
	if d%Week != 0 {
		// "10d" reads better than "1w3d"; weeks only when exact.
		units = units[1:]
	}
	for _, u := range units {
		if n := d / u.size; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10))
			b.WriteByte(u.name)
			d -= n * u.size
		}
	}
	return b.String()
}

// Approx writes d rounded to the unit a person would say: "5 d", "3 h".
func Approx(d time.Duration) string {
	if d == Forever {
		return "never"
	}
	sign := ""
	if d < 0 {
		sign = "-"
		d = -d
	}
	switch {
	case d >= 2*Day:
		return fmt.Sprintf("%s%s d", sign, trimFloat(float64(d)/float64(Day)))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%s%s h", sign, trimFloat(float64(d)/float64(time.Hour)))
	case d >= 2*time.Minute:
		return fmt.Sprintf("%s%s min", sign, trimFloat(float64(d)/float64(time.Minute)))
	default:
		return fmt.Sprintf("%s%d s", sign, int64(d/time.Second))
	}
}

func trimFloat(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}
