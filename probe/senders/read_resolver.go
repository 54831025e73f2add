package senders

import (
	"strconv"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// resolverRecord follows STSResolver.resolve (resolver.py:82-96@a000619)
// and utils.py parse_mta_sts_record (:142-144).
func resolverRecord(rrset [][]string) RecordReading {
	var kept []string
	for _, rr := range rrset {
		txt := join(rr)
		// utils.py:184-192 filter_text: records that are not ASCII are dropped.
		// resolver.py:85-86: kept if it merely starts with "v=STSv1", so
		// "v=STSv10;" or "v=STSv1x" count as candidates too.
		if isASCII(txt) && strings.HasPrefix(txt, "v=STSv1") {
			kept = append(kept, txt)
		}
	}
	if len(kept) != 1 {
		// resolver.py:88-90: exactly one, otherwise NONE.
		if len(kept) == 0 {
			return RecordReading{Reason: "no ASCII record starting with \"v=STSv1\""}
		}
		return RecordReading{Reason: strconv.Itoa(len(kept)) + " records start with \"v=STSv1\" (a prefix test: \"v=STSv10\" counts), so it sees no policy"}
	}
	fields := map[string]string{}
	for _, f := range strings.Split(kept[0], ";") {
		// utils.py:143-144: fields stripped, empty ones dropped, split at the
		// first "="; a repeated key keeps its last value.
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		k, v, _ := strings.Cut(f, "=")
		fields[k] = v
	}
	id, hasID := fields["id"]
	// resolver.py:94-96: v must be STSv1 and id present; the id is not checked.
	switch {
	case fields["v"] != "STSv1":
		return RecordReading{Reason: "version is " + q(fields["v"]) + ", not STSv1"}
	case !hasID:
		return RecordReading{Reason: "no id field"}
	}
	return RecordReading{Valid: true, ID: id}
}

// resolverPolicy follows utils.py parse_mta_sts_policy (:147-159@a000619)
// and the checks in resolver.py:148-171.
func resolverPolicy(body []byte) PolicyReading {
	fields := map[string]string{}
	var mx []string
	for _, line := range pySplitLines(string(body)) {
		// utils.py:152-158: rstrip the line, key before the first ":" not
		// stripped, value lstripped; last value wins except mx.
		line = strings.TrimRight(line, pyWhitespace)
		k, v, _ := strings.Cut(line, ":")
		v = strings.TrimLeft(v, pyWhitespace)
		if k == "mx" {
			mx = append(mx, v)
		} else {
			fields[k] = v
		}
	}
	if fields["version"] != "STSv1" { // resolver.py:148-149
		return PolicyReading{Reason: "version is not STSv1 (a later version line wins)"}
	}
	raw, ok := fields["max_age"]
	if !ok {
		raw = "-1"
	}
	maxAge, ok := pyInt(raw) // resolver.py:151-155
	if !ok {
		return PolicyReading{Reason: "max_age " + q(raw) + " is not an integer"}
	}
	if maxAge < 0 || maxAge > policy.MaxAgeLimit { // resolver.py:157-158
		return PolicyReading{Reason: "max_age " + q(raw) + " is outside 0..31557600 (postfix-mta-sts-resolver fails the fetch)"}
	}
	mode, ok := fields["mode"]
	if !ok { // resolver.py:160-161
		return PolicyReading{Reason: "no mode field"}
	}
	out := PolicyReading{Valid: true, Mode: policy.Mode(mode), MaxAge: maxAge, MX: mx}
	if mode == "none" { // resolver.py:163-165: valid before any mx check
		return out
	}
	if mode != "testing" && mode != "enforce" { // resolver.py:167-168
		return PolicyReading{Reason: "mode " + q(mode) + " is not testing, enforce or none"}
	}
	if len(mx) == 0 { // resolver.py:170-171: entries themselves are not checked
		return PolicyReading{Reason: "no mx line"}
	}
	return out
}

// pyWhitespace is what Python's str.strip() removes from ASCII text.
const pyWhitespace = " \t\n\r\v\f\x1c\x1d\x1e\x1f"

// pySplitLines is Python's str.splitlines() for the separators a policy
// can hold: LF, CRLF, CR, VT, FF, FS, GS, RS, NEL, LS, PS.
func pySplitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexFunc(s, func(r rune) bool {
			switch r {
			case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
				return true
			}
			return false
		})
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i])
		n := len(string([]rune(s[i:])[0]))
		if strings.HasPrefix(s[i:], "\r\n") {
			n = 2
		}
		s = s[i+n:]
	}
	return out
}

// pyInt is Python's int() on an already stripped ASCII string: an optional
// sign, digits, single underscores between digits.
func pyInt(s string) (int64, bool) {
	t := strings.TrimLeft(s, "+-")
	if len(s)-len(t) > 1 || t == "" || t[0] == '_' || t[len(t)-1] == '_' || strings.Contains(t, "__") {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(t, "_", ""), 10, 64)
	if err != nil {
		// Python has no overflow: a huge number is still a number, and out
		// of range.
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return policy.MaxAgeLimit + 1, true
		}
		return 0, false
	}
	if strings.HasPrefix(s, "-") {
		v = -v
	}
	return v, true
}
