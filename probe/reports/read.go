package reports

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// Set is everything one read found: the reports, de-duplicated by
// report-id, and the inputs that could not be read, each with its error.
type Set struct {
	Reports []*Report `json:"reports"`
	Errors  []Failed  `json:"errors"`
	// Duplicates counts reports read again (same report-id) and dropped.
	Duplicates int `json:"duplicates"`
	// Skipped counts files and messages that held no report (a DMARC
	// report in the same mailbox, a README in the directory).
	Skipped int `json:"skipped"`
}

// Failed is an input that could not be read.
type Failed struct {
	Source string `json:"source"`
	Error  string `json:"error"`
}

// Reader reads reports from files, directories, mailboxes and streams into
// one Set. It is not safe for concurrent use.
type Reader struct {
	lim  Limits
	set  Set
	seen map[string]*Report
	full bool
	// zr is reused: a fresh gzip reader allocates tens of kilobytes, more
	// than a typical report.
	zr *gzip.Reader
}

// NewReader returns a Reader bounded by lim.
func NewReader(lim Limits) *Reader {
	return &Reader{lim: lim, seen: map[string]*Report{}}
}

// Set returns what has been read so far.
func (r *Reader) Set() *Set { return &r.set }

// errTooMany stops a read once Limits.Reports are held.
var errTooMany = errors.New("report limit reached")

// ReadPath reads a file or, recursively, a directory. A Maildir (a directory
// with cur/ and new/) is read message by message. "-" is standard input.
func (r *Reader) ReadPath(ctx context.Context, path string, stdin io.Reader) error {
	if path == "-" {
		return r.ReadStream(ctx, "stdin", stdin, true)
	}
	fi, err := os.Stat(path)
	if err != nil {
		r.fail(path, err)
		return nil
	}
	if fi.IsDir() {
		return r.readDir(ctx, path)
	}
	return r.readFile(ctx, path, true)
}

// ReadStream reads one input of any supported kind from rd. explicit says
// the user named it: an explicit input with no report is an error, one found
// in a directory or mailbox is only counted as skipped.
func (r *Reader) ReadStream(ctx context.Context, name string, rd io.Reader, explicit bool) error {
	br := bufio.NewReaderSize(rd, 8<<10)
	head, _ := br.Peek(512)
	switch sniff(head) {
	case kindMbox:
		return r.readMbox(ctx, name, br)
	case kindGzip, kindJSON:
		data, err := readLimited(br, r.lim.FileBytes, "file")
		if err != nil {
			r.fail(name, err)
			return nil
		}
		return r.readBlob(name, data, "")
	case kindMail:
		return r.readMessage(ctx, name, br, explicit)
	default:
		if explicit {
			r.fail(name, errors.New("not a TLS-RPT report: expected JSON, gzip, a mail message or an mbox"))
		} else {
			r.set.Skipped++
		}
		return nil
	}
}

func (r *Reader) readFile(ctx context.Context, path string, explicit bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		r.fail(path, err)
		return nil
	}
	defer f.Close()
	// A FIFO or device would block or never end; only regular files are read.
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		r.fail(path, errors.New("not a regular file"))
		return nil
	}
	return r.ReadStream(ctx, path, f, explicit)
}

func (r *Reader) readDir(ctx context.Context, root string) error {
	if isMaildir(root) {
		return r.readMaildir(ctx, root)
	}
	base := strings.Count(filepath.Clean(root), string(filepath.Separator))
	return filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			r.fail(path, err)
			return nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if d.IsDir() {
			if path != root && isMaildir(path) {
				if err := r.readMaildir(ctx, path); err != nil {
					return err
				}
				return filepath.SkipDir
			}
			if strings.Count(filepath.Clean(path), string(filepath.Separator))-base >= r.lim.DirDepth {
				r.fail(path, fmt.Errorf("more than %d directories deep; not read", r.lim.DirDepth))
				return filepath.SkipDir
			}
			return nil
		}
		// WalkDir does not follow symlinks; a linked file is read, a
		// linked directory is not (it could loop).
		if d.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
				r.set.Skipped++
				return nil
			}
		} else if !d.Type().IsRegular() {
			r.set.Skipped++
			return nil
		}
		err = r.readFile(ctx, path, false)
		if errors.Is(err, errTooMany) {
			return err
		}
		return err
	})
}

