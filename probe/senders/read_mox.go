package senders

import (
	"net"
	"strconv"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// moxRecord follows mox's LookupRecord (mtasts/mtasts.go:203-226@1c95876)
// and ParseRecord (mtasts/parse.go:20-76@1c95876).
func moxRecord(rrset [][]string) RecordReading {
	var found *RecordReading
	for _, rr := range rrset {
		r, isSTS := moxParseRecord(join(rr))
		if !isSTS {
			// mtasts.go:207-212: not "v=STSv1" + *WSP ";": not an STS record.
			continue
		}
		if !r.Valid {
			// mtasts.go:214-216: one bad STS record fails the lookup, even
			// beside a good one.
			return r
		}
		if found != nil {
			// mtasts.go:217-219: ErrMultipleRecords.
			return RecordReading{Reason: "more than one valid v=STSv1 record"}
		}
		found = &r
	}
	if found == nil {
		return RecordReading{Reason: "no record beginning with \"v=STSv1;\""}
	}
	return *found
}

// moxParseRecord reads one record as parse.go:20-76 does: isSTS once
// "v=STSv1" and a delimiter were taken.
func moxParseRecord(txt string) (r RecordReading, isSTS bool) {
	p := moxParser{s: txt}
	if !p.take("v=STSv1") || !p.delim() { // parse.go:41-43
		return RecordReading{}, false
	}
	seen := map[string]bool{}
	id := ""
	for {
		k := p.run(moxKeyByte) // parse.go:45, :204-208
		if k == "" || !p.take("=") {
			return RecordReading{Reason: "field at byte " + strconv.Itoa(p.o+1) + " is not key=value"}, true
		}
		dup := seen[k]
		seen[k] = true
		switch {
		case k == "id" && !dup:
			id = p.run(func(c rune, i int) bool { return i < 32 && c < 0x80 && isAlnum(byte(c)) }) // parse.go:211-215
			if id == "" {
				return RecordReading{Reason: "id is empty or not alphanumeric"}, true
			}
		case k == "id":
			// parse.go:57-60: a repeated id's value is not consumed, so it is
			// left over and the record fails.
		default:
			if p.run(func(c rune, _ int) bool { return c > ' ' && c < 0x7f && c != '=' && c != ';' }) == "" { // parse.go:218-222
				return RecordReading{Reason: "extension " + q(k) + " has an empty or invalid value"}, true
			}
		}
		if !p.delim() || p.empty() { // parse.go:65-67
			break
		}
	}
	if !p.empty() {
		// parse.go:69-71: whatever follows the last field, trailing
		// whitespace included, is "leftover characters".
		return RecordReading{Reason: "leftover characters " + q(p.s[p.o:]) + " after the last field (mox rejects the record)"}, true
	}
	if id == "" {
		return RecordReading{Reason: "no id field"}, true
	}
	return RecordReading{Valid: true, ID: id}, true
}

// moxPolicy follows mox's ParsePolicy (mtasts/parse.go:79-144@1c95876).
func moxPolicy(body []byte) PolicyReading {
	p := moxParser{s: string(body)}
	var out PolicyReading
	seen := map[string]bool{}
	for {
		k := p.run(moxKeyByte)
		if k == "" || !p.take(":") {
			return PolicyReading{Reason: "line " + strconv.Itoa(p.line()) + " is not key: value (an empty line, leading space or a bad key)"}
		}
		dup := seen[k]
		seen[k] = true
		p.wsp()
		switch k {
		case "version": // parse.go:107-108: every version line must be STSv1
			if !p.take("STSv1") {
				return PolicyReading{Reason: "version is not STSv1"}
			}
		case "mode": // parse.go:109-113: first wins, but each must be valid
			m := ""
			for _, v := range []string{"testing", "enforce", "none"} {
				if p.take(v) {
					m = v
					break
				}
			}
			if m == "" {
				return PolicyReading{Reason: "line " + strconv.Itoa(p.line()) + ": mode is not testing, enforce or none"}
			}
			if !dup {
				out.Mode = policy.Mode(m)
			}
		case "max_age": // parse.go:114-118, :262-271: 1-10 digits, 32-bit
			d := p.run(func(c rune, i int) bool { return c >= '0' && c <= '9' && i < 10 })
			v, err := strconv.ParseInt(d, 10, 32)
			if d == "" || err != nil {
				return PolicyReading{Reason: "max_age " + q(d) + " is not a number below 2^31"}
			}
			if !dup {
				out.MaxAge = v
			}
		case "mx": // parse.go:119-120, :282-319
			mx, ok := p.mx()
			if !ok {
				return PolicyReading{Reason: "line " + strconv.Itoa(p.line()) + ": mx is not an A-label domain name"}
			}
			out.MX = append(out.MX, mx)
		default: // parse.go:121-123, :322-340
			if !p.policyValue() {
				return PolicyReading{Reason: "extension " + q(k) + " has an empty value"}
			}
		}
		p.wsp()
		if !p.eol() || p.empty() { // parse.go:125-128
			break
		}
	}
	if !p.empty() { // parse.go:130-132
		return PolicyReading{Reason: "line " + strconv.Itoa(p.line()) + ": leftover characters " + q(p.s[p.o:])}
	}
	for _, req := range []string{"version", "mode", "max_age"} { // parse.go:133-138
		if !seen[req] {
			return PolicyReading{Reason: "missing field " + q(req)}
		}
	}
	if !seen["mx"] && out.Mode != policy.ModeNone { // parse.go:139-142
		return PolicyReading{Reason: "no mx although mode is not none"}
	}
	out.Valid = true
	return out
}

// moxKeyByte is parse.go:204-208's key test, operator precedence included
// ("-" and "." are allowed even first).
func moxKeyByte(b rune, i int) bool {
	return i < 32 && (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || (i > 0 && b == '_' || b == '-' || b == '.'))
}

// moxParser is a cursor over the text, like mox's parser type.
type moxParser struct {
	s string
	o int
}

func (p *moxParser) empty() bool { return p.o >= len(p.s) }

func (p *moxParser) take(s string) bool {
	if strings.HasPrefix(p.s[p.o:], s) {
		p.o += len(s)
		return true
	}
	return false
}

// run takes the longest prefix whose runes satisfy ok (i counts runes'
// byte offsets from the start, as ranging over a string does).
func (p *moxParser) run(ok func(c rune, i int) bool) string {
	start := p.o
	for i, c := range p.s[p.o:] {
		if !ok(c, i) {
			p.o = start + i
			return p.s[start:p.o]
		}
	}
	p.o = len(p.s)
	return p.s[start:]
}

func (p *moxParser) wsp() {
	for p.o < len(p.s) && (p.s[p.o] == ' ' || p.s[p.o] == '\t') {
		p.o++
	}
}

// delim is *WSP ";" *WSP (parse.go:225-240).
func (p *moxParser) delim() bool {
	o := p.o
	p.wsp()
	if !p.take(";") {
		p.o = o
		return false
	}
	p.wsp()
	return true
}

func (p *moxParser) eol() bool { return p.take("\n") || p.take("\r\n") } // parse.go:247-249

func (p *moxParser) line() int { return strings.Count(p.s[:p.o], "\n") + 1 }

// mx is ["*."] Domain with A-labels only (parse.go:282-319).
func (p *moxParser) mx() (string, bool) {
	start := p.o
	p.take("*.")
	unicode := false
	for {
		label := p.run(func(c rune, i int) bool {
			if c > 0x7f {
				unicode = true
			}
			return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (i > 0 && c == '-') || c > 0x7f
		})
		if label == "" || unicode {
			return "", false
		}
		if !p.take(".") {
			break
		}
	}
	name := strings.TrimPrefix(p.s[start:p.o], "*.")
	// parse.go:298-301: dns.ParseDomain checks label and name lengths, and
	// refuses an IP address (dns/dns.go:100-104@1c95876).
	return strings.ToLower(p.s[start:p.o]), ldhName(name, false) && net.ParseIP(name) == nil
}

// policyValue is an extension value: no CTLs, inner spaces only
// (parse.go:322-340).
func (p *moxParser) policyValue() bool {
	e := len(p.s)
	for i, c := range p.s[p.o:] {
		if c > ' ' && c < 0x7f || c >= 0x80 || (c == ' ' && i > 0) {
			continue
		}
		e = p.o + i
		break
	}
	for e > p.o && p.s[e-1] == ' ' {
		e--
	}
	if e <= p.o {
		return false
	}
	p.o = e
	return true
}
