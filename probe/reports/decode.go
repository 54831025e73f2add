package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/idna"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/sanitize"
)

const (
	rfcSchema = "RFC 8460 §4.4"
	// maxField bounds any one string kept from a report; maxList the
	// entries of policy-string and mx-host.
	maxField = 512
	maxList  = 256
	// maxPolicies bounds "policies": a real report has one per policy
	// domain it applied, usually one.
	maxPolicies = 1000
)

// ErrNotReport says the input is JSON but not a TLS report object.
var ErrNotReport = errors.New("not a TLS-RPT report (RFC 8460 §4.4 wants a JSON object with \"policies\")")

// Decode reads one report from its JSON text (RFC 8460 §4.4), tolerating the
// deviations real senders make and listing each in Report.Deviations. It
// fails only when there is nothing to read: invalid JSON, or JSON that is
// not a report object.
func Decode(data []byte, source string, lim Limits) (*Report, error) {
	if lim.ReportBytes > 0 && int64(len(data)) > lim.ReportBytes {
		return nil, fmt.Errorf("report is %d bytes, more than the %d allowed", len(data), lim.ReportBytes)
	}
	var top fields
	if err := json.Unmarshal(data, &top); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return nil, ErrNotReport
		}
		return nil, fmt.Errorf("invalid JSON: %s", sanitize.Line(err.Error(), 200))
	}
	if top == nil {
		return nil, ErrNotReport
	}
	if _, ok := top["policies"]; !ok {
		if _, ok := top["report-id"]; !ok {
			return nil, ErrNotReport
		}
	}
	d := &decoder{lim: lim}
	r := &Report{Source: sanitize.Line(source, 0)}
	d.unknown(top, "", "organization-name", "date-range", "contact-info", "report-id", "policies")
	r.Organization = d.str(top, "", "organization-name", true)
	r.ContactInfo = d.str(top, "", "contact-info", true)
	r.ReportID = d.str(top, "", "report-id", true)
	if dr, ok := d.object(top, "", "date-range", true); ok {
		d.unknown(dr, "date-range", "start-datetime", "end-datetime")
		r.Start = d.date(dr, "date-range", "start-datetime")
		r.End = d.date(dr, "date-range", "end-datetime")
		if !r.Start.IsZero() && !r.End.IsZero() && r.End.Before(r.Start) {
			d.notef(CodeDateRange, diag.Warning, "date-range ends (%s) before it starts (%s)", r.End.Format(time.RFC3339), r.Start.Format(time.RFC3339))
		}
	}
	for i, raw := range d.array(top, "", "policies", true) {
		if i == maxPolicies {
			d.notef(CodeDetailsTruncated, diag.Warning, "more than %d policies; the rest are not read", maxPolicies)
			break
		}
		path := fmt.Sprintf("policies[%d]", i)
		var pf fields
		if json.Unmarshal(raw, &pf) != nil || pf == nil {
			d.notef(CodeFieldType, diag.Warning, "%s is not an object; skipped", path)
			continue
		}
		r.Policies = append(r.Policies, d.policy(pf, path))
	}
	r.Deviations = d.diags
	return r, nil
}

type fields map[string]json.RawMessage

type decoder struct {
	lim     Limits
	diags   diag.List
	details int // failure-details kept so far in this report
}

func (d *decoder) notef(code diag.Code, sev diag.Severity, format string, a ...any) {
	d.diags = append(d.diags, diag.Newf(code, sev, rfcSchema, format, a...))
}

func (d *decoder) policy(pf fields, path string) Policy {
	var p Policy
	var detailed int64
	d.unknown(pf, path, "policy", "summary", "failure-details")
	if pol, ok := d.object(pf, path, "policy", true); ok {
		pp := path + ".policy"
		d.unknown(pol, pp, "policy-type", "policy-string", "policy-domain", "mx-host")
		p.Type = d.str(pol, pp, "policy-type", true)
		switch p.Type {
		case PolicySTS, PolicyTLSA, PolicyNotFound, "":
		default:
			d.notef(CodePolicyTypeUnknown, diag.Warning, "%s.policy-type %q is none of sts, tlsa, no-policy-found", pp, p.Type)
		}
		// Postfix's reporter leaves policy-domain out of no-policy-found
		// entries; it is still a deviation, but an expected one.
		p.Domain = d.domain(pol, pp, "policy-domain")
		p.Strings = d.strings(pol, pp, "policy-string", p.Type != PolicyNotFound)
		p.MXHosts = d.strings(pol, pp, "mx-host", p.Type == PolicySTS)
	}
	for i, raw := range d.array(pf, path, "failure-details", false) {
		fp := fmt.Sprintf("%s.failure-details[%d]", path, i)
		var ff fields
		if json.Unmarshal(raw, &ff) != nil || ff == nil {
			d.notef(CodeFieldType, diag.Warning, "%s is not an object; skipped", fp)
			continue
		}
		f := d.failure(ff, fp)
		detailed = min(detailed+f.Sessions, MaxSessions)
		if d.lim.DetailsPerReport > 0 && d.details >= d.lim.DetailsPerReport {
			p.DroppedDetails++
			continue
		}
		d.details++
		p.Failures = append(p.Failures, f)
	}
	// Read after the details: a failure total that is missing or not a
	// count is taken as what the details add up to, so the domain's total
	// does not say 0 failed above rows of failures.
	p.Failed = detailed
	if sum, ok := d.object(pf, path, "summary", true); ok {
		sp := path + ".summary"
		d.unknown(sum, sp, "total-successful-session-count", "total-failure-session-count")
		p.Successful = d.count(sum, sp, "total-successful-session-count")
		instead := "0"
		if detailed > 0 {
			instead = fmt.Sprintf("%d, what its failure-details add up to", detailed)
		}
		if n, ok := d.countOr(sum, sp, "total-failure-session-count", instead); ok {
			p.Failed = n
		}
	}
	if p.DroppedDetails > 0 {
		d.notef(CodeDetailsTruncated, diag.Warning, "%s: %d failure-details records beyond the %d kept per report were not kept (their sessions still count in the total)", path, p.DroppedDetails, d.lim.DetailsPerReport)
	}
	return p
}

