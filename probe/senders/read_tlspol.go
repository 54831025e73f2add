package senders

import (
	"bufio"
	"bytes"
	"net"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// tlspolRecord follows mtaStsRecordAvailable (internal/mta-sts.go:43-64@ffe1e2d).
func tlspolRecord(rrset [][]string) RecordReading {
	var cands []string
	for _, rr := range rrset {
		if txt := join(rr); tlspolCandidate(txt) {
			cands = append(cands, txt)
		}
	}
	switch {
	case len(cands) == 0:
		return RecordReading{Reason: "no record beginning with \"v=STSv1\" *WSP \";\""}
	case len(cands) > 1:
		return RecordReading{Reason: strconv.Itoa(len(cands)) + " v=STSv1 records"}
	}
	return tlspolValid(cands[0])
}

// tlspolCandidate is isMtaStsTXTVersionCandidate (mta-sts.go:66-76):
// "v=STSv1", optional blanks, ";".
func tlspolCandidate(txt string) bool {
	rest, ok := strings.CutPrefix(txt, "v=STSv1")
	return ok && strings.HasPrefix(strings.TrimLeft(rest, " \t"), ";")
}

// tlspolValid is isValidMtaStsTXTRecord (mta-sts.go:78-124).
func tlspolValid(txt string) RecordReading {
	for i := 0; i < len(txt); i++ { // mta-sts.go:126-133
		if txt[i] != '\t' && (txt[i] < 0x20 || txt[i] > 0x7e) {
			return RecordReading{Reason: "a byte outside printable ASCII"}
		}
	}
	fields := strings.Split(txt, ";")
	id := ""
	for i, raw := range fields[1:] {
		last := i == len(fields)-2
		f := strings.TrimLeft(raw, " \t")
		if !last {
			f = strings.TrimRight(f, " \t")
		}
		// mta-sts.go:88-92: the last field keeps trailing blanks, so
		// "id=abc " has an id with a space in it.
		if f == "" {
			if last {
				continue
			}
			return RecordReading{Reason: "an empty field between semicolons"}
		}
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			return RecordReading{Reason: "field " + q(f) + " is not key=value"}
		}
		if k == "id" {
			if id != "" { // mta-sts.go:105-107: the first id wins, later ones unchecked
				continue
			}
			if !tlspolID(v) {
				return RecordReading{Reason: "id " + q(v) + " is not 1-32 letters and digits (trailing blanks count)"}
			}
			id = v
			continue
		}
		if !tlspolExtName(k) || !tlspolTXTExtValue(v) { // mta-sts.go:119-121
			return RecordReading{Reason: "extension " + q(k) + " is malformed"}
		}
	}
	if id == "" {
		return RecordReading{Reason: "no id field"}
	}
	return RecordReading{Valid: true, ID: id}
}

func tlspolID(v string) bool {
	if v == "" || len(v) > 32 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !isAlnum(v[i]) {
			return false
		}
	}
	return true
}

// tlspolExtName is isMtaStsExtensionName (mta-sts.go:192-206).
func tlspolExtName(s string) bool {
	if s == "" || len(s) > 32 || !isAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// tlspolTXTExtValue is isMtaStsTXTExtensionValue (mta-sts.go:135-146).
func tlspolTXTExtValue(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !(c >= 0x21 && c <= 0x3a || c == 0x3c || c >= 0x3e && c <= 0x7e) {
			return false
		}
	}
	return true
}

// tlspolPolicy follows parseMtaStsPolicy and parseLine
// (mta-sts.go:247-354@ffe1e2d).
func tlspolPolicy(body []byte) PolicyReading {
	if len(body) > 64<<10 { // mta-sts.go:329-331
		return PolicyReading{Reason: "larger than 64 KiB"}
	}
	seen := map[string]bool{}
	var out PolicyReading
	sc := bufio.NewScanner(bytes.NewReader(body)) // mta-sts.go:334: LF lines, a CR before LF dropped
	n := 0
	for sc.Scan() {
		n++
		bad := func(why string) PolicyReading {
			return PolicyReading{Reason: "line " + strconv.Itoa(n) + ": " + why}
		}
		line := strings.TrimRight(sc.Text(), " \t") // mta-sts.go:248
		if line == "" {
			return bad("empty line (postfix-tlspol rejects the policy)") // mta-sts.go:250-252
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return bad("no colon")
		}
		v = strings.TrimLeft(v, " \t")
		known := k == "version" || k == "mode" || k == "mx" || k == "max_age"
		if !known && !tlspolExtName(k) { // mta-sts.go:259-262
			return bad("key " + q(k) + " is not a valid name")
		}
		if k != "mx" && seen[k] { // mta-sts.go:263-265: later values ignored unchecked
			continue
		}
		seen[k] = true
		switch k {
		case "version":
			if v != "STSv1" {
				return bad("version is not STSv1")
			}
		case "mx": // mta-sts.go:274-289
			name := strings.TrimPrefix(v, "*.")
			if !tlspolDNSName(name) {
				return bad("mx " + q(v) + " is not a DNS name")
			}
			out.MX = append(out.MX, strings.ToLower(v))
		case "mode":
			if v != "enforce" && v != "testing" && v != "none" {
				return bad("mode " + q(v) + " is not enforce, testing or none")
			}
			out.Mode = policy.Mode(v)
		case "max_age": // mta-sts.go:297-311: 1-10 digits, capped at 31557600
			if v == "" || len(v) > 10 || strings.Trim(v, "0123456789") != "" {
				return bad("max_age " + q(v) + " is not 1 to 10 digits")
			}
			age, _ := strconv.ParseInt(v, 10, 64)
			if age > policy.MaxAgeLimit {
				out.Reason = "max_age " + v + " is capped at 31557600"
				age = policy.MaxAgeLimit
			}
			out.MaxAge = age
		default: // mta-sts.go:208-224,312-319
			if !tlspolPolicyExtValue(v) {
				return bad("extension " + q(k) + " has an invalid value")
			}
		}
	}
	if sc.Err() != nil {
		return PolicyReading{Reason: "unreadable: " + sc.Err().Error()}
	}
	// mta-sts.go:343-345
	if !seen["version"] || !seen["mode"] || !seen["max_age"] || out.Mode != policy.ModeNone && len(out.MX) == 0 {
		return PolicyReading{Reason: "version, mode, max_age (and mx unless mode none) are required"}
	}
	out.Valid = true
	return out
}

// tlspolDNSName is valid.IsDNSName (internal/utils/valid/valid.go:40-76@ffe1e2d):
// one trailing dot allowed, no IP address, LDH labels.
func tlspolDNSName(s string) bool {
	s = strings.TrimSuffix(s, ".")
	return net.ParseIP(s) == nil && ldhName(s, true)
}

func tlspolPolicyExtValue(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !(r == ' ' || r >= 0x21 && r <= 0x7e || r >= 0x80 && !unicode.IsControl(r)) {
			return false
		}
	}
	return true
}
