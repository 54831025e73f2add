package history

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations[i] takes the schema from version i to i+1. Published entries
// never change: a user's file was built by them. Add a new entry instead.
var migrations = []string{
	// 1: walks, the certificates each walk saw.
	`CREATE TABLE walks (
		id            INTEGER PRIMARY KEY,
		domain        TEXT    NOT NULL,
		started_ms    INTEGER NOT NULL,  -- Unix milliseconds, UTC
		verdict       TEXT    NOT NULL,
		failed        INTEGER NOT NULL,
		record_id     TEXT    NOT NULL DEFAULT '',
		record_ttl    INTEGER NOT NULL DEFAULT -1,
		policy_ok     INTEGER NOT NULL DEFAULT 0,
		policy_text   TEXT    NOT NULL DEFAULT '',
		policy_sha256 TEXT    NOT NULL DEFAULT '',
		mode          TEXT    NOT NULL DEFAULT '',
		max_age       INTEGER NOT NULL DEFAULT 0,
		mx_patterns   TEXT    NOT NULL DEFAULT '',  -- the policy's mx lines, space-separated
		mx            TEXT    NOT NULL DEFAULT '',  -- sorted host names, space-separated
		report        BLOB                          -- the JSON Report, gzip
	);
	CREATE INDEX walks_domain_started ON walks(domain, started_ms);
	CREATE TABLE certs (
		walk_id   INTEGER NOT NULL REFERENCES walks(id) ON DELETE CASCADE,
		role      TEXT    NOT NULL,  -- policy-host or mx
		host      TEXT    NOT NULL,
		not_after INTEGER NOT NULL   -- Unix milliseconds
	);
	CREATE INDEX certs_walk ON certs(walk_id);`,
	// 2: what each authoritative server answered (probe.NameserverAnswer).
	`CREATE TABLE ns_answers (
		walk_id     INTEGER NOT NULL REFERENCES walks(id) ON DELETE CASCADE,
		ns          TEXT    NOT NULL,
		address     TEXT    NOT NULL,
		record      TEXT    NOT NULL,  -- the TXT answers, newline-separated
		policy_host TEXT    NOT NULL,  -- the addresses, space-separated
		error       TEXT    NOT NULL
	);
	CREATE INDEX ns_answers_walk ON ns_answers(walk_id);`,
	// 3: TLS-RPT reports read by "reports", beside the walks that explain
	// them; one row per report, keyed like the reader de-duplicates.
	`CREATE TABLE tlsrpt_reports (
		key          TEXT    PRIMARY KEY,  -- "id:" + report-id, or "sha256:" + the JSON's hash
		organization TEXT    NOT NULL,
		start_ms     INTEGER NOT NULL,     -- Unix milliseconds; 0 when the report had none
		end_ms       INTEGER NOT NULL,
		domains      TEXT    NOT NULL,     -- policy domains, space-separated, with spaces around
		successful   INTEGER NOT NULL,
		failed       INTEGER NOT NULL,
		stored_ms    INTEGER NOT NULL,
		report       BLOB    NOT NULL      -- the reports.Report as JSON, gzip
	);
	CREATE INDEX tlsrpt_reports_start ON tlsrpt_reports(start_ms);`,
}

// migrate brings the schema to the newest version in one immediate
// transaction, so two processes opening a new file at once cannot both
// create it, and a crash leaves the old version intact.
func migrate(ctx context.Context, db *sql.DB, upTo int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("reading the schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("%w (schema %d; this build knows up to %d)", ErrNewer, v, len(migrations))
	}
	if v >= upTo {
		return nil
	}
	if v == 0 {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrForeign // tables but never stamped: not ours
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
			return err
		}
	}
	for i := v; i < upTo; i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migrating the history to schema %d: %w", i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", upTo)); err != nil {
		return err
	}
	return tx.Commit()
}