// isMaildir reports a Maildir: new mail in new/, seen mail in cur/.
func isMaildir(dir string) bool {
	for _, sub := range []string{"cur", "new"} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err != nil || !fi.IsDir() {
			return false
		}
	}
	return true
}

// readMaildir reads cur/ and new/; tmp/ holds deliveries still being
// written and is left alone.
func (r *Reader) readMaildir(ctx context.Context, dir string) error {
	for _, sub := range []string{"cur", "new"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			r.fail(filepath.Join(dir, sub), err)
			continue
		}
		for _, e := range entries {
			if !e.Type().IsRegular() {
				continue
			}
			if err := r.readFile(ctx, filepath.Join(dir, sub, e.Name()), false); err != nil {
				return err
			}
		}
	}
	return nil
}

// readBlob reads a report that is JSON or gzip-compressed JSON. note, when
// set, is a MIME deviation to attach to the report.
func (r *Reader) readBlob(source string, data []byte, note string) error {
	if bytes.HasPrefix(data, gzipMagic) {
		var err error
		if r.zr == nil {
			r.zr, err = gzip.NewReader(bytes.NewReader(data))
		} else {
			err = r.zr.Reset(bytes.NewReader(data))
		}
		if err != nil {
			r.fail(source, fmt.Errorf("gzip: %w", err))
			return nil
		}
		r.zr.Multistream(false)
		data, err = readLimited(r.zr, r.lim.ReportBytes, "decompressed report")
		if err != nil {
			r.fail(source, fmt.Errorf("gzip: %w", err))
			return nil
		}
	}
	rep, err := Decode(data, source, r.lim)
	if err != nil {
		r.fail(source, err)
		return nil
	}
	if note != "" {
		rep.Deviations = append(rep.Deviations, diag.Newf(CodeMIMEType, diag.Warning, "RFC 8460 §5.3", "%s", note))
	}
	return r.add(rep, data)
}

func (r *Reader) add(rep *Report, data []byte) error {
	key := "id:" + rep.ReportID
	if rep.ReportID == "" {
		sum := sha256.Sum256(data)
		key = fmt.Sprintf("sha256:%x", sum)
	}
	if first, ok := r.seen[key]; ok {
		r.set.Duplicates++
		first.Deviations = append(first.Deviations, diag.Newf(CodeDuplicate, diag.Info, "RFC 8460 §5.3",
			"report-id %q was read again from %s; counted once", rep.ReportID, rep.Source))
		return nil
	}
	if r.full {
		return errTooMany
	}
	if r.lim.Reports > 0 && len(r.set.Reports) >= r.lim.Reports {
		r.full = true
		r.fail(rep.Source, fmt.Errorf("more than %d reports: the rest are not read (narrow the input, or use --since/--until on fewer files)", r.lim.Reports))
		return errTooMany
	}
	r.seen[key] = rep
	r.set.Reports = append(r.set.Reports, rep)
	return nil
}

func (r *Reader) fail(source string, err error) {
	r.set.Errors = append(r.set.Errors, Failed{Source: sanitize.Line(source, 0), Error: sanitize.Line(err.Error(), 300)})
}

// readLimited reads all of rd, failing when it holds more than limit bytes.
func readLimited(rd io.Reader, limit int64, what string) ([]byte, error) {
	if limit <= 0 {
		return io.ReadAll(rd)
	}
	data, err := io.ReadAll(io.LimitReader(rd, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes; not read", what, limit)
	}
	return data, nil
}

type kind int

const (
	kindUnknown kind = iota
	kindJSON
	kindGzip
	kindMail
	kindMbox
)

var gzipMagic = []byte{0x1f, 0x8b}

// sniff tells inputs apart by content, not by name: reports are saved under
// every name imaginable.
func sniff(head []byte) kind {
	if bytes.HasPrefix(head, gzipMagic) {
		return kindGzip
	}
	if bytes.HasPrefix(head, []byte("From ")) {
		return kindMbox
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("{")) {
		return kindJSON
	}
	if looksLikeHeader(head) {
		return kindMail
	}
	return kindUnknown
}

// looksLikeHeader reports a first line of the form "Field-Name: value"
// (RFC 5322 §2.2: printable ASCII but the colon, then a colon).
func looksLikeHeader(head []byte) bool {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	name, _, ok := bytes.Cut(line, []byte(":"))
	if !ok || len(name) == 0 {
		return false
	}
	for _, c := range name {
		if c < 33 || c > 126 {
			return false
		}
	}
	return true
}
