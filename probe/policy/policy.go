package policy

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

// minAdvisedMaxAge is one week: §3.2 expects max_age "in the range of weeks
// or greater" to blunt attacks at refresh time.
const minAdvisedMaxAge = 7 * 24 * 3600

// maxAgeDigits is the ABNF's bound: sts-policy-max-age-value = 1*10(DIGIT).
const maxAgeDigits = 10

var knownPolicyKeys = []string{"version", "mode", "max_age", "mx"}

// ParsePolicy parses a policy file body (RFC 8461 §3.2). The Policy is nil
// when a sender following the RFC would reject the file (an error diagnostic
// says why); ParsePolicyPartial returns the best-effort reading instead.
func ParsePolicy(body []byte) (*Policy, diag.List) {
	p, l := ParsePolicyPartial(body)
	if l.HasErrors() {
		return nil, l
	}
	return &p, l
}

// ParsePolicyPartial is ParsePolicy for display: it always returns what it
// could read (first value of each field, every mx value as published), even
// when diagnostics say senders would reject the file. Never apply a policy
// obtained this way without checking the diagnostics.
func ParsePolicyPartial(body []byte) (Policy, diag.List) {
	ps := &policyParser{b: &builder{}, seen: map[string]seenKey{}}
	ps.run(body)
	return ps.pol, ps.b.sorted()
}

type seenKey struct {
	line  int
	value string
}

type policyParser struct {
	b        *builder
	pol      Policy
	seen     map[string]seenKey
	mxSeen   map[string]int
	bomShift int
	maxAge   struct {
		ok        bool
		line, col int
	}
}

// col converts a 0-based byte offset in line n to a 1-based column of the
// original input, counting a stripped BOM on line 1.
func (ps *policyParser) col(line, off int) int {
	if line == 1 {
		return off + 1 + ps.bomShift
	}
	return off + 1
}

func (ps *policyParser) run(body []byte) {
	b := ps.b
	if len(body) == 0 {
		b.add(CodePolicyEmpty, diag.Error, rfcPolicy, 0, 0, "the policy file is empty: it needs version, mode, max_age and (unless mode is none) mx")
		return
	}
	if len(body) > MaxPolicySize {
		b.add(CodePolicyTooLarge, diag.Error, rfcFetch, 0, 0,
			"the policy file is %d bytes: senders stop reading at %d bytes (the RFC's suggested limit, used by mox and postfix-mta-sts-resolver)", len(body), MaxPolicySize)
	}
	if rest, ok := bytes.CutPrefix(body, []byte("\xEF\xBB\xBF")); ok {
		b.add(CodePolicyBOM, diag.Error, rfcPolicy, 1, 1,
			"the file starts with a UTF-8 byte order mark: senders read the first key as \"\\uFEFFversion\", not \"version\"; save the file without a BOM")
		body, ps.bomShift = rest, 3
	}
	if !utf8.Valid(body) {
		line, col := position(body, invalidUTF8Offset(body))
		b.add(CodePolicyNonUTF8, diag.Error, rfcPolicy, line, ps.col(line, col),
			"the file is not valid UTF-8: save it as UTF-8 (policy keys and mx values are ASCII)")
	}
	lines := splitLines(body)
	ps.reportLineEndings(lines)
	for i, ln := range lines {
		n := i + 1
		if ln.text == "" && i == len(lines)-1 && i > 0 {
			break // the optional final terminator
		}
		ps.line(n, ln.text)
	}
	ps.finish()
}

type policyLine struct {
	text string
	term string // "\n", "\r\n", "\r" or "" for the last line
}

// splitLines splits on LF, CRLF and bare CR. A bare CR is not a terminator
// (RFC 8461 §3.2 ABNF), but treating it as one for the rest of the parse
// keeps later diagnostics meaningful; reportLineEndings flags it.
func splitLines(body []byte) []policyLine {
	var out []policyLine
	s := string(body)
	for {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			return append(out, policyLine{text: s})
		}
		term := s[i : i+1]
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			term = "\r\n"
		}
		out = append(out, policyLine{text: s[:i], term: term})
		s = s[i+len(term):]
	}
}

