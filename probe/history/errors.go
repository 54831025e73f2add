package history

import (
	"errors"
	"fmt"
)

// Errors a caller can act on. A walk whose recording fails is still a
// complete walk: callers print the report and say the history was not
// updated.
var (
	// ErrNotDatabase: the file is not an SQLite database at all (corrupt,
	// truncated, or something else saved under our name). It is never
	// written to; move it aside (MoveAside) to start a new history.
	ErrNotDatabase = errors.New("not an SQLite database")
	// ErrForeign: an SQLite database, but not mtasts-doctor's (its
	// application_id differs). Never written to.
	ErrForeign = errors.New("an SQLite database that is not mtasts-doctor's history")
	// ErrNewer: written by a newer mtasts-doctor whose schema this one
	// does not know. Never migrated backwards.
	ErrNewer = errors.New("written by a newer mtasts-doctor")
	// ErrCorrupt: SQLite reported corruption while reading or writing.
	ErrCorrupt = errors.New("the history database is damaged")
)

// FileError says which file failed and what to do about it.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string {
	hint := ""
	if errors.Is(e.Err, ErrNotDatabase) || errors.Is(e.Err, ErrForeign) || errors.Is(e.Err, ErrCorrupt) {
		hint = "; it was left untouched. Move it aside with \"mtasts-doctor history --move-aside\" (or mv it yourself), or use --state-dir DIR or --no-history"
	}
	if errors.Is(e.Err, ErrNewer) {
		hint = "; upgrade mtasts-doctor, or use --state-dir DIR or --no-history"
	}
	return fmt.Sprintf("history %s: %v%s", e.Path, e.Err, hint)
}

func (e *FileError) Unwrap() error { return e.Err }
