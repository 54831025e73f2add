package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the database's name inside the state directory.
const FileName = "history.db"

// BusyTimeout is how long a writer waits for another process's write to
// finish before giving up. Writes are a few milliseconds; a long wait
// means something is stuck.
const BusyTimeout = 10 * time.Second

// Limits bound the database. After each recorded walk, walks older than
// MaxAge and all but the newest MaxWalksPerDomain of the domain go.
type Limits struct {
	// MaxAge defaults to 400 days: longer than the largest max_age a
	// policy may carry (31557600 s, RFC 8461 §3.2), so every walk whose
	// max_age can still bind a sender (§8.3) is kept.
	MaxAge time.Duration
	// MaxWalksPerDomain defaults to 5000: a walk every 5 minutes for
	// 17 days, or one a day for 13 years.
	MaxWalksPerDomain int
}

// DefaultLimits are the bounds README.md documents.
var DefaultLimits = Limits{MaxAge: 400 * 24 * time.Hour, MaxWalksPerDomain: 5000}

// Store is an open history database. It is safe for concurrent use, and
// several processes may hold the same file open.
type Store struct {
	db     *sql.DB
	path   string
	limits Limits
	now    func() time.Time
}

// Options tune Open; the zero value is the default.
type Options struct {
	Limits Limits
	// Now is the clock pruning measures age against; nil is time.Now.
	Now func() time.Time
	// schema stops migrating at this version (tests build old files).
	schema int
}

// Open opens (creating if needed) the history in dir. A file that is not
// ours, or damaged, is reported and never written to.
func Open(ctx context.Context, dir string, o Options) (*Store, error) {
	path := filepath.Join(dir, FileName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if err := checkFile(path); err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	upTo := len(migrations)
	if o.schema > 0 {
		upTo = o.schema
	}
	if err := create(ctx, dir, path, upTo); err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	s := &Store{db: db, path: path, limits: o.Limits, now: o.Now}
	if s.limits.MaxAge <= 0 {
		s.limits.MaxAge = DefaultLimits.MaxAge
	}
	if s.limits.MaxWalksPerDomain <= 0 {
		s.limits.MaxWalksPerDomain = DefaultLimits.MaxWalksPerDomain
	}
	if s.now == nil {
		s.now = time.Now
	}
	if err := migrate(ctx, db, upTo); err != nil {
		db.Close()
		return nil, s.fail(err)
	}
	// WAL only once the file is known to be ours: switching the journal
	// mode writes the file's header. It persists in the file, so readers
	// never block the writer and a crash mid-write loses nothing committed.
	if err := enableWAL(ctx, db); err != nil {
		db.Close()
		return nil, s.fail(fmt.Errorf("switching to WAL: %w", err))
	}
	return s, nil
}

// dsn opens path with the busy timeout, foreign keys, and every
// transaction taking the write lock up front, so two writers queue on the
// busy timeout instead of failing on a lock upgrade.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	// synchronous NORMAL is durable across application crashes in WAL
	// mode; only an OS crash may lose the last walk.
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// create makes a new history when none exists: built complete (schema,
// stamp, WAL mode) in a temporary file and hard-linked into place, which
// fails if another process got there first. Several processes starting at
// once thus never see a half-made file, nor switch its journal mode
// while another writes (SQLite reports that as a disk I/O error).
func create(ctx context.Context, dir, path string, upTo int) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		return nil
	} else if err == nil {
		// Created but never written (by us after a crash, or touched):
		// nothing to lose.
		os.Remove(path)
	}
	tmp, err := os.CreateTemp(dir, FileName+".new-*")
	if err != nil {
		return err
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer func() {
		for _, ext := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(tmpPath + ext)
		}
	}()
	db, err := sql.Open("sqlite", dsn(tmpPath))
	if err != nil {
		return err
	}
	err = migrate(ctx, db, upTo)
	if err == nil {
		err = enableWAL(ctx, db)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("creating the history: %w", err)
	}
	if err := os.Link(tmpPath, path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("creating the history: %w", err)
	}
	return nil
}

// enableWAL switches the file to WAL unless it already is (it persists in
// the file, so only the process that created the history switches it).
func enableWAL(ctx context.Context, db *sql.DB) error {
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if mode == "wal" {
		return nil
	}
	return db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode)
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close releases the database.
func (s *Store) Close() error { return s.db.Close() }

// fail wraps a database error with the file's name, and names corruption
// as such.
func (s *Store) fail(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT:
			err = fmt.Errorf("%w: %v", ErrCorrupt, err)
		case sqlite3.SQLITE_NOTADB:
			err = fmt.Errorf("%w: %v", ErrNotDatabase, err)
		}
	}
	return &FileError{Path: s.path, Err: err}
}

// MoveAside renames the history file of dir (and its WAL and shared-memory
// files) to "history.db.aside-TIME", so the next Open starts a new history
// and the old file is still there to inspect. It returns the new name.
func MoveAside(dir string, now time.Time) (string, error) {
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); err != nil {
		return "", err
	}
	to := path + ".aside-" + now.UTC().Format("20060102T150405Z")
	if err := os.Rename(path, to); err != nil {
		return "", err
	}
	for _, ext := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + ext); err == nil {
			os.Rename(path+ext, to+ext)
		}
	}
	return to, nil
}
