package probetest

import (
	"fmt"
	"strconv"
	"sync"
)

// SandboxDomain is the lab's breakable domain: healthy when it starts,
// changed by a learner one step at a time to see what senders do.
const SandboxDomain = "sandbox.test"

// SandboxState is everything a learner can change about the sandbox.
type SandboxState struct {
	// TXT says the _mta-sts record is published; ID is its id.
	TXT bool   `json:"txt"`
	ID  string `json:"id"`
	// Mode and MaxAge are the policy file's.
	Mode   string `json:"mode"`
	MaxAge int    `json:"max_age"`
	// PolicyFile is "ok", "404" (taken away) or "wrong-type" (served as
	// text/html).
	PolicyFile string `json:"policy_file"`
	// PolicyCert and MXCert are "valid", "expired" or "wrong-name".
	PolicyCert string `json:"policy_cert"`
	MXCert     string `json:"mx_cert"`
	// BackupMX adds a second MX host the policy does not list.
	BackupMX bool `json:"backup_mx"`
	// StripTLS puts an attacker on the path who removes STARTTLS from the
	// MX hosts' EHLO replies.
	StripTLS bool `json:"strip_tls"`
}

// Sandbox hosts: the policy covers mx1 only; mx2 is the backup MX a
// learner can add without updating the policy.
const (
	SandboxMX       = "mx1." + SandboxDomain
	SandboxBackupMX = "mx2." + SandboxDomain
)

// DefaultSandbox is the healthy start: one record, an enforce policy with
// max_age one week, one MX with a valid certificate, TLS-RPT published.
func DefaultSandbox() SandboxState {
	return SandboxState{TXT: true, ID: "1", Mode: "enforce", MaxAge: 604800, PolicyFile: "ok", PolicyCert: "valid", MXCert: "valid"}
}

// Body is the policy file the state serves (RFC 8461 §3.2).
func (s SandboxState) Body() string {
	return "version: STSv1\r\nmode: " + s.Mode + "\r\nmx: " + SandboxMX + "\r\nmax_age: " + strconv.Itoa(s.MaxAge) + "\r\n"
}

// ContentType is the media type the policy host sends.
func (s SandboxState) ContentType() string {
	if s.PolicyFile == "wrong-type" {
		return "text/html"
	}
	return "text/plain"
}

// Domain is the world's description of the state.
func (s SandboxState) Domain() Domain {
	d := Domain{Name: SandboxDomain}
	if s.TXT {
		d.Zone = append(d.Zone, `_mta-sts TXT "v=STSv1; id=`+s.ID+`"`)
	}
	d.Zone = append(d.Zone, "@ MX 10 mx1", `_smtp._tls TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{D}"`)
	web := WebHost{Host: "mta-sts", Cert: s.PolicyCert, Body: s.Body(), ContentType: s.ContentType()}
	if s.PolicyFile == "404" {
		web.Status, web.Body = 404, "not found\n"
	}
	d.Web = []WebHost{web}
	behaviour := ""
	if s.StripTLS {
		behaviour = "no-starttls"
	}
	d.Mail = []MailHost{{Host: "mx1", Cert: s.MXCert, Behaviour: behaviour, Accept: true}}
	if s.BackupMX {
		d.Zone = append(d.Zone, "@ MX 20 mx2")
		d.Mail = append(d.Mail, MailHost{Host: "mx2", Behaviour: behaviour, Accept: true})
	}
	return d
}

// SandboxChange is one thing a learner can do to the sandbox.
type SandboxChange struct {
	// ID is stable (tests, key bindings, lessons name changes by it).
	ID string
	// Name says what the change does from the given state, e.g. "take the
	// policy file away" or "put the policy file back".
	Name func(SandboxState) string
	// Apply changes the state.
	Apply func(*SandboxState)
}

func toggle(on bool, yes, no string) string {
	if on {
		return no
	}
	return yes
}

func next(list []string, cur string) string {
	for i, v := range list {
		if v == cur {
			return list[(i+1)%len(list)]
		}
	}
	return list[0]
}

var maxAges = []int{86400, 604800, 1296000, 31557600}

var ageWords = map[int]string{86400: "1 day", 604800: "1 week", 1296000: "15 days", 31557600: "1 year"}

