package policy

import (
	"slices"
	"testing"
)

// Rules of RFC-NOTES §2A (RFC 8460 §3).
func TestParseTLSRPTRecords(t *testing.T) {
	tests := []struct {
		name    string
		records [][]string
		wantRUA []string // nil when no usable record
		want    []string
	}{
		{"2A §3.1.1 mailto", rrset("v=TLSRPTv1;rua=mailto:reports@example.com"), []string{"mailto:reports@example.com"}, nil},
		{"2A §3.1.2 https", rrset("v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt"), []string{"https://reporting.example.com/v1/tlsrpt"}, nil},
		{"2A §3 several URIs", rrset("v=TLSRPTv1; rua=mailto:a@example.com , https://r.example.com/x;"), []string{"mailto:a@example.com", "https://r.example.com/x"}, nil},
		{"2A §3 strings concatenate without spaces", [][]string{{"v=TLSRPTv1; rua=mailto:rep", "orts@example.com"}}, []string{"mailto:reports@example.com"}, nil},
		{"2A §3 rua required", rrset("v=TLSRPTv1;"), nil, []string{"tlsrpt.rua.missing"}},
		{"2A §3 version case-sensitive", rrset("v=tlsrptv1; rua=mailto:a@example.com"), nil, []string{"tlsrpt.version.case", "tlsrpt.none"}},
		{"2A §3 version first", rrset("rua=mailto:a@example.com; v=TLSRPTv1"), nil, []string{"tlsrpt.version.not_first", "tlsrpt.none"}},
		{"2A §3 space before delimiter", rrset("v=TLSRPTv1 ; rua=mailto:a@example.com"), []string{"mailto:a@example.com"}, []string{"tlsrpt.version.space_before_delim"}},
		{"2A §3 http scheme", rrset("v=TLSRPTv1; rua=http://r.example.com/"), nil, []string{"tlsrpt.rua.scheme"}},
		{"2A §3 no scheme", rrset("v=TLSRPTv1; rua=reports@example.com"), nil, []string{"tlsrpt.rua.scheme"}},
		{"2A §3 mailto without address", rrset("v=TLSRPTv1; rua=mailto:"), nil, []string{"tlsrpt.rua.invalid"}},
		{"2A §3 https without host", rrset("v=TLSRPTv1; rua=https:///x"), nil, []string{"tlsrpt.rua.invalid"}},
		{"2A §3 URI that does not parse", rrset("v=TLSRPTv1; rua=https://r.example.com/%zz"), nil, []string{"tlsrpt.rua.invalid"}},
		{"2A §3 unencoded '!' (DMARC size limit)", rrset("v=TLSRPTv1; rua=mailto:a@example.com!10m"), nil, []string{"tlsrpt.rua.unencoded"}},
		{"2A §3 unencoded ';'", rrset("v=TLSRPTv1; rua=https://r.example.com/a;b"), nil, []string{"tlsrpt.rua.unencoded"}},
		{"2A §3 unencoded ','", rrset("v=TLSRPTv1; rua=mailto:a@example.com,b@example.com"), nil, []string{"tlsrpt.rua.unencoded"}},
		{"2A §3 encoded characters are fine", rrset("v=TLSRPTv1; rua=https://r.example.com/a%3Bb%2Cc%21"), []string{"https://r.example.com/a%3Bb%2Cc%21"}, nil},
		{"2A §3 empty URI", rrset("v=TLSRPTv1; rua=mailto:a@example.com,"), nil, []string{"tlsrpt.rua.empty"}},
		{"2A §3 several records", rrset("v=TLSRPTv1; rua=mailto:a@example.com", "v=TLSRPTv1; rua=mailto:b@example.com"), nil, []string{"tlsrpt.multiple"}},
		{"2A §3 other records discarded", rrset("v=spf1 -all", "v=TLSRPTv1; rua=mailto:a@example.com"), []string{"mailto:a@example.com"}, []string{"tlsrpt.discarded"}},
		{"2A §3 no record", nil, nil, []string{"tlsrpt.none"}},
		{"2A §3 unknown fields ignored", rrset("v=TLSRPTv1; rua=mailto:a@example.com; x=1"), []string{"mailto:a@example.com"}, []string{"tlsrpt.ext.unknown"}},
		{"2A §3 duplicate rua", rrset("v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com"), []string{"mailto:a@example.com"}, []string{"tlsrpt.field.duplicate"}},
		{"2A §3 empty field", rrset("v=TLSRPTv1;; rua=mailto:a@example.com"), nil, []string{"tlsrpt.field.empty"}},
		{"2A §3 non-ASCII", rrset("v=TLSRPTv1; rua=mailto:ä@example.com"), nil, []string{"tlsrpt.non_ascii"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, l := ParseTLSRPTRecords(tt.records)
			wantCodes(t, l, tt.want...)
			if tt.wantRUA == nil {
				if rec != nil || !l.HasErrors() {
					t.Errorf("record = %+v, errors %v; want nil and an error", rec, l.HasErrors())
				}
				return
			}
			if rec == nil || rec.Version != "TLSRPTv1" || !slices.Equal(rec.RUA, tt.wantRUA) {
				t.Errorf("record = %+v, want rua %q\n%s", rec, tt.wantRUA, dump(l))
			}
		})
	}
}
