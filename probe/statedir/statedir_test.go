package statedir

import (
	"path/filepath"
	"testing"
)

func TestDirFollowsXDGStateHome(t *testing.T) {
	base := t.TempDir()
	t.Setenv("XDG_STATE_HOME", base)
	got, err := Dir("")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(base, Name); got != want {
		t.Fatalf("Dir = %q, want %q", got, want)
	}
}

func TestDirOverrideWinsAndIsAbsolute(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	got, err := Dir("relative/state")
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(got) || filepath.Base(got) != "state" {
		t.Fatalf("Dir(override) = %q", got)
	}
}

func TestEnsureCreatesPrivateDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := Ensure(dir); err != nil {
		t.Fatal(err)
	}
	if err := Ensure(dir); err != nil {
		t.Fatalf("second Ensure: %v", err)
	}
}
