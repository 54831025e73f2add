package probetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/probe/senders"
)

// Scenario is one lab domain: a small world that breaks (or gets right) one
// thing about MTA-STS, the story of it, and what the probe must find there.
// The lab serves it as Name + ".test"; a test runs the real probe against
// every scenario and checks Expect, so the catalogue verifies itself.
type Scenario struct {
	// Name is a DNS label; the domain is Name + ".test".
	Name  string `json:"name"`
	Title string `json:"title"`
	// Story says what breaks, what a sender does about it and how to fix it.
	Story string `json:"story"`
	// Hostile marks robustness fixtures (escape sequences, endless replies):
	// they exercise the checker rather than teach MTA-STS.
	Hostile bool      `json:"hostile,omitempty"`
	World   WorldSpec `json:"world"`
	Expect  Expect    `json:"expect"`
}

// Domain is the scenario's policy domain.
func (s Scenario) Domain() string { return s.Name + ".test" }

// WorldSpec describes one domain's corner of the fake Internet (the
// running World serves it). Names are
// relative to the domain unless they end in "." (zone-file convention), and
// "{D}" anywhere in a zone line, body or location stands for the domain.
type WorldSpec struct {
	// Zone holds zone-file lines ("_mta-sts TXT \"v=STSv1; id=1\"") with
	// the domain as $ORIGIN. Address records of Web and Mail hosts are
	// added automatically.
	Zone  []string   `json:"zone,omitempty"`
	Names []NameOpts `json:"names,omitempty"`
	Web   []WebHost  `json:"web,omitempty"`
	Mail  []MailHost `json:"mail,omitempty"`
	// NS are authoritative servers of the domain; none means the lab's
	// resolver alone knows it.
	NS []NameServer `json:"ns,omitempty"`
}

// NameServer is one authoritative server of a domain: it publishes "@ NS
// Host" and answers for the domain alone on its own address.
type NameServer struct {
	Host string `json:"host"`
	// Zone replaces the domain's zone on this server (a secondary that
	// missed an update serves the old _mta-sts id); empty serves the
	// domain's own.
	Zone []string `json:"zone,omitempty"`
	// Fault is "" (answer), or one of NSFaults.
	Fault string `json:"fault,omitempty"`
}

// NameOpts changes how the fake DNS answers for one name.
type NameOpts struct {
	Name string `json:"name"`
	// Fault is "" (answer normally) or one of DNSFaults.
	Fault string `json:"fault,omitempty"`
	// AD sets the Authenticated Data bit on answers for the name: the lab's
	// stand-in for a validating resolver (RFC 4035 §3.2.3), for DANE.
	AD bool `json:"ad,omitempty"`
	// HugeTXT adds one TXT record of that many strings; HugeMX adds that
	// many MX records (hostile answers).
	HugeTXT int `json:"huge_txt,omitempty"`
	HugeMX  int `json:"huge_mx,omitempty"`
}

// WebHost is an HTTPS server answering for one policy host.
type WebHost struct {
	Host string `json:"host"`
	// IP is "v4" (default), "v6" or "both".
	IP string `json:"ip,omitempty"`
	// Cert is one of CertKinds; "" means valid.
	Cert string `json:"cert,omitempty"`
	// CertNames overrides the names the certificate is valid for (default:
	// Host), e.g. a provider's host serving a customer's name (RFC 8461 §8.2).
	CertNames []string `json:"cert_names,omitempty"`
	// NoSNI is what a ClientHello without SNI gets: "" or "same" (the same
	// certificate), "other" (a different one), "none" (handshake aborted).
	NoSNI string `json:"no_sni,omitempty"`
	// Behaviour is one of WebBehaviours; "" means serve.
	Behaviour string `json:"behaviour,omitempty"`
	// Status defaults to 200 (301 for redirect).
	Status int `json:"status,omitempty"`
	// ContentType defaults to "text/plain"; "-" sends none.
	ContentType string `json:"content_type,omitempty"`
	Body        string `json:"body,omitempty"`
	Location    string `json:"location,omitempty"`
	// Delay is how long slow waits before answering, and trickle between
	// bytes (default 1s); the world may scale it down for tests.
	Delay Duration `json:"delay,omitempty"`
}