func (d *decoder) failure(ff fields, path string) Failure {
	d.unknown(ff, path, "result-type", "sending-mta-ip", "receiving-mx-hostname", "receiving-mx-helo",
		"receiving-ip", "failed-session-count", "additional-information", "failure-reason-code")
	f := Failure{
		ResultType:     d.str(ff, path, "result-type", true),
		SendingIP:      d.ip(ff, path, "sending-mta-ip"),
		ReceivingMX:    strings.TrimSuffix(strings.ToLower(d.str(ff, path, "receiving-mx-hostname", true)), "."),
		ReceivingHELO:  d.str(ff, path, "receiving-mx-helo", false),
		ReceivingIP:    d.ip(ff, path, "receiving-ip"),
		Sessions:       d.count(ff, path, "failed-session-count"),
		AdditionalInfo: d.str(ff, path, "additional-information", false),
		ReasonCode:     d.str(ff, path, "failure-reason-code", false),
	}
	if f.ResultType != "" && !policy.IsResultType(f.ResultType) {
		d.notef(CodeResultTypeUnknown, diag.Warning, "%s.result-type %q is not an RFC 8460 §4.3 result type; counted as it is", path, f.ResultType)
	}
	return f
}

// unknown notes fields the RFC does not define. They are harmless (a newer
// schema, a vendor extension), so the note is only info.
func (d *decoder) unknown(f fields, path string, known ...string) {
	var extra []string
	for k := range f {
		if !slices.Contains(known, k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra) // map order would make two reads of one file differ
	for _, k := range extra {
		d.notef(CodeFieldUnknown, diag.Info, "%s has a field the RFC does not define: %q", where(path), sanitize.Line(k, 64))
	}
}

func where(path string) string {
	if path == "" {
		return "the report"
	}
	return path
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// present returns the raw value of key, noting a missing (when required) or
// null value. ok is false for both.
func (d *decoder) present(f fields, path, key string, required bool) (json.RawMessage, bool) {
	raw, ok := f[key]
	if !ok {
		if required {
			d.notef(CodeFieldMissing, diag.Warning, "%s is missing", join(path, key))
		}
		return nil, false
	}
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		d.notef(CodeFieldNull, diag.Warning, "%s is null", join(path, key))
		return nil, false
	}
	return raw, true
}

func (d *decoder) str(f fields, path, key string, required bool) string {
	raw, ok := d.present(f, path, key, required)
	if !ok {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return sanitize.Line(s, maxField)
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		d.notef(CodeFieldType, diag.Warning, "%s is a number, not a string", join(path, key))
		return n.String()
	}
	d.notef(CodeFieldType, diag.Warning, "%s is not a string; ignored", join(path, key))
	return ""
}

func (d *decoder) object(f fields, path, key string, required bool) (fields, bool) {
	raw, ok := d.present(f, path, key, required)
	if !ok {
		return nil, false
	}
	var o fields
	if err := json.Unmarshal(raw, &o); err != nil || o == nil {
		d.notef(CodeFieldType, diag.Warning, "%s is not an object; ignored", join(path, key))
		return nil, false
	}
	return o, true
}

func (d *decoder) array(f fields, path, key string, required bool) []json.RawMessage {
	raw, ok := d.present(f, path, key, required)
	if !ok {
		return nil
	}
	var a []json.RawMessage
	if err := json.Unmarshal(raw, &a); err != nil {
		d.notef(CodeFieldType, diag.Warning, "%s is not an array; ignored", join(path, key))
		return nil
	}
	return a
}

// strings reads a JSON array of strings (policy-string, mx-host); a lone
// string is taken as a one-element array with a deviation.
func (d *decoder) strings(f fields, path, key string, required bool) []string {
	raw, ok := d.present(f, path, key, required)
	if !ok {
		return nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		d.notef(CodeFieldType, diag.Warning, "%s is a string, not an array of strings", join(path, key))
		return []string{sanitize.Line(one, maxField)}
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		d.notef(CodeFieldType, diag.Warning, "%s is not an array of strings; ignored", join(path, key))
		return nil
	}
	var out []string
	for i, item := range list {
		if i == maxList {
			d.notef(CodeDetailsTruncated, diag.Warning, "%s has %d entries; only the first %d are kept", join(path, key), len(list), maxList)
			break
		}
		var s string
		if json.Unmarshal(item, &s) != nil {
			d.notef(CodeFieldType, diag.Warning, "%s[%d] is not a string; ignored", join(path, key), i)
			continue
		}
		out = append(out, sanitize.Line(s, maxField))
	}
	return out
}

// count reads a session count: RFC 8460 §4.4 wants an integer encoded as a
// JSON number. Some senders write it as a string; that is read with a
// deviation. Anything that is not a non-negative integer counts as 0.
func (d *decoder) count(f fields, path, key string) int64 {
	n, _ := d.countOr(f, path, key, "0")
	return n
}

// countOr reads a count as count does; ok is false when it is missing or
// not a count, and the note says it is read as instead.
func (d *decoder) countOr(f fields, path, key, instead string) (_ int64, ok bool) {
	raw, ok := d.present(f, path, key, true)
	if !ok {
		return 0, false
	}
	text := string(bytes.TrimSpace(raw))
	var s string
	if json.Unmarshal(raw, &s) == nil {
		d.notef(CodeCountString, diag.Warning, "%s is the string %q, not a JSON number", join(path, key), sanitize.Line(s, 32))
		text = strings.TrimSpace(s)
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		// 12.0 or 1e3: a number, but not written as an integer.
		fl, ferr := strconv.ParseFloat(text, 64)
		if ferr != nil || fl != math.Trunc(fl) || fl < 0 || fl > 1<<53 {
			d.notef(CodeCountInvalid, diag.Warning, "%s is %s, not a count; read as %s", join(path, key), sanitize.Line(text, 32), instead)
			return 0, false
		}
		d.notef(CodeFieldType, diag.Warning, "%s is %s, not written as an integer", join(path, key), sanitize.Line(text, 32))
		n = int64(fl)
	}
	if n < 0 {
		d.notef(CodeCountInvalid, diag.Warning, "%s is negative (%d); read as %s", join(path, key), n, instead)
		return 0, false
	}
	if n > MaxSessions {
		d.notef(CodeCountInvalid, diag.Warning, "%s is %d, more than any sender reports in a day; read as %d", join(path, key), n, int64(MaxSessions))
		return MaxSessions, true
	}
	return n, true
}

// MaxSessions caps one count as read. Counts are summed across reports,
// policies and rows; two hostile counts near 2^63 would wrap the sums to
// negative totals. Under this cap a sum wraps only after 2^31 entries, far
// more than the Limits let a read hold in memory. No real sender reports
// four billion sessions to one domain in a day.
const MaxSessions = 1 << 32

// dateLayouts are the forms senders write besides RFC 3339, each read as UTC.
var dateLayouts = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

func (d *decoder) date(f fields, path, key string) time.Time {
	s := d.str(f, path, key, true)
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC()
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, strings.TrimSuffix(s, "Z")); err == nil {
			d.notef(CodeDateFormat, diag.Warning, "%s %q is not an RFC 3339 date-time; read as %s", join(path, key), s, t.UTC().Format(time.RFC3339))
			return t.UTC()
		}
	}
	d.notef(CodeDateFormat, diag.Warning, "%s %q is not a date-time; ignored", join(path, key), s)
	return time.Time{}
}

// ip reads sending-mta-ip or receiving-ip. Microsoft's reports leave
// sending-mta-ip out; the receiver can still use the rest.
func (d *decoder) ip(f fields, path, key string) string {
	s := d.str(f, path, key, true)
	if s == "" {
		return ""
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		d.notef(CodeIPInvalid, diag.Warning, "%s %q is not an IP address", join(path, key), s)
		return s
	}
	return a.Unmap().String()
}

// domain reads policy-domain as an A-label (RFC 8460 §4.4: U-labels MUST
// NOT be used), converting a U-label with a deviation.
func (d *decoder) domain(f fields, path, key string) string {
	s := strings.TrimSuffix(strings.ToLower(d.str(f, path, key, true)), ".")
	if s == "" {
		return ""
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	a, err := idna.Lookup.ToASCII(s)
	if err != nil {
		d.notef(CodeFieldType, diag.Warning, "%s %q is not a domain name", join(path, key), s)
		return s
	}
	d.notef(CodeDomainULabel, diag.Warning, "%s %q is a U-label; the RFC wants the A-label %s", join(path, key), s, a)
	return a
}
