package main

import (
	"os"
	"testing"
)

// TestMain points the state directory at a temporary one, so no test
// records walks in the user's own history.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mtasts-doctor-state-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_STATE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
