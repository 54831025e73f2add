package simulate

import (
	"testing"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

func mustProfile(t testing.TB, name string) Profile {
	t.Helper()
	p, err := ProfileByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// world1 publishes one enforce policy (id "1", max_age maxAge, mx
// mx1.example.com) long ago.
func world1(maxAge time.Duration) Timeline {
	return Timeline{
		Domain:   "example.com",
		Versions: []Version{{ID: "1", Mode: policy.ModeEnforce, MaxAge: maxAge, MX: []string{"mx1.example.com"}, At: -400 * Day, TXTAt: -400 * Day}},
		Until:    60 * Day,
	}
}

// attemptAt runs and returns the named sender's attempt at exactly t.
func attemptAt(t testing.TB, r Result, sender string, at time.Duration) Attempt {
	t.Helper()
	a, ok := r.At(sender, at)
	if !ok || a.At != at {
		t.Fatalf("%s: no attempt at %s (got %v at %s)", sender, FormatDuration(at), ok, FormatDuration(a.At))
	}
	return a
}
