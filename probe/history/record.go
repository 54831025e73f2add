package history

import (
	"context"
	"database/sql"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// Record stores a finished walk and prunes the domain's history to the
// limits. It returns the stored Walk (with its ID). The caller has already
// shown the report: a failure here only means the history misses a walk.
func (s *Store) Record(ctx context.Context, rep *probe.Report) (Walk, error) {
	w := FromReport(rep)
	blob, err := compressReport(rep)
	if err != nil {
		return w, s.fail(err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return w, s.fail(err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO walks
		(domain, started_ms, verdict, failed, record_id, record_ttl, policy_ok, policy_text, policy_sha256, mode, max_age, mx_patterns, mx, report)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		w.Domain, w.Time.UnixMilli(), w.Verdict, w.Failed, w.RecordID, w.RecordTTL, w.PolicyOK, w.PolicyText, w.PolicySHA256,
		w.Mode, w.MaxAge, strings.Join(w.MXPatterns, " "), strings.Join(w.MX, " "), blob)
	if err != nil {
		return w, s.fail(err)
	}
	if w.ID, err = res.LastInsertId(); err != nil {
		return w, s.fail(err)
	}
	for _, c := range w.Certs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO certs (walk_id, role, host, not_after) VALUES (?, ?, ?, ?)`,
			w.ID, c.Role, c.Host, c.NotAfter.UnixMilli()); err != nil {
			return w, s.fail(err)
		}
	}
	for _, n := range w.NS {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ns_answers (walk_id, ns, address, record, policy_host, error) VALUES (?, ?, ?, ?, ?, ?)`,
			w.ID, n.NS, n.Address, strings.Join(n.Record, "\n"), strings.Join(n.PolicyHost, " "), n.Error); err != nil {
			return w, s.fail(err)
		}
	}
	if err := s.prune(ctx, tx, w.Domain); err != nil {
		return w, s.fail(err)
	}
	return w, s.fail(tx.Commit())
}

// prune applies the limits: walks older than MaxAge (every domain), and
// the domain's walks beyond the newest MaxWalksPerDomain. Certificates go
// with their walk (ON DELETE CASCADE).
func (s *Store) prune(ctx context.Context, tx *sql.Tx, domain string) error {
	cutoff := s.now().Add(-s.limits.MaxAge).UnixMilli()
	if _, err := tx.ExecContext(ctx, `DELETE FROM walks WHERE started_ms < ?`, cutoff); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM walks WHERE domain = ? AND id NOT IN
		(SELECT id FROM walks WHERE domain = ? ORDER BY started_ms DESC, id DESC LIMIT ?)`,
		domain, domain, s.limits.MaxWalksPerDomain)
	return err
}

func compressReport(rep *probe.Report) ([]byte, error) { return compressJSON(rep) }
