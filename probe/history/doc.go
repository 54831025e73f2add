// Package history keeps every walk of a domain in an SQLite database under
// the state directory, and reads change out of it: drift findings (a policy
// edited without a new id, MX hosts moved, max_age lowered, a policy that
// stopped answering) and the certificate calendar. Most MTA-STS breakage is
// a change, not a state, and one walk cannot see a change.
//
// The database is modernc.org/sqlite (pure Go, so cross-compiling keeps
// working) in WAL mode with a busy timeout, so two processes (a watch and a
// check) can write at once without losing a walk. The schema is versioned
// with PRAGMA user_version and migrated forward in one transaction; the file
// is stamped with PRAGMA application_id so a file that is not ours is never
// written to.
//
// The store stays bounded: after each recorded walk, walks older than
// MaxAge and all but the newest MaxWalksPerDomain of a domain are deleted
// (see Limits).
package history