// MailHost is an SMTP server on port 25 for one MX host. It accepts no
// mail unless Accept is set.
type MailHost struct {
	Host string `json:"host"`
	IP   string `json:"ip,omitempty"`
	Cert string `json:"cert,omitempty"`
	// CertNames overrides the names the STARTTLS certificate is valid for.
	CertNames []string `json:"cert_names,omitempty"`
	// Behaviour is one of MailBehaviours; "" means ok.
	Behaviour string `json:"behaviour,omitempty"`
	// TLSA publishes "_25._tcp.HOST TLSA 3 1 1" for the host's key with the
	// AD bit set (DANE, RFC 7672).
	TLSA  bool     `json:"tlsa,omitempty"`
	Delay Duration `json:"delay,omitempty"`
	// Accept makes the host take mail (MAIL, RCPT, DATA) and record each
	// message, so the sandbox can show what a sender delivered and how.
	Accept bool `json:"accept,omitempty"`
}

// Expect is what the probe must report for a scenario.
type Expect struct {
	// Steps maps every step of probe.StepOrder to its status.
	Steps map[probe.StepID]probe.Status `json:"steps"`
	// Verdict is the verdict's without_cache value.
	Verdict senders.Outcome `json:"verdict"`
	// Codes must all appear among the report's diagnostics.
	Codes []diag.Code `json:"codes,omitempty"`
	// RefusedMX, when present, is the exact set of MX hosts an enforcing
	// sender refuses ("{D}" expands).
	RefusedMX []string `json:"refused_mx,omitempty"`
	// ResultTypes, when present, is the exact set of RFC 8460 result types.
	ResultTypes []policy.ResultType `json:"result_types,omitempty"`
	// DANE is the verdict's dane flag.
	DANE bool `json:"dane,omitempty"`
}

// Duration reads "1.5s" style strings in JSON.
type Duration time.Duration

// UnmarshalJSON parses a time.ParseDuration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration must be a string like \"2s\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("bad duration %q", s)
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes the form UnmarshalJSON reads.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// The vocabulary of a World: the world implements every name, and a
// scenario using any other name fails to load. Functions, not variables, so
// no caller can change the list the validator checks against.
func DNSFaults() []string  { return []string{"servfail", "drop", "truncate"} }
func NSFaults() []string   { return []string{"drop", "refused"} }
func CertKinds() []string  { return []string{"valid", "expired", "wrong-name", "untrusted"} }
func NoSNIKinds() []string { return []string{"same", "other", "none"} }
func IPKinds() []string    { return []string{"v4", "v6", "both"} }
func WebBehaviours() []string {
	return []string{"serve", "redirect", "redirect-loop", "slow", "huge", "endless", "trickle", "huge-headers", "hang", "stall-tls", "refused"}
}
func MailBehaviours() []string {
	return []string{"ok", "no-starttls", "banner-never", "banner-endless", "endless-continuation", "trickle", "escapes", "banner-4xx", "banner-5xx", "refused", "unreachable"}
}

// The walk's own vocabulary is not copied: an expectation names probe's
// steps and statuses and a verdict outcome directly.
var statuses = []probe.Status{probe.StatusOK, probe.StatusWarn, probe.StatusFail, probe.StatusSkipped, probe.StatusError}

var (
	labelRe   = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	hostRe    = regexp.MustCompile(`^(@|[A-Za-z0-9_*]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?)$`)
	scenarios = sync.OnceValues(func() ([]Scenario, error) { return LoadScenarios(assets.ScenarioFiles(), "scenarios") })
)

// Scenarios returns the embedded catalogue in display order (files sorted
// by name, entries in file order).
func Scenarios() ([]Scenario, error) {
	s, err := scenarios()
	return slices.Clone(s), err
}

