package reports

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"path"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// RFC 8460 §5.3 media types.
const (
	typeJSON = "application/tlsrpt+json"
	typeGzip = "application/tlsrpt+gzip"
)

// readMessage reads one mail message and every TLS-RPT report attached to
// it. explicit says the user named this message: finding no report in it
// is then an error rather than a skip.
func (r *Reader) readMessage(ctx context.Context, source string, rd io.Reader, explicit bool) error {
	data, err := readLimited(rd, r.lim.MessageBytes, "message")
	if err != nil {
		r.fail(source, err)
		return nil
	}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		r.fail(source, fmt.Errorf("not a mail message: %w", err))
		return nil
	}
	x := &extraction{r: r, source: source}
	if err := x.entity(ctx, textproto.MIMEHeader(msg.Header), msg.Body, 0); err != nil {
		return err
	}
	if x.found == 0 && x.failed == 0 {
		if explicit {
			r.fail(source, errors.New("no TLS-RPT report in this message (no application/tlsrpt+json or +gzip part)"))
		} else {
			r.set.Skipped++
		}
	}
	return nil
}

// extraction walks one message's MIME tree.
type extraction struct {
	r      *Reader
	source string
	parts  int
	found  int
	failed int
}

func (x *extraction) entity(ctx context.Context, h textproto.MIMEHeader, body io.Reader, depth int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if depth > x.r.lim.MIMEDepth {
		x.failf("MIME parts nest more than %d deep; the rest is not read", x.r.lim.MIMEDepth)
		return nil
	}
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		mediaType = "text/plain" // RFC 2045 §5.2: the default
	}
	switch {
	case strings.HasPrefix(mediaType, "multipart/"):
		boundary := params["boundary"]
		if boundary == "" {
			x.failf("%s without a boundary", mediaType)
			return nil
		}
		mr := multipart.NewReader(body, boundary)
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				x.failf("MIME: %v", err)
				return nil
			}
			x.parts++
			if x.parts > x.r.lim.MIMEParts {
				x.failf("more than %d MIME parts; the rest are not read", x.r.lim.MIMEParts)
				return nil
			}
			if err := x.entity(ctx, p.Header, p, depth+1); err != nil {
				return err
			}
		}
	case mediaType == "message/rfc822":
		// A forwarded report: read the inner message's parts.
		msg, err := mail.ReadMessage(decodeTransfer(h, body))
		if err != nil {
			x.failf("forwarded message: %v", err)
			return nil
		}
		return x.entity(ctx, textproto.MIMEHeader(msg.Header), msg.Body, depth+1)
	}
	name := attachmentName(h, params)
	note, ok := reportPart(mediaType, name)
	if !ok {
		return nil
	}
	label := x.source
	if name != "" {
		label += ": " + sanitize.Line(name, 120)
	}
	data, err := readLimited(decodeTransfer(h, body), x.r.lim.MessageBytes, "attachment")
	if err != nil {
		x.failed++
		x.r.fail(label, err)
		return nil
	}
	before := len(x.r.set.Errors)
	if err := x.r.readBlob(label, data, note); err != nil {
		return err
	}
	if len(x.r.set.Errors) > before {
		x.failed++
	} else {
		x.found++
	}
	return nil
}

func (x *extraction) failf(format string, a ...any) {
	x.failed++
	x.r.fail(x.source, fmt.Errorf(format, a...))
}

// reportPart decides whether a MIME part holds a report. The RFC's types are
// read silently; the types senders use instead (application/gzip, a .json.gz
// sent as application/octet-stream) are read with a deviation note.
func reportPart(mediaType, name string) (note string, ok bool) {
	switch mediaType {
	case typeJSON, typeGzip:
		return "", true
	}
	lower := strings.ToLower(name)
	byName := strings.HasSuffix(lower, ".json") || strings.HasSuffix(lower, ".json.gz") || strings.HasSuffix(lower, ".gz")
	switch mediaType {
	case "application/json", "application/gzip", "application/x-gzip", "application/tlsrpt":
	case "application/octet-stream", "text/plain":
		if !byName {
			return "", false
		}
	default:
		return "", false
	}
	if mediaType == "text/plain" && !strings.Contains(lower, "!") {
		// A .json text attachment is only a report if it is named like one
		// (RFC 8460 §5.1: sender!domain!begin!end).
		return "", false
	}
	return fmt.Sprintf("the report is attached as %s, not %s or %s", mediaType, typeJSON, typeGzip), true
}

// attachmentName is the part's file name without directories, or "" when
// it has none (path.Base would make that ".").
func attachmentName(h textproto.MIMEHeader, ctParams map[string]string) string {
	name := ctParams["name"]
	if _, p, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && p["filename"] != "" {
		name = p["filename"]
	}
	if name == "" {
		return ""
	}
	return path.Base(name)
}

// decodeTransfer undoes the Content-Transfer-Encoding. multipart.Reader
// already undoes quoted-printable for parts; base64 is left to the caller.
func decodeTransfer(h textproto.MIMEHeader, body io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "base64":
		// The decoder ignores CR and LF, as MIME line breaks need.
		return base64.NewDecoder(base64.StdEncoding, &spaceless{r: body})
	case "quoted-printable":
		return quotedprintable.NewReader(body)
	}
	return body
}

// spaceless drops spaces and tabs, which some mailers leave at line ends of
// base64 bodies and which the decoder would reject.
type spaceless struct{ r io.Reader }

func (s *spaceless) Read(p []byte) (int, error) {
	for {
		n, err := s.r.Read(p)
		out := p[:0]
		for _, c := range p[:n] {
			if c != ' ' && c != '\t' {
				out = append(out, c)
			}
		}
		// Read again only when everything read was blanks; an empty read
		// is the caller's to retry (looping on it could spin forever).
		if len(out) > 0 || err != nil || n == 0 {
			return len(out), err
		}
	}
}

// readMbox reads an mbox message by message ("From " lines start each one,
// RFC 4155), so a mailbox of any size is held one message at a time.
func (r *Reader) readMbox(ctx context.Context, name string, br *bufio.Reader) error {
	var msg bytes.Buffer
	n, tooBig, lineStart := 0, false, true
	flush := func() error {
		if n == 0 {
			return nil
		}
		source := fmt.Sprintf("%s: message %d", name, n)
		if tooBig {
			r.fail(source, fmt.Errorf("message is larger than %d bytes; not read", r.lim.MessageBytes))
			return nil
		}
		return r.readMessage(ctx, source, bytes.NewReader(msg.Bytes()), false)
	}
	for {
		line, err := readLine(br)
		atStart := lineStart
		lineStart = bytes.HasSuffix(line, []byte("\n"))
		if len(line) > 0 {
			if atStart && bytes.HasPrefix(line, []byte("From ")) {
				if ferr := flush(); ferr != nil {
					return ferr
				}
				if cerr := ctx.Err(); cerr != nil {
					return cerr
				}
				msg.Reset()
				n++
				tooBig = false
			} else if n > 0 && !tooBig {
				// mboxrd: ">From " at a line start was quoted on the way in.
				if unq := bytes.TrimLeft(line, ">"); atStart && len(unq) < len(line) && bytes.HasPrefix(unq, []byte("From ")) {
					line = line[1:]
				}
				if int64(msg.Len()+len(line)) > r.lim.MessageBytes {
					tooBig = true
					msg.Reset()
				} else {
					msg.Write(line)
				}
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return flush()
			}
			r.fail(name, err)
			return flush()
		}
	}
}

// readLine returns the next line with its newline. A line longer than the
// reader's buffer is returned in pieces; the caller tracks line starts.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return line, nil
	}
	return line, err
}
