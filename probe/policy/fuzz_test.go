package policy

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// Seeds live in testdata/fuzz/<target>/; these invariants hold for any
// input: no panic, positions inside the input, "valid" exactly when there
// is no error, every code catalogued, every message terminal-safe.

func checkList(t *testing.T, l diag.List, lines int, maxCol int) {
	t.Helper()
	known := map[diag.Code]bool{}
	for _, c := range Codes {
		known[c] = true
	}
	for _, d := range l {
		if !known[d.Code] {
			t.Errorf("code %q not in Codes", d.Code)
		}
		if d.RFC == "" || d.Message == "" {
			t.Errorf("diagnostic without RFC or message: %+v", d)
		}
		if d.Line < 0 || d.Line > lines || d.Column < 0 || d.Column > maxCol || (d.Line == 0) != (d.Column == 0) {
			t.Errorf("position %d:%d outside input (%d lines, %d columns): %v", d.Line, d.Column, lines, maxCol, d)
		}
		if sanitize.Line(d.Message, 0) != d.Message {
			t.Errorf("message not sanitised: %q", d.Message)
		}
	}
}

func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(good))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, l := ParsePolicy(body)
		checkList(t, l, len(splitLines(body)), len(body)+1)
		if (p != nil) == l.HasErrors() {
			t.Fatalf("policy %v but errors %v", p != nil, l.HasErrors())
		}
		if p == nil {
			return
		}
		if p.Version != "STSv1" || (p.Mode != ModeNone && len(p.MX) == 0) || p.MaxAge < 0 || p.MaxAge > MaxAgeLimit {
			t.Fatalf("valid policy breaks §3.2: %+v", *p)
		}
		for _, mx := range p.MX {
			if sanitize.Line(mx, 0) != mx || !utf8.ValidString(mx) {
				t.Fatalf("valid mx not clean: %q", mx)
			}
			// §4.1: an exact pattern covers itself; a wildcard covers one more label.
			host := mx
			if rest, ok := strings.CutPrefix(mx, "*."); ok {
				host = "x." + rest
			}
			if _, ok := p.Covering(host); !ok {
				t.Fatalf("mx %q does not cover %q", mx, host)
			}
		}
	})
}

func fuzzRecords(data string) [][]string {
	// "\n" separates records and "|" separates strings within a record, so
	// the fuzzer explores both RRset shapes from one string.
	var out [][]string
	for _, r := range strings.Split(data, "\n") {
		out = append(out, strings.Split(r, "|"))
	}
	return out
}

func maxRecordCol(records [][]string) int {
	m := 0
	for _, r := range records {
		m = max(m, len(strings.Join(r, "")))
	}
	return m + 1
}

func FuzzParseRecords(f *testing.F) {
	f.Add("v=STSv1; id=20160831085700Z;")
	f.Fuzz(func(t *testing.T, data string) {
		records := fuzzRecords(data)
		rec, l := ParseRecords(records)
		checkList(t, l, len(records), maxRecordCol(records))
		if (rec != nil) == l.HasErrors() {
			t.Fatalf("record %v but errors %v", rec != nil, l.HasErrors())
		}
		if rec == nil {
			return
		}
		if len(rec.ID) < 1 || len(rec.ID) > maxIDLen || sanitize.Line(rec.ID, 0) != rec.ID {
			t.Fatalf("valid record with bad id %q", rec.ID)
		}
		for k, v := range rec.Extensions {
			if !validExtName(k) || badTXTExtValueByte(v) >= 0 {
				t.Fatalf("valid record with bad extension %q=%q", k, v)
			}
		}
	})
}

func FuzzParseTLSRPTRecords(f *testing.F) {
	f.Add("v=TLSRPTv1; rua=mailto:reports@example.com")
	f.Fuzz(func(t *testing.T, data string) {
		records := fuzzRecords(data)
		rec, l := ParseTLSRPTRecords(records)
		checkList(t, l, len(records), maxRecordCol(records))
		if (rec != nil) == l.HasErrors() {
			t.Fatalf("record %v but errors %v", rec != nil, l.HasErrors())
		}
		if rec == nil {
			return
		}
		if len(rec.RUA) == 0 {
			t.Fatal("valid TLSRPT record without rua")
		}
		for _, u := range rec.RUA {
			if !(strings.HasPrefix(strings.ToLower(u), "mailto:") || strings.HasPrefix(strings.ToLower(u), "https:")) || sanitize.Line(u, 0) != u {
				t.Fatalf("valid rua %q", u)
			}
		}
	})
}

func FuzzMatchMX(f *testing.F) {
	f.Add("*.example.com", "mail.example.com", "text/plain; charset=utf-8")
	f.Fuzz(func(t *testing.T, pattern, host, contentType string) {
		got := MatchMX(pattern, host)
		// §4.1: case and one trailing dot never change the answer.
		if isASCII(pattern) && isASCII(host) && !strings.HasSuffix(host, ".") {
			if MatchMX(strings.ToUpper(pattern), strings.ToUpper(host)+".") != got {
				t.Fatalf("case or trailing dot changed MatchMX(%q, %q)", pattern, host)
			}
		}
		if got && strings.HasPrefix(normalizeName(pattern), "*.") {
			h := normalizeName(host)
			if strings.Count(h, ".") != strings.Count(normalizeName(pattern), ".") {
				t.Fatalf("wildcard %q matched %q with a different label count", pattern, host)
			}
		}
		if p := normalizeName(pattern); p != "" && !strings.Contains(p, "*") && !MatchMX(pattern, pattern) {
			t.Fatalf("exact pattern %q does not cover itself", pattern)
		}
		l := CheckContentType(contentType)
		checkList(t, l, 0, 0)
		if l.HasErrors() {
			t.Fatalf("content type %q gave an error; senders disagree, so warnings at most", contentType)
		}
	})
}
