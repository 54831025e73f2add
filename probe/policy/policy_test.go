package policy

import (
	"slices"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

const good = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 1209600\r\n"

// crlf joins lines with CRLF and ends with one.
func crlf(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

// Rules of RFC-NOTES §1C (RFC 8461 §3.2 and errata 6253, 7282).
func TestParsePolicy(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		valid bool
		want  []string
	}{
		{"1C-20 §3.2 complete policy", good, true, nil},
		{"1C-20 §3.2 RFC example order (max_age last)", crlf("version: STSv1", "mode: enforce", "mx: mail.example.com", "mx: *.example.net", "mx: backupmx.example.com", "max_age: 604800"), true, nil},
		{"1C-20 §3.2 version missing", crlf("mode: enforce", "mx: a.example", "max_age: 1209600"), false, []string{"policy.version.missing"}},
		{"1C-20 §3.2 version wrong case", crlf("version: stsv1", "mode: enforce", "mx: a.example", "max_age: 1209600"), false, []string{"policy.version.invalid"}},
		{"1C-20 §3.2 mode missing", crlf("version: STSv1", "mx: a.example", "max_age: 1209600"), false, []string{"policy.mode.missing"}},
		{"1C-20 §3.2 mode invalid", crlf("version: STSv1", "mode: Enforce", "mx: a.example", "max_age: 1209600"), false, []string{"policy.mode.invalid"}},
		{"1C-20 §3.2 mode testing", crlf("version: STSv1", "mode: testing", "mx: a.example", "max_age: 1209600"), true, nil},
		{"1C-20 §3.2 max_age missing", crlf("version: STSv1", "mode: enforce", "mx: a.example"), false, []string{"policy.max_age.missing"}},
		{"1C-20 §3.2 mx required unless mode none", crlf("version: STSv1", "mode: enforce", "max_age: 1209600"), false, []string{"policy.mx.missing"}},
		{"1C-20 §3.2 mx optional in mode none", crlf("version: STSv1", "mode: none", "max_age: 86400"), true, []string{"policy.mode.none"}},
		{"1C-20 §3.2 mx allowed in mode none", crlf("version: STSv1", "mode: none", "mx: a.example", "max_age: 86400"), true, []string{"policy.mode.none"}},
		{"1C-20 §3.2 empty file", "", false, []string{"policy.empty"}},
		{"1C-21 erratum 6253 LF accepted", strings.ReplaceAll(good, "\r\n", "\n"), true, []string{"policy.line.lf"}},
		{"1C-21 §3.2 final terminator optional", strings.TrimSuffix(good, "\r\n"), true, nil},
		{"1C-21 §3.2 mixed LF and CRLF", "version: STSv1\nmode: enforce\r\nmx: a.example\nmax_age: 1209600", true, []string{"policy.line.lf"}},
		{"1C-21 §3.2 bare CR is not a terminator", "version: STSv1\rmode: enforce\r\nmx: a.example\r\nmax_age: 1209600\r\n", false, []string{"policy.line.bare_cr"}},
		{"1C-21 §3.2 blank line", crlf("version: STSv1", "", "mode: enforce", "mx: a.example", "max_age: 1209600"), false, []string{"policy.line.empty"}},
		{"1C-21 §3.2 two final line breaks", good + "\r\n", false, []string{"policy.line.empty"}},
		{"1C-22 §3.2 max_age at the prose cap", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 31557600"), true, nil},
		{"1C-22 erratum 7282 max_age above the cap", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 31557601"), false, []string{"policy.max_age.out_of_range"}},
		{"1C-22 erratum 7282 ten digits, above the cap", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 9999999999"), false, []string{"policy.max_age.out_of_range"}},
		{"1C-22 §3.2 eleven digits", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 00000604800"), false, []string{"policy.max_age.too_many_digits"}},
		{"1C-22 §3.2 leading zero legal", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 01209600"), true, []string{"policy.max_age.leading_zero"}},
		{"1C-22 §3.2 max_age 0 legal but pointless", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 0"), true, []string{"policy.max_age.zero"}},
		{"1C-22 §3.2 max_age of a day: weeks expected", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 86400"), true, []string{"policy.max_age.short"}},
		{"1C-22 §8.3 short max_age fine in mode none", crlf("version: STSv1", "mode: none", "max_age: 86400"), true, []string{"policy.mode.none"}},
		{"1C-22 §3.2 max_age with unit", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 86400s"), false, []string{"policy.max_age.invalid"}},
		{"1C-22 §3.2 max_age negative", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: -1"), false, []string{"policy.max_age.invalid"}},
		{"1C-23 §3.2 two mx on one line", crlf("version: STSv1", "mode: enforce", "mx: a.example b.example", "max_age: 1209600"), false, []string{"policy.mx.multiple_per_line"}},
		{"1C-23 §3.2 comma-separated mx", crlf("version: STSv1", "mode: enforce", "mx: a.example,b.example", "max_age: 1209600"), false, []string{"policy.mx.multiple_per_line"}},
		{"1C-23 §3.2 U-label", crlf("version: STSv1", "mode: enforce", "mx: mail.bücher.example", "max_age: 1209600"), false, []string{"policy.mx.ulabel"}},
		{"1C-23 §3.2 A-label", crlf("version: STSv1", "mode: enforce", "mx: mail.xn--bcher-kva.example", "max_age: 1209600"), true, nil},
		{"1C-23 §3.2 bogus A-label", crlf("version: STSv1", "mode: enforce", "mx: mail.xn--zz-.example", "max_age: 1209600"), false, []string{"policy.mx.invalid"}},
		{"1C-23 §3.2 IPv4 in mx (postfix-tlspol #70)", crlf("version: STSv1", "mode: enforce", "mx: 212.114.86.56", "max_age: 1209600"), false, []string{"policy.mx.ip_address"}},
		{"1C-23 §3.2 IPv6 literal in mx", crlf("version: STSv1", "mode: enforce", "mx: [2001:db8::1]", "max_age: 1209600"), false, []string{"policy.mx.ip_address"}},
		{"1C-23 §3.2 wildcard pattern (mailcow #6720)", crlf("version: STSv1", "mode: enforce", "mx: *.example.net", "max_age: 1209600"), true, nil},
		{"1C-23 §3.2 wildcard inside a label", crlf("version: STSv1", "mode: enforce", "mx: mail*.example.net", "max_age: 1209600"), false, []string{"policy.mx.wildcard_invalid"}},
		{"1C-23 §3.2 double wildcard", crlf("version: STSv1", "mode: enforce", "mx: *.*.example.net", "max_age: 1209600"), false, []string{"policy.mx.wildcard_invalid"}},
		{"1C-23 §3.2 bare wildcard", crlf("version: STSv1", "mode: enforce", "mx: *", "max_age: 1209600"), false, []string{"policy.mx.wildcard_invalid"}},
		{"1C-23 §3.2 trailing dot", crlf("version: STSv1", "mode: enforce", "mx: mail.example.com.", "max_age: 1209600"), false, []string{"policy.mx.trailing_dot"}},
		{"1C-23 §3.2 underscore in host", crlf("version: STSv1", "mode: enforce", "mx: mail_1.example.com", "max_age: 1209600"), false, []string{"policy.mx.invalid"}},
		{"1C-23 §3.2 empty mx", crlf("version: STSv1", "mode: enforce", "mx:", "max_age: 1209600"), false, []string{"policy.mx.empty"}},
		{"1C-23 §3.2 repeated mx", crlf("version: STSv1", "mode: enforce", "mx: a.example", "mx: A.example", "max_age: 1209600"), true, []string{"policy.mx.duplicate"}},
		{"1C-24 §3.2 unknown key ignored", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 1209600", "comment: hi there"), true, []string{"policy.key.unknown"}},
		{"1C-24 §3.2 key case", crlf("version: STSv1", "Mode: enforce", "mx: a.example", "max_age: 1209600"), false, []string{"policy.key.case", "policy.mode.missing"}},
		{"1C-24 §3.2 duplicate mode: first wins", crlf("version: STSv1", "mode: testing", "mode: enforce", "mx: a.example", "max_age: 1209600"), true, []string{"policy.key.duplicate"}},
		{"1C-24 §3.2 order is free", crlf("mx: a.example", "max_age: 1209600", "mode: enforce", "version: STSv1"), true, nil},
		{"1C-25 §3.2 whitespace after the colon and at line end", "version:STSv1 \r\nmode:\t enforce\t\r\nmx:   a.example  \r\nmax_age: 1209600\r\n", true, nil},
		{"1C-25 §3.2 leading whitespace", crlf("version: STSv1", "  mode: enforce", "mx: a.example", "max_age: 1209600"), false, []string{"policy.line.leading_whitespace"}},
		{"1C-25 §3.2 space before the colon", crlf("version: STSv1", "mode : enforce", "mx: a.example", "max_age: 1209600"), false, []string{"policy.key.space_before_colon"}},
		{"1C-20 §3.2 line without colon", crlf("version: STSv1", "mode enforce", "mx: a.example", "max_age: 1209600"), false, []string{"policy.line.no_colon", "policy.mode.missing"}},
		{"1C-20 §3.2 NUL byte", crlf("version: STSv1", "mode: enforce\x00", "mx: a.example", "max_age: 1209600"), false, []string{"policy.line.unsafe", "policy.line.control_char", "policy.mode.missing"}},
		{"1C-20 §3.2 BOM", "\xEF\xBB\xBF" + good, false, []string{"policy.bom"}},
		{"1C-20 §3.2 invalid UTF-8", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 1209600", "note: \xff"), false, []string{"policy.line.unsafe", "policy.key.unknown", "policy.non_utf8"}},
		// Issue 10 item 6: a zero-width space makes an mx value look right
		// and match nothing; the line is named as holding hidden characters.
		{"1C-23 §3.2 zero-width space in an mx value", crlf("version: STSv1", "mode: enforce", "mx: a.exam\u200bple", "max_age: 1209600"), false, []string{"policy.line.unsafe", "policy.mx.ulabel"}},
		{"1C-20 §3.2 bidi override in an extension", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 1209600", "note: \u202eabc"), true, []string{"policy.line.unsafe", "policy.key.unknown"}},
		{"1C-20 §3.2 extension value with UTF-8", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 1209600", "note: grüße"), true, []string{"policy.key.unknown"}},
		{"1C-20 §3.2 extension value with TAB", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 1209600", "note: a\tb"), false, []string{"policy.ext.value_invalid"}},
		{"1B-15 §3.3 larger than 64 KiB", good + strings.Repeat("note: "+strings.Repeat("x", 90)+"\r\n", 700), false, nil /* checked below */},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, l := ParsePolicy([]byte(tt.body))
			if tt.want != nil || tt.valid {
				wantCodes(t, l, tt.want...)
			}
			if tt.valid != (p != nil) || tt.valid == l.HasErrors() {
				t.Errorf("valid = %v (errors %v), want %v\n%s", p != nil, l.HasErrors(), tt.valid, dump(l))
			}
		})
	}
}

func TestParsePolicyTooLarge(t *testing.T) {
	body := good + strings.Repeat("note: "+strings.Repeat("x", 90)+"\r\n", 700)
	_, l := ParsePolicy([]byte(body))
	if _, ok := find(l, CodePolicyTooLarge); !ok {
		t.Fatalf("no too_large diagnostic for %d bytes", len(body))
	}
	if _, l := ParsePolicy([]byte(good + strings.Repeat("x", MaxPolicySize-len(good)-1))); func() bool { _, ok := find(l, CodePolicyTooLarge); return ok }() {
		t.Errorf("too_large below the limit")
	}
}

func TestParsePolicyValues(t *testing.T) {
	p, l := ParsePolicy([]byte(crlf("version: STSv1", "mode: testing", "mode: enforce", "mx: MAIL.example.com", "mx: *.example.net", "max_age: 1209600", "max_age: 5")))
	if p == nil {
		t.Fatalf("nil policy:\n%s", dump(l))
	}
	// RFC 8461 §3.2: for every key but mx, the first occurrence wins.
	if p.Version != "STSv1" || p.Mode != ModeTesting || p.MaxAge != 1209600 || !slices.Equal(p.MX, []string{"MAIL.example.com", "*.example.net"}) {
		t.Errorf("policy = %+v", *p)
	}
	d, _ := find(l, CodePolicyKeyDuplicate)
	if !strings.Contains(d.Message, "postfix-mta-sts-resolver uses the last") {
		t.Errorf("duplicate message does not say senders disagree: %s", d.Message)
	}
}

func TestParsePolicyPositions(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		code      diag.Code
		line, col int
	}{
		{"§3.2 IP address points at the value", crlf("version: STSv1", "mode: enforce", "mx:  192.0.2.1", "max_age: 1209600"), CodePolicyMXIPAddress, 3, 6},
		{"§3.2 max_age letter", crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 12x"), CodePolicyMaxAgeInvalid, 4, 12},
		{"§3.2 BOM shifts line 1", "\xEF\xBB\xBFversion: STSv2\r\n", CodePolicyVersionInvalid, 1, 13},
		{"§3.2 control byte", "version: STSv1\r\nmode: en\x1bforce\r\n", CodePolicyLineControl, 2, 9},
		{"§3.2 invalid UTF-8 after a bare CR", "a: b\rc: \xff\r\n", CodePolicyNonUTF8, 2, 4},
		{"§3.2 missing field is whole-file", "version: STSv1\r\n", CodePolicyModeMissing, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, l := ParsePolicy([]byte(tt.body))
			d, ok := find(l, tt.code)
			if !ok {
				t.Fatalf("no %s:\n%s", tt.code, dump(l))
			}
			if d.Line != tt.line || d.Column != tt.col {
				t.Errorf("at %d:%d, want %d:%d", d.Line, d.Column, tt.line, tt.col)
			}
		})
	}
}

func TestParsePolicyMessages(t *testing.T) {
	_, l := ParsePolicy([]byte(crlf("version: STSv1", "mode: enforce", "mx: *.bücher.example", "max_age: 1209600")))
	d, _ := find(l, CodePolicyMXULabel)
	// RFC 8461 §3.2: the message names the A-label to write instead.
	if !strings.Contains(d.Message, `"*.xn--bcher-kva.example"`) {
		t.Errorf("U-label message does not name the A-label: %s", d.Message)
	}
	_, l = ParsePolicy([]byte(crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 99999999")))
	d, _ = find(l, CodePolicyMaxAgeOutOfRange)
	for _, want := range []string{"31557600", "erratum 7282", "postfix-mta-sts-resolver", "mox"} {
		if !strings.Contains(d.Message, want) && !strings.Contains(d.RFC, want) {
			t.Errorf("out_of_range diagnostic lacks %q: %v", want, d)
		}
	}
}

func TestParsePolicyPartial(t *testing.T) {
	p, l := ParsePolicyPartial([]byte(crlf("version: STSv1", "mode: enforce", "mx: 192.0.2.1", "mx: a.example", "max_age: 1209600")))
	if !l.HasErrors() {
		t.Fatal("want an error")
	}
	if p.Mode != ModeEnforce || len(p.MX) != 2 {
		t.Errorf("partial policy = %+v", p)
	}
	if full, _ := ParsePolicy([]byte("mode: enforce")); full != nil {
		t.Errorf("ParsePolicy returned %+v for an invalid file", full)
	}
}

// RFC 8461 §3.2: "all entries except for the first SHALL be ignored", so
// an invalid repeat is one warning that names the problem, not a warning
// that says "ignored" beside an error that says "invalid" (issue 11).
func TestDuplicateWithInvalidValueIsOneWarning(t *testing.T) {
	for _, dup := range []string{"mode: enforcing", "max_age: x", "version: STSv2"} {
		body := crlf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 1209600", dup)
		p, l := ParsePolicy([]byte(body))
		if p == nil || p.Mode != ModeEnforce || p.MaxAge != 1209600 {
			t.Errorf("%s: the first values must win, got %v\n%s", dup, p, dump(l))
			continue
		}
		var onLine5 []diag.Diagnostic
		for _, d := range l {
			if d.Line == 5 {
				onLine5 = append(onLine5, d)
			}
		}
		if len(onLine5) != 1 || onLine5[0].Code != CodePolicyKeyDuplicate || !strings.Contains(onLine5[0].Message, "invalid") || !strings.Contains(onLine5[0].Message, "mox") {
			t.Errorf("%s: want one duplicate warning naming the invalid value and mox, got\n%s", dup, dump(l))
		}
	}
}