func (ps *policyParser) reportLineEndings(lines []policyLine) {
	lfLine := 0
	for i, ln := range lines {
		switch ln.term {
		case "\r":
			ps.b.add(CodePolicyLineBareCR, diag.Error, rfcPolicy, i+1, ps.col(i+1, len(ln.text)),
				"line ends in a bare CR: only LF or CRLF end a line; mox rejects the policy, postfix-mta-sts-resolver reads the CR as a line break")
		case "\n":
			if lfLine == 0 {
				lfLine = i + 1
			}
		}
	}
	if lfLine > 0 {
		ps.b.add(CodePolicyLineLF, diag.Info, rfcErratum6253, lfLine, ps.col(lfLine, len(lines[lfLine-1].text)),
			"lines end in LF rather than CRLF: the §3.2 prose says CRLF, but the ABNF allows LF (erratum 6253) and mox, postfix-mta-sts-resolver and Gmail accept it; no change needed")
	}
}

func (ps *policyParser) line(n int, text string) {
	b := ps.b
	if t, _ := trimWSP(text); t == "" {
		b.add(CodePolicyLineEmpty, diag.Error, rfcPolicy, n, 1,
			"empty line: the grammar has no blank lines (only one optional final line break); mox rejects the policy, postfix-mta-sts-resolver skips the line")
		return
	}
	// A tab is WSP, part of the grammar; anything else the sanitiser
	// would show as an escape is named, so "\u200b" in the evidence is
	// known to have been sent.
	if sanitize.Unsafe(strings.ReplaceAll(text, "\t", " ")) {
		b.add(CodePolicyLineUnsafe, diag.Warning, rfcPolicy, n, 1,
			"line holds control or invisible characters (escape sequences, bidi, zero-width or format characters); they are shown as escapes: %s", q(text))
	}
	for i := 0; i < len(text); i++ {
		if c := text[i]; c < 0x20 && c != '\t' || c == 0x7f {
			b.add(CodePolicyLineControl, diag.Error, rfcPolicy, n, ps.col(n, i),
				"line contains %s: policy lines may not contain control characters", byteName(c))
			return
		}
	}
	if isWSP(text[0]) {
		b.add(CodePolicyLineLeadingSpace, diag.Error, rfcPolicy, n, ps.col(n, 0),
			"line starts with whitespace: keys must start at the beginning of the line; mox rejects the policy, postfix-mta-sts-resolver ignores this line")
	}
	trimmed, lead := trimWSP(text)
	colon := strings.IndexByte(trimmed, ':')
	if colon < 0 {
		b.add(CodePolicyLineNoColon, diag.Error, rfcPolicy, n, ps.col(n, lead),
			"line %s has no \":\": every line must be key: value", q(trimmed))
		return
	}
	rawKey := trimmed[:colon]
	key, _ := trimWSP(rawKey)
	if key != rawKey {
		b.add(CodePolicyKeySpaceBeforeColon, diag.Error, rfcPolicy, n, ps.col(n, lead+len(key)),
			"whitespace between key %s and \":\": the key must be followed directly by \":\"; senders do not recognise %s", q(key), q(rawKey))
	}
	if !validExtName(key) {
		b.add(CodePolicyKeyInvalid, diag.Error, rfcPolicy, n, ps.col(n, lead),
			"key %s is not valid: keys start with a letter or digit and have at most 32 letters, digits, \"_\", \"-\" or \".\"", q(key))
		return
	}
	afterColon := trimmed[colon+1:]
	value, vlead := trimWSP(afterColon)
	vcol := ps.col(n, lead+colon+1+vlead)
	ps.field(n, key, value, vcol)
}

func (ps *policyParser) field(n int, key, value string, vcol int) {
	b := ps.b
	kcol := 1
	if n == 1 {
		kcol += ps.bomShift
	}
	if key == "mx" {
		ps.mx(n, value, vcol)
		return
	}
	first, dup := ps.seen[key]
	if dup {
		ps.duplicate(n, key, value, first, kcol, vcol)
		return
	}
	switch key {
	case "version":
		if value != "STSv1" {
			b.add(CodePolicyVersionInvalid, diag.Error, rfcPolicy, n, vcol,
				"version is %s: it must be exactly \"STSv1\" (case-sensitive)", q(value))
		} else if !dup {
			ps.pol.Version = value
		}
	case "mode":
		switch Mode(value) {
		case ModeEnforce, ModeTesting, ModeNone:
			if !dup {
				ps.pol.Mode = Mode(value)
			}
		default:
			b.add(CodePolicyModeInvalid, diag.Error, rfcPolicy, n, vcol,
				"mode is %s: it must be exactly \"enforce\", \"testing\" or \"none\" (case-sensitive)", q(value))
		}
	case "max_age":
		if v, ok := ps.checkMaxAge(n, value, vcol); ok && !dup {
			ps.pol.MaxAge = v
			ps.maxAge.ok, ps.maxAge.line, ps.maxAge.col = true, n, vcol
		}
	default:
		ps.extension(n, key, value, kcol, vcol)
	}
	ps.seen[key] = seenKey{n, value}
}

