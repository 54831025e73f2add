package starttls

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
)

// RFC 5321 §4.2.1: a reply is "ddd-text" continuation lines ending with
// "ddd text" (or "ddd"), all with the same code.
func TestReadReply(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		code  int
		lines int
		err   error
	}{
		{"single line §4.2.1", "220 mx.example.test ESMTP\r\n", 220, 1, nil},
		{"code only §4.2.1", "250\r\n", 250, 1, nil},
		{"multi-line §4.2.1", "250-mx.example.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n", 250, 3, nil},
		{"bare LF accepted", "220 hi\n", 220, 1, nil},
		{"continuation with another code §4.2.1", "250-a\r\n251 b\r\n", 250, 1, ErrMalformed},
		{"not a reply", "SSH-2.0-OpenSSH\r\n", 0, 0, ErrMalformed},
		{"first digit out of range §4.2.1", "620 x\r\n", 0, 0, ErrMalformed},
		{"bad separator", "220x\r\n", 0, 0, ErrMalformed},
		{"huge line", "220 " + strings.Repeat("a", MaxLineBytes+10) + "\r\n", 0, 0, ErrLineTooLong},
		{"endless continuation", strings.Repeat("250-x\r\n", MaxReplyLines+5), 250, MaxReplyLines, ErrTooManyLines},
		{"cut short", "220 hel", 0, 0, io.ErrUnexpectedEOF},
		{"nothing", "", 0, 0, io.EOF},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var seen int
			r, err := ReadReply(bufio.NewReader(strings.NewReader(tc.in)), func(string) { seen++ })
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if r.Code != tc.code || len(r.Lines) != tc.lines {
				t.Fatalf("code %d lines %d", r.Code, len(r.Lines))
			}
			if seen > MaxReplyLines {
				t.Fatalf("%d raw lines passed on", seen)
			}
		})
	}
}