// LoadScenarios reads every *.json file in dir of fsys (each an array of
// Scenarios) and validates the lot: unknown fields, unknown vocabulary,
// duplicate names and incomplete expectations are errors.
func LoadScenarios(fsys fs.FS, dir string) ([]Scenario, error) {
	files, err := fs.Glob(fsys, dir+"/*.json")
	if err != nil {
		return nil, err
	}
	var out []Scenario
	seen := map[string]bool{}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		var list []Scenario
		if err := dec.Decode(&list); err != nil {
			return nil, fmt.Errorf("scenarios: %s: %w", f, err)
		}
		for _, s := range list {
			if err := s.Validate(); err != nil {
				return nil, fmt.Errorf("scenarios: %s: %w", f, err)
			}
			if seen[s.Name] {
				return nil, fmt.Errorf("scenarios: %s: scenario %q defined twice", f, s.Name)
			}
			seen[s.Name] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// Validate checks a scenario against the vocabulary. It does not parse zone
// lines: probetest does when it serves them, and a test serves them all.
func (s Scenario) Validate() error {
	if !labelRe.MatchString(s.Name) {
		return fmt.Errorf("scenario name %q is not a lower-case DNS label", s.Name)
	}
	if strings.TrimSpace(s.Title) == "" || strings.TrimSpace(s.Story) == "" {
		return fmt.Errorf("scenario %s: title and story are required", s.Name)
	}
	if err := s.World.Validate(); err != nil {
		return fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	if err := s.Expect.validate(); err != nil {
		return fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	return nil
}

// Validate checks names and behaviours of a world.
func (w WorldSpec) Validate() error {
	for _, n := range w.Names {
		if err := checkHost(n.Name); err != nil {
			return err
		}
		if err := oneOf("fault", n.Fault, DNSFaults()); err != nil {
			return err
		}
		if n.HugeTXT < 0 || n.HugeTXT > 10000 || n.HugeMX < 0 || n.HugeMX > 3000 {
			return fmt.Errorf("name %s: huge_txt must be 0..10000 and huge_mx 0..3000", n.Name)
		}
	}
	for _, n := range w.NS {
		if err := checkHost(n.Host); err != nil {
			return err
		}
		if err := oneOf("ns fault", n.Fault, NSFaults()); err != nil {
			return err
		}
	}
	for _, h := range w.Web {
		if err := checkHost(h.Host); err != nil {
			return err
		}
		for _, err := range []error{
			oneOf("ip", h.IP, IPKinds()), oneOf("cert", h.Cert, CertKinds()),
			oneOf("no_sni", h.NoSNI, NoSNIKinds()), oneOf("behaviour", h.Behaviour, WebBehaviours()),
			checkCertNames(h.CertNames),
		} {
			if err != nil {
				return fmt.Errorf("web host %s: %w", h.Host, err)
			}
		}
		if h.Status != 0 && (h.Status < 100 || h.Status > 599) {
			return fmt.Errorf("web host %s: status %d out of range", h.Host, h.Status)
		}
	}
	for _, h := range w.Mail {
		if err := checkHost(h.Host); err != nil {
			return err
		}
		for _, err := range []error{
			oneOf("ip", h.IP, IPKinds()), oneOf("cert", h.Cert, CertKinds()),
			oneOf("behaviour", h.Behaviour, MailBehaviours()), checkCertNames(h.CertNames),
		} {
			if err != nil {
				return fmt.Errorf("mail host %s: %w", h.Host, err)
			}
		}
	}
	return nil
}

func (e Expect) validate() error {
	for _, id := range probe.StepOrder() {
		st, ok := e.Steps[id]
		if !ok {
			return fmt.Errorf("expect: step %s missing", id)
		}
		if !slices.Contains(statuses, st) {
			return fmt.Errorf("expect: step %s: unknown status %q", id, st)
		}
	}
	for id := range e.Steps {
		if !slices.Contains(probe.StepOrder(), id) {
			return fmt.Errorf("expect: unknown step %q", id)
		}
	}
	for _, rt := range e.ResultTypes {
		if !policy.IsResultType(string(rt)) {
			return fmt.Errorf("expect: %q is not an RFC 8460 result type", rt)
		}
	}
	// A walk's verdict is one of these four (defer and bounce are what a
	// sender does with a message, not the policy's verdict).
	verdicts := []senders.Outcome{probe.VerdictEnforce, probe.VerdictTesting, probe.VerdictNone, probe.VerdictFailOpen}
	switch {
	case e.Verdict == "":
		return fmt.Errorf("expect: verdict missing")
	case !slices.Contains(verdicts, e.Verdict):
		return fmt.Errorf("unknown verdict %q (want one of %s)", e.Verdict, strings.Join(probe.Strings(verdicts), ", "))
	}
	return nil
}

func oneOf(what, v string, allowed []string) error {
	if v == "" || slices.Contains(allowed, v) {
		return nil
	}
	return fmt.Errorf("unknown %s %q (want one of %s)", what, v, strings.Join(allowed, ", "))
}

func checkHost(h string) error {
	if !hostRe.MatchString(h) || strings.Contains(h, "..") {
		return fmt.Errorf("bad host name %q", h)
	}
	return nil
}

// checkCertNames accepts host names, and for hostile fixtures any ASCII
// name up to 253 bytes that holds a control character: they put escape
// sequences into SANs to show the checker never lets them pass as the name
// they hide (a SAN is an IA5String, so ASCII is all it can hold).
func checkCertNames(hs []string) error {
	for _, h := range hs {
		if strings.IndexFunc(h, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
			if len(h) > 253 || strings.IndexFunc(h, func(r rune) bool { return r > 0x7f }) >= 0 {
				return fmt.Errorf("certificate name %q: a hostile name must be ASCII and at most 253 bytes", h)
			}
			continue
		}
		if err := checkHost(h); err != nil {
			return err
		}
	}
	return nil
}