// duplicate reports a repeated non-mx key. RFC 8461 §3.2 says every entry
// but the first SHALL be ignored, so the repeat is one warning, never an
// error as well: its value is checked quietly, and an invalid value is named
// in the same message because some senders still parse it.
func (ps *policyParser) duplicate(n int, key, value string, first seenKey, kcol, vcol int) {
	b := ps.b
	quiet := &policyParser{b: &builder{}, seen: map[string]seenKey{}}
	quiet.field(n, key, value, vcol)
	also := ""
	switch {
	case quiet.b.list.HasErrors() && slices.Contains(knownPolicyKeys, key):
		also = "; but its value " + q(value) + " is invalid, and mox and go-mtasts, which parse every line, reject the whole policy for it (postfix-mta-sts-resolver uses the last value)"
	case quiet.b.list.HasErrors():
		also = "; but its value " + q(value) + " is invalid, and mox, which parses every line, rejects the whole policy for it"
	case value != first.value && slices.Contains(knownPolicyKeys, key):
		also = "; postfix-mta-sts-resolver uses the last one instead, and so does go-mtasts"
	case value != first.value:
		also = "; postfix-mta-sts-resolver uses the last one instead"
	}
	b.add(CodePolicyKeyDuplicate, diag.Warning, rfcPolicy, n, kcol,
		"duplicate %q (first on line %d) is ignored: senders use the first value, %s%s", key, first.line, q(first.value), also)
}

func (ps *policyParser) extension(n int, key, value string, kcol, vcol int) {
	b := ps.b
	for _, k := range knownPolicyKeys {
		if strings.EqualFold(key, k) {
			b.add(CodePolicyKeyCase, diag.Warning, rfcPolicy, n, kcol,
				"key %s is not %q: keys are case-sensitive, so senders treat it as an unknown key and ignore it", q(key), k)
			return
		}
	}
	if value == "" {
		b.add(CodePolicyExtValueInvalid, diag.Error, rfcPolicy, n, vcol, "key %q has an empty value", key)
		return
	}
	for i := 0; i < len(value); i++ {
		if value[i] == '\t' {
			b.add(CodePolicyExtValueInvalid, diag.Error, rfcPolicy, n, vcol+i, "value of %q contains a TAB: only spaces may separate words", key)
			return
		}
	}
	b.add(CodePolicyKeyUnknown, diag.Info, rfcPolicy, n, kcol,
		"key %q is not defined by RFC 8461: senders ignore it", key)
}

func (ps *policyParser) checkMaxAge(n int, value string, vcol int) (int64, bool) {
	b := ps.b
	if value == "" {
		b.add(CodePolicyMaxAgeInvalid, diag.Error, rfcPolicy, n, vcol, "max_age is empty: give a number of seconds, e.g. 604800 (one week)")
		return 0, false
	}
	for i := 0; i < len(value); i++ {
		if value[i] < '0' || value[i] > '9' {
			b.add(CodePolicyMaxAgeInvalid, diag.Error, rfcPolicy, n, vcol+i,
				"max_age %s is not a plain number of seconds: only the digits 0-9 are allowed (no sign, unit or separator)", q(value))
			return 0, false
		}
	}
	if len(value) > maxAgeDigits {
		b.add(CodePolicyMaxAgeTooManyDigits, diag.Error, rfcErratum7282, n, vcol,
			"max_age %s has %d digits: the ABNF allows at most %d and the prose caps the value at %d", q(value), len(value), maxAgeDigits, MaxAgeLimit)
		return 0, false
	}
	v, _ := strconv.ParseInt(value, 10, 64) // at most 10 digits: cannot fail
	if len(value) > 1 && value[0] == '0' {
		b.add(CodePolicyMaxAgeLeadingZero, diag.Warning, rfcPolicy, n, vcol,
			"max_age %s has a leading zero: legal, but parsers that guess the base read it as octal (or reject it); write \"%d\"",
			q(value), v)
	}
	if v > MaxAgeLimit {
		b.add(CodePolicyMaxAgeOutOfRange, diag.Error, rfcErratum7282, n, vcol,
			"max_age %d is above %d (about one year), the maximum in the §3.2 prose; the ABNF allows 10 digits (erratum 7282), but postfix-mta-sts-resolver rejects the policy; mox and go-mtasts take it as published (mox up to 2147483647) and postfix-tlspol lowers it to 31557600", v, MaxAgeLimit)
		return 0, false
	}
	return v, true
}

