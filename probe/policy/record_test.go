package policy

import (
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// Rules of RFC-NOTES §1A (RFC 8461 §3.1) that a parser can check.
func TestParseRecords(t *testing.T) {
	tests := []struct {
		name    string
		records [][]string
		wantID  string // "" when no usable record
		want    []string
	}{
		{"1A-3 §3.1 minimal record", rrset("v=STSv1; id=20160831085700Z"), "20160831085700Z", nil},
		{"1A-3 §3.1 trailing delimiter allowed", rrset("v=STSv1; id=20160831085700Z;"), "20160831085700Z", nil},
		{"1A-3 §3.1 trailing delimiter with spaces", rrset("v=STSv1;id=abc ; "), "abc", nil},
		{"1A-3 §3.1 tab is WSP", rrset("v=STSv1;\tid=abc"), "abc", nil},
		{"1A-3 §3.1 id of 32 characters", rrset("v=STSv1; id=" + strings.Repeat("a", 32)), strings.Repeat("a", 32), nil},
		{"1A-3 §3.1 id of 33 characters", rrset("v=STSv1; id=" + strings.Repeat("a", 33)), "", []string{"record.id.too_long"}},
		{"1A-3 §3.1 base64 id with + (MIAB #1779)", rrset("v=STSv1; id=ab+c/d"), "", []string{"record.id.invalid"}},
		{"1A-3 §3.1 empty id", rrset("v=STSv1; id="), "", []string{"record.id.invalid"}},
		{"1A-3 §3.1 id with a space", rrset("v=STSv1; id=abc def"), "", []string{"record.id.invalid"}},
		{"1A-3 §3.1 missing id", rrset("v=STSv1;"), "", []string{"record.id.missing"}},
		{"1A-3 §3.1 id key is case-sensitive", rrset("v=STSv1; ID=abc"), "", []string{"record.id.missing", "record.ext.unknown"}},
		{"1A-3 §3.1 version is case-sensitive", rrset("v=stsv1; id=abc"), "", []string{"record.version.case", "record.none"}},
		{"1A-3 §3.1 extension allowed, ignored", rrset("v=STSv1; id=abc; foo=bar"), "abc", []string{"record.ext.unknown"}},
		{"1A-3 §3.1 extension value with '='", rrset("v=STSv1; id=abc; foo=a=b"), "", []string{"record.ext.value_invalid"}},
		{"1A-3 §3.1 extension name starting with '_'", rrset("v=STSv1; id=abc; _x=1"), "", []string{"record.ext.name_invalid"}},
		{"1A-3 §3.1 extension name of 33 characters", rrset("v=STSv1; id=abc; " + strings.Repeat("x", 33) + "=1"), "", []string{"record.ext.name_invalid"}},
		{"1A-3 §3.1 field without '='", rrset("v=STSv1; id=abc; junk"), "", []string{"record.field.syntax"}},
		{"1A-3 §3.1 empty field ';;'", rrset("v=STSv1;; id=abc"), "", []string{"record.field.empty"}},
		{"1A-2 §3.1 US-ASCII only", rrset("v=STSv1; id=abc; note=caf\u00e9"), "", []string{"record.non_ascii", "record.ext.value_invalid"}},
		{"1A-2 §3.1 NUL byte", rrset("v=STSv1; id=abc\x00"), "", []string{"record.non_ascii", "record.id.invalid"}},
		{"1A-4 §3.1 version must be first", rrset("id=abc; v=STSv1"), "", []string{"record.version.not_first", "record.none"}},
		{"1A-4 §3.1 other fields in any order", rrset("v=STSv1; foo=1; id=abc"), "abc", []string{"record.ext.unknown"}},
		{"1A-5 §3.1 two records", rrset("v=STSv1; id=a", "v=STSv1; id=b"), "", []string{"record.multiple"}},
		{"1A-5 §3.1 non-STS records are discarded", rrset("v=spf1 -all", "v=STSv1; id=abc"), "abc", []string{"record.discarded"}},
		{"1A-5 §3.1 v=STSv10 is discarded", rrset("v=STSv10; id=abc"), "", []string{"record.discarded", "record.none"}},
		{"1A-5 §3.1 only discarded records", rrset("hello"), "", []string{"record.discarded", "record.none"}},
		{"1A-5 §3.1 empty RRset", nil, "", []string{"record.none"}},
		{"1A-5 erratum 6285 'v=STSv1 ;'", rrset("v=STSv1 ; id=abc"), "abc", []string{"record.version.space_before_delim"}},
		{"1A-7 §3.1 strings concatenate without spaces", [][]string{{"v=STSv1; id=20", "160831"}}, "20160831", nil},
		{"1A-7 §3.1 split inside the version", [][]string{{"v=ST", "Sv1;id=x"}}, "x", nil},
		{"1A-10 §3.2 duplicate id: first wins", rrset("v=STSv1; id=first; id=second"), "first", []string{"record.field.duplicate"}},
		{"1A-10 §3.2 duplicate v: first wins", rrset("v=STSv1; v=STSv2; id=abc"), "abc", []string{"record.field.duplicate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, l := ParseRecords(tt.records)
			wantCodes(t, l, tt.want...)
			if tt.wantID == "" {
				if rec != nil {
					t.Errorf("record = %+v, want nil", rec)
				}
				if !l.HasErrors() {
					t.Errorf("no error diagnostic for an unusable record")
				}
				return
			}
			if rec == nil || rec.ID != tt.wantID || rec.Version != "STSv1" {
				t.Fatalf("record = %+v, want id %q", rec, tt.wantID)
			}
			if l.HasErrors() {
				t.Errorf("error diagnostic on a usable record")
			}
		})
	}
}

func TestParseRecordsPositions(t *testing.T) {
	_, l := ParseRecords(rrset("v=spf1", "v=STSv1; id=ab+c"))
	d, ok := find(l, CodeRecordIDInvalid)
	if !ok {
		t.Fatalf("no id diagnostic:\n%s", dump(l))
	}
	// Line is the record's place in the RRset; column points at "+".
	if d.Line != 2 || d.Column != 15 || d.RFC != "RFC 8461 §3.1" || d.Severity != diag.Error {
		t.Errorf("got %v, want 2:15 error RFC 8461 §3.1", d)
	}
	if !strings.Contains(d.Message, `"+"`) {
		t.Errorf("message does not name the offending character: %s", d.Message)
	}
}

func TestParseRecordsExtensionsKept(t *testing.T) {
	rec, _ := ParseRecords(rrset("v=STSv1; id=abc; ext.1=x-y"))
	if rec == nil || rec.Extensions["ext.1"] != "x-y" {
		t.Fatalf("extensions = %+v", rec)
	}
}

func TestParseRecordsSanitisesEcho(t *testing.T) {
	_, l := ParseRecords(rrset("\x1b]8;;http://evil\x07click\x1b[31m"))
	for _, d := range l {
		if strings.ContainsAny(d.Message, "\x1b\x07") {
			t.Errorf("escape sequence reached a message: %q", d.Message)
		}
	}
}
