// Package statedir says where mtasts-doctor keeps what it learns between
// runs (the walk history, the recent domains): the XDG state directory,
// $XDG_STATE_HOME/mtasts-doctor, which the XDG Base Directory spec defines
// for "state data that should persist between (application) restarts, but
// that is not important or portable enough" for the data directory.
//
// github.com/adrg/xdg supplies the per-OS defaults (~/.local/state on Linux,
// ~/Library/Application Support on macOS, %LOCALAPPDATA% on Windows), so
// nothing here reads $HOME itself.
package statedir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
)

// Name is the directory's name under the state home.
const Name = "mtasts-doctor"

// Dir returns override when it is non-empty (the --state-dir flag), else
// the XDG state home joined with Name. It does not create anything.
func Dir(override string) (string, error) {
	if override != "" {
		return filepath.Abs(override)
	}
	// Reload picks up XDG_STATE_HOME as it is now, not as it was when the
	// package was initialised (tests and long-lived processes change it).
	xdg.Reload()
	if xdg.StateHome == "" {
		return "", errors.New("no state directory: set XDG_STATE_HOME or HOME, or pass --state-dir")
	}
	return filepath.Join(xdg.StateHome, Name), nil
}

// Ensure creates dir (and its parents) readable by its owner only: the
// history names the domains an admin looks after.
func Ensure(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating the state directory: %w", err)
	}
	return nil
}
