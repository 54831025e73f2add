package senders

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// goMTASTSRecord follows Cache.fetch (cache.go:140-172@1438da2) and
// readDNSRecord (mtasts.go:22-58).
func goMTASTSRecord(rrset [][]string) RecordReading {
	if len(rrset) != 1 {
		// cache.go:160-165: the count is of every TXT record at the name,
		// not only of v=STSv1 ones.
		return RecordReading{Reason: strconv.Itoa(len(rrset)) + " TXT records at the name; go-mtasts needs exactly one, whatever the others say"}
	}
	var id string
	version := false
	for _, part := range strings.Split(join(rrset[0]), ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		kv := strings.Split(part, "=")
		if len(kv) != 2 { // mtasts.go:32-35
			return RecordReading{Reason: "part " + q(part) + " is not key=value"}
		}
		if strings.ContainsAny(kv[0], " \t") || strings.ContainsAny(kv[1], " \t") { // mtasts.go:37-39
			return RecordReading{Reason: "whitespace inside " + q(part)}
		}
		switch kv[0] {
		case "v": // mtasts.go:42-46: anywhere in the record
			if kv[1] != "STSv1" {
				return RecordReading{Reason: "version " + q(kv[1]) + " is not STSv1"}
			}
			version = true
		case "id": // mtasts.go:47-48: last wins, not checked
			id = kv[1]
		}
	}
	switch {
	case !version:
		return RecordReading{Reason: "no v=STSv1"}
	case id == "":
		return RecordReading{Reason: "no id"}
	}
	return RecordReading{Valid: true, ID: id}
}

// goMTASTSPolicy follows readPolicy (mtasts.go:83-141@1438da2).
func goMTASTSPolicy(body []byte) PolicyReading {
	var out PolicyReading
	present := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(body))
	n := 0
	for sc.Scan() {
		n++
		bad := func(why string) PolicyReading {
			return PolicyReading{Reason: "line " + strconv.Itoa(n) + ": " + why}
		}
		parts := strings.Split(sc.Text(), ":")
		if len(parts) != 2 { // mtasts.go:90-93: an empty line or a second colon fails
			return bad("not exactly one colon")
		}
		name, value := parts[0], strings.TrimSpace(parts[1])
		switch name {
		case "version":
			if value != "STSv1" {
				return bad("version is not STSv1")
			}
		case "mode": // mtasts.go:104-110: last wins
			switch policy.Mode(value) {
			case policy.ModeEnforce, policy.ModeTesting, policy.ModeNone:
				out.Mode = policy.Mode(value)
			default:
				return bad("mode " + q(value) + " is not enforce, testing or none")
			}
		case "max_age": // mtasts.go:111-116: strconv.Atoi, no range check
			v, err := strconv.Atoi(value)
			if err != nil {
				return bad("max_age " + q(value) + " is not an integer")
			}
			out.MaxAge = int64(v)
		case "mx": // mtasts.go:117-118: not checked
			out.MX = append(out.MX, value)
		}
		present[name] = true
	}
	if err := sc.Err(); err != nil {
		return PolicyReading{Reason: "unreadable: " + err.Error()}
	}
	for _, f := range []string{"version", "mode", "max_age"} { // mtasts.go:126-134
		if !present[f] {
			return PolicyReading{Reason: "missing field " + q(f)}
		}
	}
	if out.Mode != policy.ModeNone && len(out.MX) == 0 { // mtasts.go:136-138
		return PolicyReading{Reason: "no mx although mode is not none"}
	}
	out.Valid = true
	return out
}