// SandboxChanges lists every change, in the order a screen shows them.
func SandboxChanges() []SandboxChange {
	return []SandboxChange{
		{ID: "policy-404", Name: func(s SandboxState) string {
			return toggle(s.PolicyFile == "404", "take the policy file away (404)", "put the policy file back")
		}, Apply: func(s *SandboxState) {
			s.PolicyFile = toggle(s.PolicyFile == "404", "404", "ok")
		}},
		{ID: "wrong-type", Name: func(s SandboxState) string {
			return toggle(s.PolicyFile == "wrong-type", "serve the policy as text/html", "serve the policy as text/plain")
		}, Apply: func(s *SandboxState) {
			s.PolicyFile = toggle(s.PolicyFile == "wrong-type", "wrong-type", "ok")
		}},
		{ID: "policy-cert", Name: func(s SandboxState) string {
			return "policy host certificate: " + next([]string{"valid", "expired", "wrong-name"}, s.PolicyCert)
		}, Apply: func(s *SandboxState) {
			s.PolicyCert = next([]string{"valid", "expired", "wrong-name"}, s.PolicyCert)
		}},
		{ID: "mx-cert", Name: func(s SandboxState) string {
			return "MX certificate: " + next([]string{"valid", "expired", "wrong-name"}, s.MXCert)
		}, Apply: func(s *SandboxState) {
			s.MXCert = next([]string{"valid", "expired", "wrong-name"}, s.MXCert)
		}},
		{ID: "bump-id", Name: func(s SandboxState) string {
			return "change the TXT id to " + bumped(s.ID)
		}, Apply: func(s *SandboxState) { s.ID = bumped(s.ID) }},
		{ID: "max-age", Name: func(s SandboxState) string {
			return "max_age " + ageWords[nextAge(s.MaxAge)]
		}, Apply: func(s *SandboxState) { s.MaxAge = nextAge(s.MaxAge) }},
		{ID: "mode", Name: func(s SandboxState) string {
			return "mode " + next([]string{"enforce", "testing", "none"}, s.Mode)
		}, Apply: func(s *SandboxState) { s.Mode = next([]string{"enforce", "testing", "none"}, s.Mode) }},
		{ID: "backup-mx", Name: func(s SandboxState) string {
			return toggle(s.BackupMX, "add an MX the policy does not list", "remove the unlisted MX")
		}, Apply: func(s *SandboxState) { s.BackupMX = !s.BackupMX }},
		{ID: "strip-tls", Name: func(s SandboxState) string {
			return toggle(s.StripTLS, "attacker strips STARTTLS", "attacker leaves")
		}, Apply: func(s *SandboxState) { s.StripTLS = !s.StripTLS }},
		{ID: "remove-txt", Name: func(s SandboxState) string {
			return toggle(!s.TXT, "remove the _mta-sts record", "publish the _mta-sts record again")
		}, Apply: func(s *SandboxState) { s.TXT = !s.TXT }},
	}
}

func bumped(id string) string {
	n, err := strconv.Atoi(id)
	if err != nil {
		return id + "1"
	}
	return strconv.Itoa(n + 1)
}

func nextAge(cur int) int {
	for i, v := range maxAges {
		if v == cur {
			return maxAges[(i+1)%len(maxAges)]
		}
	}
	return maxAges[0]
}

// Sandbox is the sandbox domain of a running world: every change is applied
// to the world at once and can be undone.
type Sandbox struct {
	w     *World
	mu    sync.Mutex
	state SandboxState
	undo  []SandboxState
}

// NewSandbox adds the sandbox domain, healthy, to w.
func NewSandbox(w *World) (*Sandbox, error) {
	s := &Sandbox{w: w, state: DefaultSandbox()}
	if err := w.Set(s.state.Domain()); err != nil {
		return nil, err
	}
	return s, nil
}

// State is the sandbox as it is now.
func (s *Sandbox) State() SandboxState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// Apply makes the change with the given ID and returns the new state.
func (s *Sandbox) Apply(id string) (SandboxState, error) {
	for _, c := range SandboxChanges() {
		if c.ID == id {
			s.mu.Lock()
			defer s.mu.Unlock()
			next := s.state
			c.Apply(&next)
			if err := s.w.Set(next.Domain()); err != nil {
				return s.state, err
			}
			s.undo = append(s.undo, s.state)
			s.state = next
			return next, nil
		}
	}
	return s.State(), fmt.Errorf("probetest: no sandbox change %q", id)
}

// Undo reverts the last change; it reports false when there is none.
func (s *Sandbox) Undo() (SandboxState, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.undo) == 0 {
		return s.state, false, nil
	}
	prev := s.undo[len(s.undo)-1]
	if err := s.w.Set(prev.Domain()); err != nil {
		return s.state, false, err
	}
	s.undo = s.undo[:len(s.undo)-1]
	s.state = prev
	return prev, true, nil
}
