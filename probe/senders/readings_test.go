package senders

import (
	"strconv"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// want is one sender's expected reading: "" for invalid, or the id (for
// records) / the mode and max_age (for policies) it reads.
type want map[Name]string

func checkAll(t *testing.T, w want, got func(s Sender) (bool, string, string)) {
	t.Helper()
	for _, s := range Defaults() {
		exp, ok := w[s.Name]
		if !ok {
			t.Fatalf("case has no expectation for %s", s.Name)
		}
		valid, read, reason := got(s)
		switch {
		case exp == "" && valid:
			t.Errorf("%s accepts it (read %q), want rejected", s.Name, read)
		case exp != "" && !valid:
			t.Errorf("%s rejects it (%s), want %q", s.Name, reason, exp)
		case exp != "" && read != exp:
			t.Errorf("%s reads %q, want %q", s.Name, read, exp)
		case !valid && reason == "":
			t.Errorf("%s rejects it without a reason", s.Name)
		}
	}
}

func TestReadRecord(t *testing.T) {
	tests := []struct {
		name  string
		rrset [][]string
		want  want
	}{
		{"RFC 8461 §3.1 one valid record, split over two strings", [][]string{{"v=STSv1; id=20", "26"}},
			want{RFC: "2026", Mox: "2026", Resolver: "2026", TLSPol: "2026", GoMTASTS: "2026"}},
		{"mox mtasts/parse.go:69-71@1c95876 and postfix-tlspol mta-sts.go:88-92@ffe1e2d: whitespace after the last field", [][]string{{"v=STSv1; id=abc "}},
			want{RFC: "abc", Mox: "", Resolver: "abc", TLSPol: "", GoMTASTS: "abc"}},
		{"trailing semicolon and blank are fine everywhere (RFC 8461 §3.1 [sts-field-delim])", [][]string{{"v=STSv1; id=abc; "}},
			want{RFC: "abc", Mox: "abc", Resolver: "abc", TLSPol: "abc", GoMTASTS: "abc"}},
		{"postfix-mta-sts-resolver resolver.py:85-90@a000619: v=STSv10 beside a valid record", [][]string{{"v=STSv1; id=abc"}, {"v=STSv10; id=x"}},
			want{RFC: "abc", Mox: "abc", Resolver: "", TLSPol: "abc", GoMTASTS: ""}},
		{"go-mtasts cache.go:160-165@1438da2: any other TXT record beside it", [][]string{{"v=STSv1; id=abc"}, {"site-verification=xyz"}},
			want{RFC: "abc", Mox: "abc", Resolver: "abc", TLSPol: "abc", GoMTASTS: ""}},
		{"mox mtasts/parse.go:57-60@1c95876: a repeated id fails; resolver utils.py:143@a000619 and go-mtasts mtasts.go:47-48@1438da2 keep the last", [][]string{{"v=STSv1; id=a; id=b"}},
			want{RFC: "a", Mox: "", Resolver: "b", TLSPol: "a", GoMTASTS: "b"}},
		{"postfix-mta-sts-resolver resolver.py:94-96@a000619 and go-mtasts mtasts.go:47-48@1438da2 do not check the id", [][]string{{"v=STSv1; id=a+b"}},
			want{RFC: "", Mox: "", Resolver: "a+b", TLSPol: "", GoMTASTS: "a+b"}},
		{"go-mtasts mtasts.go:41-46@1438da2: v=STSv1 need not come first", [][]string{{"id=abc; v=STSv1"}},
			want{RFC: "", Mox: "", Resolver: "", TLSPol: "", GoMTASTS: "abc"}},
		{"mox mtasts/mtasts.go:214-216@1c95876: a broken STS record beside a good one", [][]string{{"v=STSv1; id=abc"}, {"v=STSv1; id=a_b"}},
			want{RFC: "", Mox: "", Resolver: "", TLSPol: "", GoMTASTS: ""}},
		{"postfix-mta-sts-resolver utils.py:184-192@a000619: a non-ASCII record is dropped", [][]string{{"v=STSv1; id=abc; x=\xc3\xa9"}},
			want{RFC: "", Mox: "", Resolver: "", TLSPol: "", GoMTASTS: "abc"}},
		{"no record", nil,
			want{RFC: "", Mox: "", Resolver: "", TLSPol: "", GoMTASTS: ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkAll(t, tt.want, func(s Sender) (bool, string, string) {
				r := s.ReadRecord(tt.rrset)
				return r.Valid, r.ID, r.Reason
			})
		})
	}
}

const good = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n"

func TestReadPolicy(t *testing.T) {
	tests := []struct {
		name string
		body string
		want want
	}{
		{"RFC 8461 §3.2 a valid policy, LF", good,
			want{RFC: "enforce 604800", Mox: "enforce 604800", Resolver: "enforce 604800", TLSPol: "enforce 604800", GoMTASTS: "enforce 604800"}},
		{"RFC 8461 §3.2 CRLF, no final newline", strings.TrimSuffix(strings.ReplaceAll(good, "\n", "\r\n"), "\r\n"),
			want{RFC: "enforce 604800", Mox: "enforce 604800", Resolver: "enforce 604800", TLSPol: "enforce 604800", GoMTASTS: "enforce 604800"}},
		{"postfix-tlspol mta-sts.go:250-252@ffe1e2d, go-mtasts mtasts.go:90-93@1438da2, mox parse.go:99-100@1c95876: an empty line", strings.Replace(good, "\nmode", "\n\nmode", 1),
			want{RFC: "", Mox: "", Resolver: "enforce 604800", TLSPol: "", GoMTASTS: ""}},
		{"postfix-mta-sts-resolver resolver.py:157-158@a000619 rejects max_age above 31557600; postfix-tlspol mta-sts.go:305-306@ffe1e2d caps it", strings.Replace(good, "604800", "31557601", 1),
			want{RFC: "", Mox: "enforce 31557601", Resolver: "", TLSPol: "enforce 31557600", GoMTASTS: "enforce 31557601"}},
		{"mox mtasts/parse.go:266@1c95876: max_age of 2^31 does not fit 32 bits", strings.Replace(good, "604800", "2147483648", 1),
			want{RFC: "", Mox: "", Resolver: "", TLSPol: "enforce 31557600", GoMTASTS: "enforce 2147483648"}},
		{"go-mtasts mtasts.go:111-116@1438da2: a negative max_age is a number", strings.Replace(good, "604800", "-5", 1),
			want{RFC: "", Mox: "", Resolver: "", TLSPol: "", GoMTASTS: "enforce -5"}},
		{"postfix-mta-sts-resolver utils.py:158@a000619 and go-mtasts mtasts.go:104-107@1438da2: the last mode wins", good + "mode: testing\n",
			want{RFC: "enforce 604800", Mox: "enforce 604800", Resolver: "testing 604800", TLSPol: "enforce 604800", GoMTASTS: "testing 604800"}},
		{"mox mtasts/parse.go:109-113@1c95876: a repeated mode must still be valid", good + "mode: enforcing\n",
			want{RFC: "enforce 604800", Mox: "", Resolver: "", TLSPol: "enforce 604800", GoMTASTS: ""}},
		{"go-mtasts mtasts.go:90-93@1438da2: an extension value with a colon", good + "note: see https://example.com/\n",
			want{RFC: "enforce 604800", Mox: "enforce 604800", Resolver: "enforce 604800", TLSPol: "enforce 604800", GoMTASTS: ""}},
		{"every sender: enforce without mx (mox parse.go:139-142@1c95876, resolver.py:170-171@a000619, mta-sts.go:343@ffe1e2d, mtasts.go:136-138@1438da2)", "version: STSv1\nmode: enforce\nmax_age: 604800\n",
			want{RFC: "", Mox: "", Resolver: "", TLSPol: "", GoMTASTS: ""}},
		{"mode none needs no mx (RFC 8461 §3.2)", "version: STSv1\nmode: none\nmax_age: 86400\n",
			want{RFC: "none 86400", Mox: "none 86400", Resolver: "none 86400", TLSPol: "none 86400", GoMTASTS: "none 86400"}},
		{"mox mtasts/parse.go:307-317@1c95876 and postfix-tlspol valid.go:40-76@ffe1e2d reject a U-label mx", strings.Replace(good, "mail.example.com", "m\xc3\xa4il.example.com", 1),
			want{RFC: "", Mox: "", Resolver: "enforce 604800", TLSPol: "", GoMTASTS: "enforce 604800"}},
		{"postfix-mta-sts-resolver utils.py:153@a000619: a space before the colon hides the key", strings.Replace(good, "mode:", "mode :", 1),
			want{RFC: "", Mox: "", Resolver: "", TLSPol: "", GoMTASTS: ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkAll(t, tt.want, func(s Sender) (bool, string, string) {
				r := s.ReadPolicy([]byte(tt.body))
				return r.Valid, string(r.Mode) + " " + itoa(r.MaxAge), r.Reason
			})
		})
	}
}

func TestReadServed(t *testing.T) {
	nonASCII := good + "note: caf\xc3\xa9\n"
	tests := []struct {
		name, contentType, body string
		want                    want
	}{
		{"postfix-mta-sts-resolver resolver.py:134-136@a000619: non-ASCII without a charset fails", "text/plain", nonASCII,
			want{RFC: "enforce 604800", Mox: "enforce 604800", Resolver: "", TLSPol: "enforce 604800", GoMTASTS: "enforce 604800"}},
		{"postfix-mta-sts-resolver resolver.py:134-136@a000619: non-ASCII with charset=utf-8 decodes", "text/plain; charset=utf-8", nonASCII,
			want{RFC: "enforce 604800", Mox: "enforce 604800", Resolver: "enforce 604800", TLSPol: "enforce 604800", GoMTASTS: "enforce 604800"}},
		{"resolver.py:121-122@a000619, mta-sts.go:416-418@ffe1e2d, cache.go:39-46@1438da2: not text/plain; mox mtasts.go:301-302@1c95876 does not look", "application/octet-stream", good,
			want{RFC: "enforce 604800", Mox: "enforce 604800", Resolver: "", TLSPol: "", GoMTASTS: ""}},
		{"no Content-Type: the same three reject", "", good,
			want{RFC: "enforce 604800", Mox: "enforce 604800", Resolver: "", TLSPol: "", GoMTASTS: ""}},
		{"postfix-mta-sts-resolver utils.py:162-163@a000619 compares before ';' only; mime.ParseMediaType senders reject a malformed parameter", "text/plain; charset", good,
			want{RFC: "enforce 604800", Mox: "enforce 604800", Resolver: "enforce 604800", TLSPol: "", GoMTASTS: ""}},
		{"64 KiB cap: mox mtasts.go:305@1c95876, resolver.py:127-133@a000619, mta-sts.go:329-331@ffe1e2d; go-mtasts has none", "text/plain", good + strings.Repeat("x: y\n", 14000),
			want{RFC: "", Mox: "", Resolver: "", TLSPol: "", GoMTASTS: "enforce 604800"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkAll(t, tt.want, func(s Sender) (bool, string, string) {
				r := s.ReadServed(tt.contentType, []byte(tt.body))
				if s.Name == RFC {
					// The RFC reading here is the grammar; Content-Type and
					// size are lint's own findings (policy.CheckContentType).
					r = s.ReadPolicy([]byte(tt.body))
					if len(tt.body) > policy.MaxPolicySize {
						r = PolicyReading{Reason: "over 64 KiB"}
					}
				}
				return r.Valid, string(r.Mode) + " " + itoa(r.MaxAge), r.Reason
			})
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
