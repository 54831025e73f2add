package starttls

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Bounds on one SMTP reply. RFC 5321 §4.5.3.1.5 limits a reply line to 512
// octets; a little slack keeps sloppy servers readable while a hostile one
// cannot grow memory without bound.
const (
	MaxLineBytes  = 2048
	MaxReplyLines = 100
)

var (
	// ErrLineTooLong: a reply line longer than MaxLineBytes.
	ErrLineTooLong = errors.New("reply line too long")
	// ErrTooManyLines: a reply of more than MaxReplyLines lines, e.g. an
	// endless stream of continuation lines.
	ErrTooManyLines = errors.New("reply has too many continuation lines")
	// ErrMalformed: a line that is not "ddd", "ddd text" or "ddd-text",
	// or a continuation with another code (RFC 5321 §4.2).
	ErrMalformed = errors.New("malformed reply")
)

// Reply is one SMTP reply: its code and its lines' text, raw. Callers
// sanitise before display.
type Reply struct {
	Code  int
	Lines []string
}

// Text is the reply's text joined by spaces.
func (r Reply) Text() string {
	var b bytes.Buffer
	for i, l := range r.Lines {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(l)
	}
	return b.String()
}

// ReadReply reads one possibly multi-line reply (RFC 5321 §4.2.1). raw, if
// not nil, receives every line read, complete or not, so a transcript shows
// what the server sent even when the reply is rejected.
func ReadReply(r *bufio.Reader, raw func(line string)) (Reply, error) {
	var rep Reply
	for n := 0; ; n++ {
		if n == MaxReplyLines {
			return rep, ErrTooManyLines
		}
		line, err := readLine(r)
		if raw != nil && (len(line) > 0 || err == nil) {
			raw(line)
		}
		if err != nil {
			return rep, err
		}
		code, sep, text, ok := splitLine(line)
		if !ok || (n > 0 && code != rep.Code) {
			return rep, fmt.Errorf("%w: %q", ErrMalformed, truncate(line, 80))
		}
		rep.Code = code
		rep.Lines = append(rep.Lines, text)
		if sep != '-' {
			return rep, nil
		}
	}
}

// readLine reads up to LF (CRLF or bare LF accepted) without letting a line
// exceed MaxLineBytes.
func readLine(r *bufio.Reader) (string, error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(buf)+len(chunk) > MaxLineBytes+2 {
			return string(buf), ErrLineTooLong
		}
		buf = append(buf, chunk...)
		switch {
		case err == nil:
			return string(bytes.TrimRight(buf, "\r\n")), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(buf) > 0:
			return string(buf), io.ErrUnexpectedEOF
		default:
			return string(buf), err
		}
	}
}

// splitLine parses "ddd", "ddd text" or "ddd-text". The first digit is 2-5
// (RFC 5321 §4.2.1); the others are digits.
func splitLine(line string) (code int, sep byte, text string, ok bool) {
	if len(line) < 3 || line[0] < '2' || line[0] > '5' || !isDigit(line[1]) || !isDigit(line[2]) {
		return 0, 0, "", false
	}
	code = int(line[0]-'0')*100 + int(line[1]-'0')*10 + int(line[2]-'0')
	if len(line) == 3 {
		return code, ' ', "", true
	}
	if line[3] != ' ' && line[3] != '-' {
		return 0, 0, "", false
	}
	return code, line[3], line[4:], true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
