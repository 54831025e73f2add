package starttls

import (
	"bufio"
	"bytes"
	"testing"
)

// The reply parser meets whatever a hostile server sends: it must never
// panic, never keep more than its bounds, and a reply it accepts must have
// a valid code.
func FuzzReadReply(f *testing.F) {
	for _, s := range []string{"220 ok\r\n", "250-a\r\n250 b\r\n", "250-a\r\n251 b\r\n", "999\r\n", "\x1b[2J220 x\r\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		total := 0
		r, err := ReadReply(bufio.NewReaderSize(bytes.NewReader(in), 16), func(l string) { total += len(l) })
		if len(r.Lines) > MaxReplyLines {
			t.Fatalf("%d lines kept", len(r.Lines))
		}
		for _, l := range r.Lines {
			if len(l) > MaxLineBytes {
				t.Fatalf("line of %d bytes kept", len(l))
			}
		}
		if err == nil && (r.Code < 200 || r.Code > 599 || len(r.Lines) == 0) {
			t.Fatalf("accepted reply %+v", r)
		}
		if total > (MaxLineBytes+2)*(MaxReplyLines+1) {
			t.Fatalf("%d raw bytes passed on", total)
		}
	})
}
