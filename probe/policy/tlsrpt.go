package policy

import (
	"net/url"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

var tlsrptGrammar = txtGrammar{
	version:  "v=TLSRPTv1",
	owner:    "_smtp._tls",
	rfc:      rfcTLSRPT,
	noPolicy: "senders assume the domain does not want TLS reports",

	none: CodeTLSRPTNone, multiple: CodeTLSRPTMultiple, discarded: CodeTLSRPTDiscarded,
	versionCase: CodeTLSRPTVersionCase, versionNotFirst: CodeTLSRPTVersionNotFirst,
	spaceDelim: CodeTLSRPTVersionSpaceDelim, nonASCII: CodeTLSRPTNonASCII,
	fieldEmpty: CodeTLSRPTFieldEmpty, fieldSyntax: CodeTLSRPTFieldSyntax,
	fieldDup: CodeTLSRPTFieldDuplicate, extName: CodeTLSRPTExtNameInvalid,
	uriKey: "rua", unencoded: CodeTLSRPTRUAUnencoded,
}

// ParseTLSRPTRecords parses the "_smtp._tls" TXT RRset of a domain
// (RFC 8460 §3). Each record is given as its character-strings, which are
// concatenated without spaces. Records that do not begin with
// "v=TLSRPTv1;" are discarded; exactly one must remain, with a "rua" field
// of mailto: or https: URIs. The TLSRPT is nil when senders would send no
// reports (an error diagnostic says why).
func ParseTLSRPTRecords(records [][]string) (*TLSRPT, diag.List) {
	return parseRRset(tlsrptGrammar, records, parseTLSRPTRecord)
}

func parseTLSRPTRecord(r txtRecord, b *builder) *TLSRPT {
	rec := &TLSRPT{Version: "TLSRPTv1"}
	hasRUA := false
	for _, f := range tlsrptGrammar.fields(r, b) {
		if f.key == "rua" {
			hasRUA = true
			rec.RUA = parseRUA(f, r.line, b)
			continue
		}
		if i := badTXTExtValueByte(f.value); i >= 0 || f.value == "" {
			b.add(CodeTLSRPTExtValueInvalid, diag.Error, rfcTLSRPT, r.line, f.valCol+max(i, 0),
				"extension %q has value %s: values must be non-empty printable ASCII without spaces, \"=\" or \";\"", f.key, q(f.value))
			continue
		}
		b.add(CodeTLSRPTExtUnknown, diag.Info, rfcTLSRPT, r.line, f.keyCol,
			"field %q is not defined by RFC 8460: senders ignore it", f.key)
	}
	if !hasRUA {
		b.add(CodeTLSRPTRUAMissing, diag.Error, rfcTLSRPT, r.line, 1,
			"record has no \"rua\" field: senders have nowhere to send reports; add e.g. \"rua=mailto:tlsrpt@example.com\"")
	}
	return rec
}

// parseRUA splits tlsrpt-rua = "rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
// and checks each URI.
func parseRUA(f txtField, line int, b *builder) []string {
	var out []string
	off := f.valCol
	for i, part := range strings.Split(f.value, ",") {
		u, lead := trimWSP(part)
		col := off + lead
		off += len(part) + 1
		if u == "" {
			b.add(CodeTLSRPTRUAEmpty, diag.Error, rfcTLSRPT, line, col,
				"empty URI in rua: give mailto: or https: URIs separated by \",\"")
			continue
		}
		if checkRUA(u, i > 0, line, col, b) {
			out = append(out, u)
		}
	}
	return out
}

// checkRUA reports the problems of one rua URI and whether it is usable.
func checkRUA(u string, afterComma bool, line, col int, b *builder) bool {
	if i := strings.IndexByte(u, '!'); i >= 0 {
		b.add(CodeTLSRPTRUAUnencoded, diag.Error, rfcTLSRPT, line, col+i,
			"rua URI %s contains an unencoded \"!\": write it as %%21 (a DMARC-style size limit such as \"!10m\" does not exist in TLS-RPT)", q(u))
		return false
	}
	if strings.ContainsAny(u, " \t") {
		b.add(CodeTLSRPTRUAInvalid, diag.Error, rfcTLSRPT, line, col,
			"rua URI %s contains whitespace: separate URIs with \",\" and percent-encode spaces", q(u))
		return false
	}
	parsed, err := url.Parse(u)
	if err != nil {
		b.add(CodeTLSRPTRUAInvalid, diag.Error, rfcTLSRPT, line, col,
			"rua URI %s does not parse as a URI", q(u))
		return false
	}
	switch strings.ToLower(parsed.Scheme) {
	case "mailto":
		addr := parsed.Opaque
		if addr == "" {
			addr = parsed.Path
		}
		if local, domain, ok := strings.Cut(addr, "@"); !ok || local == "" || domain == "" {
			b.add(CodeTLSRPTRUAInvalid, diag.Error, rfcTLSRPT, line, col,
				"rua URI %s has no email address: write \"mailto:local@domain\"", q(u))
			return false
		}
	case "https":
		if parsed.Host == "" {
			b.add(CodeTLSRPTRUAInvalid, diag.Error, rfcTLSRPT, line, col,
				"rua URI %s has no host: write \"https://host/path\"", q(u))
			return false
		}
	case "":
		if afterComma {
			b.add(CodeTLSRPTRUAUnencoded, diag.Error, rfcTLSRPT, line, col-1,
				"rua entry %s has no scheme: if it belongs to the URI before it, the \",\" inside that URI must be written %%2C; otherwise start it with mailto: or https:", q(u))
		} else {
			b.add(CodeTLSRPTRUAScheme, diag.Error, rfcTLSRPT, line, col,
				"rua URI %s has no scheme: only mailto: and https: are supported, e.g. \"mailto:%s\"", q(u), sanitizeEcho(u))
		}
		return false
	default:
		hint := ""
		if strings.EqualFold(parsed.Scheme, "http") {
			hint = "; use https:"
		}
		b.add(CodeTLSRPTRUAScheme, diag.Error, rfcTLSRPT, line, col,
			"rua URI %s uses scheme %s: only mailto: and https: are supported%s", q(u), q(parsed.Scheme), hint)
		return false
	}
	return true
}

func sanitizeEcho(s string) string {
	e := q(s)
	return e[1 : len(e)-1]
}
