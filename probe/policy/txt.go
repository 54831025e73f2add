package policy

import (
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// txtGrammar holds what differs between the "_mta-sts" (RFC 8461 §3.1) and
// "_smtp._tls" (RFC 8460 §3) records; both share the same key=value;
// shape, discard rule and "exactly one record" rule.
type txtGrammar struct {
	version  string // the exact leading field, e.g. "v=STSv1"
	owner    string // the DNS name prefix, for messages
	rfc      string
	noPolicy string // what senders conclude without exactly one record

	none, multiple, discarded, versionCase, versionNotFirst, spaceDelim,
	nonASCII, fieldEmpty, fieldSyntax, fieldDup, extName diag.Code

	// uriKey names the field whose value is a URI list, so a field with no
	// "=" right after it is reported as an unencoded ";" inside that URI.
	uriKey    string
	unencoded diag.Code
}

// txtField is one key=value pair; columns are 1-based byte offsets into the
// record's concatenated text.
type txtField struct {
	key, value     string
	keyCol, valCol int
}

// txtRecord is one record of the RRset that survived the discard rule.
type txtRecord struct {
	line int // 1-based index in the RRset
	text string
}

// candidates applies the discard rule and the "number of records is not
// one" rule, returning the records that begin with the version field.
func (g *txtGrammar) candidates(records [][]string, b *builder) []txtRecord {
	var keep []txtRecord
	for i, parts := range records {
		line := i + 1
		// RFC 8461 §3.1 / RFC 8460 §3: strings concatenate without spaces.
		text := strings.Join(parts, "")
		switch g.classify(text) {
		case kindExact:
			keep = append(keep, txtRecord{line, text})
		case kindSpaceDelim:
			b.add(g.spaceDelim, diag.Warning, g.spaceDelimRFC(), line, len(g.version)+1,
				"record begins %q with whitespace before \";\": the ABNF allows it, but the discard rule keeps only records beginning with %q (erratum 6285) and mox rejects the record as invalid, so those senders see no record; write %q",
				g.version+" ;", g.version+";", g.version+";")
			keep = append(keep, txtRecord{line, text})
		case kindCase:
			b.add(g.versionCase, diag.Warning, g.rfc, line, 1,
				"record begins %s but the version is case-sensitive: it must be exactly %q, so senders discard this record",
				q(text[:len(g.version)]), g.version)
		case kindNotFirst:
			b.add(g.versionNotFirst, diag.Warning, g.rfc, line, 1,
				"record contains %q but does not begin with it: the version must be the first field, so senders discard this record",
				g.version)
		case kindVersionOther:
			b.add(g.discarded, diag.Info, g.rfc, line, 1,
				"record %s does not begin with %q, so senders discard it",
				q(text), g.version+";")
		default:
			b.add(g.discarded, diag.Info, g.rfc, line, 1,
				"record %s does not begin with %q, so senders ignore it",
				q(text), g.version+";")
		}
	}
	switch {
	case len(keep) == 0 && len(records) == 0:
		b.add(g.none, diag.Error, g.rfc, 0, 0, "no %s TXT record: %s", g.owner, g.noPolicy)
	case len(keep) == 0:
		b.add(g.none, diag.Error, g.rfc, 0, 0,
			"none of the %d %s records begins with %q: %s",
			len(records), g.owner, g.version+";", g.noPolicy)
	case len(keep) > 1:
		lines := make([]int, len(keep))
		for i, r := range keep {
			lines[i] = r.line
		}
		b.add(g.multiple, diag.Error, g.rfc, 0, 0,
			"%d records begin with %q (records %s): the number of records is not one, so %s; publish exactly one",
			len(keep), g.version+";", joinInts(lines), g.noPolicy)
	}
	return keep
}

func (g *txtGrammar) spaceDelimRFC() string {
	if g.version == stsVersionField {
		return rfcErratum6285
	}
	return g.rfc
}

type recordKind int

const (
	kindOther recordKind = iota
	kindExact
	kindSpaceDelim
	kindCase
	kindNotFirst
	kindVersionOther
)

func (g *txtGrammar) classify(text string) recordKind {
	v := g.version
	if strings.HasPrefix(text, v) {
		rest := text[len(v):]
		if strings.HasPrefix(rest, ";") {
			return kindExact
		}
		if trimmed := strings.TrimLeft(rest, " \t"); len(trimmed) < len(rest) && strings.HasPrefix(trimmed, ";") {
			return kindSpaceDelim
		}
		return kindVersionOther
	}
	if len(text) >= len(v) && strings.EqualFold(text[:len(v)], v) {
		return kindCase
	}
	for _, seg := range strings.Split(text, ";") {
		if s, _ := trimWSP(seg); s == v {
			return kindNotFirst
		}
	}
	return kindOther
}

// fields splits a surviving record after its version field into key=value
// pairs, reporting syntax errors. Duplicate keys are reported and dropped:
// the first wins (RFC 8461 §3.2, last paragraph, covers TXT records too).
func (g *txtGrammar) fields(r txtRecord, b *builder) []txtField {
	for i := 0; i < len(r.text); i++ {
		if r.text[i] >= 0x80 || r.text[i] < 0x20 && r.text[i] != '\t' || r.text[i] == 0x7f {
			what := "a non-ASCII byte"
			if r.text[i] < 0x80 {
				what = byteName(r.text[i])
			}
			b.add(g.nonASCII, diag.Error, g.rfc, r.line, i+1,
				"record contains %s: records must be printable US-ASCII", what)
			break
		}
	}
	segs := strings.Split(r.text, ";")
	var out []txtField
	// The version field counts as seen, so a second "v=" is a duplicate
	// rather than an extension.
	seen := map[string]string{"v": strings.TrimPrefix(g.version, "v=")}
	off := len(segs[0]) + 1 // the version field and its ";"
	prevKey := ""
	for i, seg := range segs[1:] {
		start := off
		off += len(seg) + 1
		s, lead := trimWSP(seg)
		col := start + lead + 1
		last := i == len(segs)-2
		if s == "" {
			if !last {
				b.add(g.fieldEmpty, diag.Error, g.rfc, r.line, start+1,
					"empty field between two \";\": the grammar allows one optional trailing \";\" but no empty fields")
			}
			continue
		}
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			if g.uriKey != "" && prevKey == g.uriKey {
				b.add(g.unencoded, diag.Error, g.rfc, r.line, start,
					"%s follows the %s field without \"=\": this looks like an unencoded \";\" inside a %s URI, which must be written %%3B",
					q(s), g.uriKey, g.uriKey)
			} else {
				b.add(g.fieldSyntax, diag.Error, g.rfc, r.line, col,
					"field %s is not key=value", q(s))
			}
			prevKey = ""
			continue
		}
		prevKey = k
		if !validExtName(k) {
			b.add(g.extName, diag.Error, g.rfc, r.line, col,
				"field name %s is not valid: it must start with a letter or digit and have at most 32 letters, digits, \"_\", \"-\" or \".\"", q(k))
			continue
		}
		if first, dup := seen[k]; dup {
			b.add(g.fieldDup, diag.Warning, g.rfc, r.line, col,
				"duplicate field %q ignored: senders use the first value, %s", k, q(first))
			continue
		}
		seen[k] = v
		out = append(out, txtField{key: k, value: v, keyCol: col, valCol: col + len(k) + 1})
	}
	return out
}
