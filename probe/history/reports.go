package history

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/reports"
)

// MaxStoredReports bounds the reports kept (the oldest go first); with
// Limits.MaxAge it keeps the file bounded however many reports arrive.
const MaxStoredReports = 50000

// AddReports stores TLS-RPT reports beside the walks, skipping any already
// stored (the same report-id), and prunes to the limits. It returns how
// many were new.
func (s *Store) AddReports(ctx context.Context, rs []*reports.Report) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, s.fail(err)
	}
	defer tx.Rollback()
	added := 0
	now := s.now().UnixMilli()
	for _, r := range rs {
		blob, err := compressJSON(r)
		if err != nil {
			return 0, s.fail(err)
		}
		var domains []string
		var ok, failed int64
		for _, p := range r.Policies {
			domains = append(domains, p.Domain)
			ok += p.Successful
			failed += p.Failed
		}
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO tlsrpt_reports
			(key, organization, start_ms, end_ms, domains, successful, failed, stored_ms, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			reportKey(r, blob), r.Organization, unixMilli(r.Start), unixMilli(r.End), " "+strings.Join(domains, " ")+" ", ok, failed, now, blob)
		if err != nil {
			return 0, s.fail(err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added++
		}
	}
	cutoff := s.now().Add(-s.limits.MaxAge).UnixMilli()
	if _, err := tx.ExecContext(ctx, `DELETE FROM tlsrpt_reports WHERE stored_ms < ? AND start_ms < ?`, cutoff, cutoff); err != nil {
		return 0, s.fail(err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM tlsrpt_reports WHERE key NOT IN
		(SELECT key FROM tlsrpt_reports ORDER BY start_ms DESC, key LIMIT ?)`, MaxStoredReports); err != nil {
		return 0, s.fail(err)
	}
	return added, s.fail(tx.Commit())
}

// StoredReports returns the stored reports about domain ("" for all) whose
// date range starts in [since, until) (zero bounds are open), oldest first.
func (s *Store) StoredReports(ctx context.Context, domain string, since, until time.Time) ([]*reports.Report, error) {
	q := `SELECT report FROM tlsrpt_reports WHERE 1=1`
	var args []any
	if domain != "" {
		q += ` AND instr(domains, ?) > 0`
		args = append(args, " "+domain+" ")
	}
	if !since.IsZero() {
		q += ` AND start_ms >= ?`
		args = append(args, since.UnixMilli())
	}
	if !until.IsZero() {
		q += ` AND start_ms < ?`
		args = append(args, until.UnixMilli())
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY start_ms, key`, args...)
	if err != nil {
		return nil, s.fail(err)
	}
	defer rows.Close()
	var out []*reports.Report
	for rows.Next() {
		var blob []byte
		if err := rows.Scan(&blob); err != nil {
			return nil, s.fail(err)
		}
		var r reports.Report
		if err := decompressJSON(blob, &r); err != nil {
			return nil, fmt.Errorf("history: a stored report is unreadable: %w", err)
		}
		out = append(out, &r)
	}
	return out, s.fail(rows.Err())
}

// reportKey matches the reader's de-duplication: the report-id, else the
// content.
func reportKey(r *reports.Report, blob []byte) string {
	if r.ReportID != "" {
		return "id:" + r.ReportID
	}
	return fmt.Sprintf("sha256:%x", sha256.Sum256(blob))
}

func unixMilli(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func compressJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if err := json.NewEncoder(zw).Encode(v); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// maxStoredJSON bounds what one stored blob may inflate to (the reader's
// own per-report limit, with room for the JSON around it).
const maxStoredJSON = 32 << 20

func decompressJSON(blob []byte, v any) error {
	zr, err := gzip.NewReader(bytes.NewReader(blob))
	if err != nil {
		return err
	}
	return json.NewDecoder(io.LimitReader(zr, maxStoredJSON)).Decode(v)
}
