package history

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// ErrNoWalk: no walk with that ID (pruned, or never there).
var ErrNoWalk = errors.New("no such walk in the history")

// maxReportBytes bounds a stored report when it is read back: the file is
// the user's, so it may hold anything.
const maxReportBytes = 16 << 20

const walkColumns = `id, domain, started_ms, verdict, failed, record_id, record_ttl, policy_ok, policy_text,
	policy_sha256, mode, max_age, mx_patterns, mx`

// Walks returns the domain's walks, oldest first; limit > 0 keeps only the
// newest limit of them.
func (s *Store) Walks(ctx context.Context, domain string, limit int) ([]Walk, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.db.QueryContext(ctx, `SELECT * FROM (SELECT `+walkColumns+` FROM walks WHERE domain = ?
		ORDER BY started_ms DESC, id DESC LIMIT ?) ORDER BY started_ms, id`, domain, limit)
	if err != nil {
		return nil, s.fail(err)
	}
	defer rows.Close()
	var out []Walk
	byID := map[int64]int{}
	for rows.Next() {
		w, err := scanWalk(rows)
		if err != nil {
			return nil, s.fail(err)
		}
		byID[w.ID] = len(out)
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(err)
	}
	if len(out) == 0 {
		return out, nil
	}
	crows, err := s.db.QueryContext(ctx, `SELECT walk_id, role, host, not_after FROM certs
		WHERE walk_id BETWEEN ? AND ? ORDER BY rowid`, out[0].ID, out[len(out)-1].ID)
	if err != nil {
		return nil, s.fail(err)
	}
	defer crows.Close()
	for crows.Next() {
		var (
			id       int64
			c        Cert
			notAfter int64
		)
		if err := crows.Scan(&id, &c.Role, &c.Host, &notAfter); err != nil {
			return nil, s.fail(err)
		}
		if i, ok := byID[id]; ok {
			c.NotAfter = time.UnixMilli(notAfter).UTC()
			out[i].Certs = append(out[i].Certs, c)
		}
	}
	if err := crows.Err(); err != nil {
		return nil, s.fail(err)
	}
	nrows, err := s.db.QueryContext(ctx, `SELECT walk_id, ns, address, record, policy_host, error FROM ns_answers
		WHERE walk_id BETWEEN ? AND ? ORDER BY rowid`, out[0].ID, out[len(out)-1].ID)
	if err != nil {
		return nil, s.fail(err)
	}
	defer nrows.Close()
	for nrows.Next() {
		var (
			id           int64
			n            probe.NameserverAnswer
			record, host string
		)
		if err := nrows.Scan(&id, &n.NS, &n.Address, &record, &host, &n.Error); err != nil {
			return nil, s.fail(err)
		}
		if record != "" {
			n.Record = strings.Split(record, "\n")
		}
		n.PolicyHost = strings.Fields(host)
		if i, ok := byID[id]; ok {
			out[i].NS = append(out[i].NS, n)
		}
	}
	return out, s.fail(nrows.Err())
}

// Domains lists every domain with a walk, with its walk count and newest
// walk time, most recently walked first.
func (s *Store) Domains(ctx context.Context) ([]DomainSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT domain, count(*), max(started_ms) FROM walks
		GROUP BY domain ORDER BY max(started_ms) DESC, domain`)
	if err != nil {
		return nil, s.fail(err)
	}
	defer rows.Close()
	var out []DomainSummary
	for rows.Next() {
		var (
			d    DomainSummary
			last int64
		)
		if err := rows.Scan(&d.Domain, &d.Walks, &last); err != nil {
			return nil, s.fail(err)
		}
		d.Last = time.UnixMilli(last).UTC()
		out = append(out, d)
	}
	return out, s.fail(rows.Err())
}

// DomainSummary is one domain of Domains.
type DomainSummary struct {
	Domain string    `json:"domain"`
	Walks  int       `json:"walks"`
	Last   time.Time `json:"last"`
}

// Report reopens the full report of a stored walk.
func (s *Store) Report(ctx context.Context, id int64) (*probe.Report, error) {
	var blob []byte
	err := s.db.QueryRowContext(ctx, `SELECT report FROM walks WHERE id = ?`, id).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("walk %d: %w", id, ErrNoWalk)
	}
	if err != nil {
		return nil, s.fail(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(blob))
	if err != nil {
		return nil, s.fail(fmt.Errorf("walk %d: stored report unreadable: %w", id, err))
	}
	var rep probe.Report
	dec := json.NewDecoder(io.LimitReader(zr, maxReportBytes))
	if err := dec.Decode(&rep); err != nil {
		return nil, s.fail(fmt.Errorf("walk %d: stored report unreadable: %w", id, err))
	}
	return &rep, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanWalk(r scanner) (Walk, error) {
	var (
		w               Walk
		started         int64
		patterns, hosts string
	)
	err := r.Scan(&w.ID, &w.Domain, &started, &w.Verdict, &w.Failed, &w.RecordID, &w.RecordTTL, &w.PolicyOK,
		&w.PolicyText, &w.PolicySHA256, &w.Mode, &w.MaxAge, &patterns, &hosts)
	w.Time = time.UnixMilli(started).UTC()
	w.MXPatterns = strings.Fields(patterns)
	w.MX = strings.Fields(hosts)
	if w.MX == nil {
		w.MX = []string{}
	}
	return w, err
}