func (ps *policyParser) mx(n int, value string, vcol int) {
	b := ps.b
	if i := strings.IndexAny(value, " \t,"); i >= 0 {
		b.add(CodePolicyMXMultiplePerLine, diag.Error, rfcPolicy, n, vcol+i,
			"mx %s holds more than one name: each MX needs its own \"mx:\" line", q(value))
		ps.pol.MX = append(ps.pol.MX, value)
		return
	}
	if p := checkMXPattern(value); p != nil {
		b.add(p.code, diag.Error, rfcPolicy, n, vcol+p.col, "%s", p.msg)
	}
	if ps.mxSeen == nil {
		ps.mxSeen = map[string]int{}
	}
	norm := strings.ToLower(value)
	if first, dup := ps.mxSeen[norm]; dup {
		b.add(CodePolicyMXDuplicate, diag.Info, rfcPolicy, n, vcol,
			"mx %s repeats line %d: harmless, but one line is enough", q(value), first)
	} else {
		ps.mxSeen[norm] = n
	}
	ps.pol.MX = append(ps.pol.MX, value)
}

// finish checks what concerns the file as a whole: required fields, and
// the rules that depend on the mode.
func (ps *policyParser) finish() {
	b := ps.b
	for _, req := range []struct {
		key  string
		code diag.Code
		eg   string
	}{
		{"version", CodePolicyVersionMissing, "version: STSv1"},
		{"mode", CodePolicyModeMissing, "mode: enforce"},
		{"max_age", CodePolicyMaxAgeMissing, "max_age: 604800"},
	} {
		if _, ok := ps.seen[req.key]; !ok {
			b.add(req.code, diag.Error, rfcPolicy, 0, 0, "no %q line: it is required exactly once, e.g. %q", req.key, req.eg)
		}
	}
	mode := ps.pol.Mode
	if mode == ModeNone {
		b.add(CodePolicyModeNone, diag.Info, "RFC 8461 §5", 0, 0,
			"mode is none: senders treat the domain as having no active policy; this is the way to retire MTA-STS (RFC 8461 §8.3)")
	}
	if len(ps.pol.MX) == 0 && mode != ModeNone {
		b.add(CodePolicyMXMissing, diag.Error, rfcPolicy, 0, 0,
			"no \"mx\" line: at least one is required unless mode is none, e.g. \"mx: mail.example.com\"")
	}
	if ps.maxAge.ok && mode != ModeNone {
		switch v := ps.pol.MaxAge; {
		case v == 0:
			b.add(CodePolicyMaxAgeZero, diag.Warning, rfcPolicy, ps.maxAge.line, ps.maxAge.col,
				"max_age is 0: legal, but senders may not cache the policy at all, so it protects nothing between fetches (and some checkers wrongly reject 0)")
		case v < minAdvisedMaxAge:
			b.add(CodePolicyMaxAgeShort, diag.Warning, rfcPolicy, ps.maxAge.line, ps.maxAge.col,
				"max_age %d is less than a week: §3.2 expects weeks or more so an attacker cannot wait out the cache; use a short value only while retiring a policy with mode none (§8.3)", v)
		}
	}
}

// invalidUTF8Offset returns the offset of the first byte that is not part
// of valid UTF-8.
func invalidUTF8Offset(b []byte) int {
	off := 0
	for off < len(b) {
		r, size := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && size <= 1 {
			return off
		}
		off += size
	}
	return off
}

// position turns a byte offset into a 1-based line and 0-based byte offset
// within that line, counting LF, CRLF and bare CR as line ends like
// splitLines does.
func position(b []byte, off int) (line, col int) {
	line, start := 1, 0
	for i := 0; i < off && i < len(b); i++ {
		switch {
		case b[i] == '\n':
			line, start = line+1, i+1
		case b[i] == '\r' && (i+1 >= len(b) || b[i+1] != '\n'):
			line, start = line+1, i+1
		}
	}
	return line, off - start
}
