package history

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/mtasts-doctor/mtasts-doctor/probe"
)

// Walk is what the history keeps of one walk: the facts drift is computed
// from, and (in the database) the whole Report to reopen it.
type Walk struct {
	ID     int64     `json:"id"`
	Time   time.Time `json:"time"`
	Domain string    `json:"domain"`
	// Verdict is the report's without_cache verdict; Failed says a step
	// failed (check's exit status 1).
	Verdict string `json:"verdict"`
	Failed  bool   `json:"failed"`
	// RecordID is the _mta-sts TXT id, "" when no usable record was found;
	// RecordTTL its TTL in seconds, -1 when unknown.
	RecordID  string `json:"record_id"`
	RecordTTL int64  `json:"record_ttl"`
	// PolicyOK: a valid policy was fetched and parsed.
	PolicyOK bool `json:"policy_ok"`
	// PolicyText is the body as shown (capped and sanitised);
	// PolicySHA256 its hash, "" when nothing was fetched.
	PolicyText   string `json:"policy_text,omitempty"`
	PolicySHA256 string `json:"policy_sha256,omitempty"`
	Mode         string `json:"mode,omitempty"`
	MaxAge       int64  `json:"max_age,omitempty"`
	// MXPatterns are the policy's mx lines (kept for coverage checks).
	MXPatterns []string `json:"mx_patterns,omitempty"`
	// MX is the set of MX hosts DNS gave, sorted, lower case.
	MX []string `json:"mx"`
	// Certs are the leaf certificates' expiry, per host.
	Certs []Cert `json:"certs,omitempty"`
	// NS is what each authoritative server answered.
	NS []probe.NameserverAnswer `json:"ns,omitempty"`
}

// Cert is when one host's certificate expires.
type Cert struct {
	Role     string    `json:"role"` // RolePolicyHost or RoleMX
	Host     string    `json:"host"`
	NotAfter time.Time `json:"not_after"`
}

// Certificate roles.
const (
	RolePolicyHost = "policy-host"
	RoleMX         = "mx"
)

// FromReport extracts the facts of a finished walk.
func FromReport(rep *probe.Report) Walk {
	w := Walk{Time: rep.Started.UTC(), Domain: rep.Domain, Verdict: string(rep.Verdict.WithoutCache), Failed: rep.Failed(), RecordTTL: -1}
	if w.Time.IsZero() {
		w.Time = time.Now().UTC()
	}
	if rep.Record != nil {
		w.RecordID = rep.Record.ID
	}
	if st, ok := rep.Step(probe.StepRecord); ok {
		w.RecordTTL = txtTTL(st.Evidence.DNS)
		w.NS = slices.Clone(st.Evidence.Nameservers)
	}
	if st, ok := rep.Step(probe.StepPolicy); ok && st.Evidence.Body != "" {
		w.PolicyText = st.Evidence.Body
		sum := sha256.Sum256([]byte(st.Evidence.Body))
		w.PolicySHA256 = hex.EncodeToString(sum[:])
	}
	if p := rep.Policy; p != nil {
		w.PolicyOK = true
		w.Mode, w.MaxAge, w.MXPatterns = string(p.Mode), p.MaxAge, slices.Clone(p.MX)
	}
	if st, ok := rep.Step(probe.StepMX); ok {
		w.MX = mxHosts(st.Evidence.DNS)
	}
	policyHost := "mta-sts." + rep.Domain
	if st, ok := rep.Step(probe.StepPolicyFetch); ok {
		if t, ok := earliestFor(st.Evidence.Certificates, policyHost); ok {
			w.Certs = append(w.Certs, Cert{Role: RolePolicyHost, Host: policyHost, NotAfter: t})
		}
	}
	if st, ok := rep.Step(probe.StepMXTLS); ok {
		byHost := map[string]time.Time{}
		for _, h := range st.Hosts {
			if len(h.Certificates) == 0 {
				continue
			}
			// The leaf comes first in a chain.
			t := h.Certificates[0].NotAfter
			if old, seen := byHost[h.MX]; !seen || t.Before(old) {
				byHost[h.MX] = t
			}
		}
		for _, host := range slices.Sorted(mapsKeys(byHost)) {
			w.Certs = append(w.Certs, Cert{Role: RoleMX, Host: host, NotAfter: byHost[host].UTC()})
		}
	}
	return w
}

func mapsKeys(m map[string]time.Time) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// txtTTL reads the TTL of the first TXT answer, -1 when there is none.
func txtTTL(qs []probe.DNSQuery) int64 {
	for _, q := range qs {
		for _, a := range q.Answers {
			if rr, err := dns.NewRR(a); err == nil && rr != nil && rr.Header().Rrtype == dns.TypeTXT {
				return int64(rr.Header().Ttl)
			}
		}
	}
	return -1
}

// mxHosts reads the MX set from the mx step's answers (the null MX "." is
// left out: it names no host).
func mxHosts(qs []probe.DNSQuery) []string {
	var out []string
	for _, q := range qs {
		if q.Type != "MX" {
			continue
		}
		for _, a := range q.Answers {
			rr, err := dns.NewRR(a)
			if err != nil || rr == nil {
				continue
			}
			if mx, ok := rr.(*dns.MX); ok {
				h := strings.ToLower(strings.TrimSuffix(mx.Mx, "."))
				if h != "" && !slices.Contains(out, h) {
					out = append(out, h)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// earliestFor returns the earliest expiry among certificates naming host
// (the leaves; intermediates name no host).
func earliestFor(certs []probe.Certificate, host string) (time.Time, bool) {
	var best time.Time
	for _, c := range certs {
		if !slices.ContainsFunc(c.SANs, func(s string) bool { return strings.EqualFold(s, host) || coversWildcard(s, host) }) {
			continue
		}
		if best.IsZero() || c.NotAfter.Before(best) {
			best = c.NotAfter
		}
	}
	if best.IsZero() {
		// No certificate names the host (a wrong-name certificate): it
		// still expires, so take the earliest of what was presented.
		for _, c := range certs {
			if best.IsZero() || c.NotAfter.Before(best) {
				best = c.NotAfter
			}
		}
	}
	return best.UTC(), !best.IsZero()
}

func coversWildcard(pattern, host string) bool {
	rest, ok := strings.CutPrefix(pattern, "*.")
	if !ok {
		return false
	}
	_, parent, ok := strings.Cut(host, ".")
	return ok && strings.EqualFold(parent, rest)
}
