package policy

import (
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

const stsVersionField = "v=STSv1"

// maxIDLen is the longest id the ABNF allows: 1*32(ALPHA / DIGIT).
const maxIDLen = 32

var stsGrammar = txtGrammar{
	version:  stsVersionField,
	owner:    "_mta-sts",
	rfc:      rfcRecord,
	noPolicy: "senders assume the domain has no MTA-STS policy",

	none: CodeRecordNone, multiple: CodeRecordMultiple, discarded: CodeRecordDiscarded,
	versionCase: CodeRecordVersionCase, versionNotFirst: CodeRecordVersionNotFirst,
	spaceDelim: CodeRecordVersionSpaceDelim, nonASCII: CodeRecordNonASCII,
	fieldEmpty: CodeRecordFieldEmpty, fieldSyntax: CodeRecordFieldSyntax,
	fieldDup: CodeRecordFieldDuplicate, extName: CodeRecordExtNameInvalid,
}

// ParseRecords parses the "_mta-sts" TXT RRset of a policy domain (RFC 8461
// §3.1). Each record is given as its character-strings, which are
// concatenated without spaces. Records that do not begin with "v=STSv1;" are
// discarded; exactly one must remain and be valid. The Record is nil when
// senders would find no usable record (an error diagnostic says why).
func ParseRecords(records [][]string) (*Record, diag.List) {
	return parseRRset(stsGrammar, records, parseSTSRecord)
}

// parseRRset applies the discard rule both TXT records share (RFC 8461
// §3.1, RFC 8460 §3), parses what is left with parse, and returns a value
// only when exactly one record remains and nothing is an error.
func parseRRset[T any](g txtGrammar, records [][]string, parse func(txtRecord, *builder) *T) (*T, diag.List) {
	b := &builder{}
	keep := g.candidates(records, b)
	var rec *T
	for _, r := range keep {
		rec = parse(r, b)
	}
	l := b.sorted()
	if len(keep) != 1 || l.HasErrors() {
		return nil, l
	}
	return rec, l
}

func parseSTSRecord(r txtRecord, b *builder) *Record {
	rec := &Record{Version: "STSv1", Extensions: map[string]string{}}
	hasID := false
	idCaseKey := ""
	for _, f := range stsGrammar.fields(r, b) {
		switch f.key {
		case "id":
			hasID = true
			rec.ID = f.value
			checkID(f, r.line, b)
		default:
			if strings.EqualFold(f.key, "id") {
				idCaseKey = f.key
			}
			if i := badTXTExtValueByte(f.value); i >= 0 || f.value == "" {
				b.add(CodeRecordExtValueInvalid, diag.Error, rfcRecord, r.line, f.valCol+max(i, 0),
					"extension %q has value %s: values must be non-empty printable ASCII without spaces, \"=\" or \";\"", f.key, q(f.value))
				continue
			}
			rec.Extensions[f.key] = f.value
			b.add(CodeRecordExtUnknown, diag.Info, rfcRecord, r.line, f.keyCol,
				"extension field %q is not defined by RFC 8461: senders ignore it", f.key)
		}
	}
	if !hasID {
		hint := ""
		if idCaseKey != "" {
			hint = "; field names are case-sensitive, so " + q(idCaseKey) + " is not \"id\""
		}
		b.add(CodeRecordIDMissing, diag.Error, rfcRecord, r.line, 1,
			"record has no \"id\" field%s: senders need it to notice policy changes", hint)
	}
	return rec
}

// checkID enforces sts-id = "id=" 1*32(ALPHA / DIGIT).
func checkID(f txtField, line int, b *builder) {
	if f.value == "" {
		b.add(CodeRecordIDInvalid, diag.Error, rfcRecord, line, f.valCol,
			"id is empty: it must be 1 to 32 letters or digits")
		return
	}
	for i := 0; i < len(f.value); i++ {
		if !isAlnum(f.value[i]) {
			b.add(CodeRecordIDInvalid, diag.Error, rfcRecord, line, f.valCol+i,
				"id %s contains %s: only letters and digits are allowed (a base64 id with \"+\" or \"/\" is a common cause)",
				q(f.value), describeByte(f.value[i]))
			return
		}
	}
	if len(f.value) > maxIDLen {
		b.add(CodeRecordIDTooLong, diag.Error, rfcRecord, line, f.valCol+maxIDLen,
			"id %s has %d characters: the maximum is %d", q(f.value), len(f.value), maxIDLen)
	}
}

// describeByte names a byte for a message: printable ASCII quoted, anything
// else by value.
func describeByte(c byte) string {
	if c > 0x20 && c < 0x7f {
		return `"` + string(c) + `"`
	}
	if c == ' ' {
		return "a space"
	}
	if c >= 0x80 {
		return "a non-ASCII byte"
	}
	return byteName(c)
}
