package probe

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/mtasts-doctor/mtasts-doctor/probe/certs"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
	"github.com/mtasts-doctor/mtasts-doctor/probe/fetch"
)

// fetchPolicy runs the HTTPS fetch and turns its result into the step's
// evidence, status and the outcome the next steps need.
func (w *walk) fetchPolicy(st *Step) {
	res := fetch.Policy(w.ctx, fetch.Request{
		Host:        w.policyHost.name,
		Addresses:   w.policyHost.addrs,
		RootCAs:     w.opts.RootCAs,
		DialContext: w.opts.dialer(),
		Timeout:     w.opts.timeout(),
		Now:         w.opts.Now,
		Limiter:     w.limiter,
	})
	st.Diagnostics = append(st.Diagnostics, w.guardRefusals("policy host", w.policyHost.name, w.policyHost.addrs, 443)...)
	st.Diagnostics = append(st.Diagnostics, res.Diagnostics...)
	for _, a := range res.Attempts {
		st.Evidence.HTTP = append(st.Evidence.HTTP, HTTPExchange{
			URL: a.URL, Address: a.Address, Status: a.Status, Headers: a.Headers, Location: a.Location,
			TLSVersion: a.TLSVersion, CipherSuite: a.CipherSuite, BodyBytes: a.BodyBytes, Error: a.Error,
		})
		st.Evidence.Certificates = append(st.Evidence.Certificates, certEvidence(a.Certificates)...)
		if addr, err := netip.ParseAddr(a.Address); err == nil {
			st.Commands = appendCmd(st.Commands, w.see.curl(w.policyHost.name, addr, true))
			st.Commands = appendCmd(st.Commands, w.see.openssl(w.policyHost.name, addr, false))
			if a.OK() && !w.fetch.from.IsValid() {
				w.fetch.from = addr
			}
		}
		if a.NoSNI != nil && !a.NoSNI.Same {
			note := fmt.Sprintf("without SNI, %s presents a different certificate", a.Address)
			if a.NoSNI.Error != "" {
				note = fmt.Sprintf("without SNI, %s: %s", a.Address, a.NoSNI.Error)
			}
			st.Evidence.Notes = append(st.Evidence.Notes, note)
		}
	}
	out := &w.fetch
	if res.OK {
		// Some address served the policy: what failed elsewhere makes
		// protection depend on the address a sender picks (fetch.partial),
		// a risk, not a policy no sender can get. The findings say so in
		// their severity, as the step does in its status.
		for i := range st.Diagnostics {
			if st.Diagnostics[i].Severity > diag.Warning {
				st.Diagnostics[i].Severity = diag.Warning
			}
		}
		out.ok, out.body, out.contentType = true, res.Body, res.ContentType
		st.Status = StatusOK
		if st.Diagnostics.Worst() >= diag.Warning {
			st.Status = StatusWarn
		}
		st.Summary = fmt.Sprintf("200 OK from %s, %d bytes", okAddresses(res), len(res.Body))
		return
	}
	out.resultType = res.ResultType
	out.reason = "the policy cannot be fetched: " + fetchFailureWords(res)
	st.Status = StatusFail
	out.local = localOnly(res)
	if w.stopped() || out.local {
		// The checker stopped or ran short, so nothing is known against
		// the domain.
		st.Status = StatusError
	}
	st.Summary = fetchFailureWords(res)
}

// localOnly reports whether every failed attempt failed for want of a local
// resource (file descriptors), so the fetch says nothing about the host.
func localOnly(res fetch.Result) bool {
	local := false
	for _, a := range res.Attempts {
		if !a.OK() && !a.Local {
			return false
		}
		local = local || a.Local
	}
	return local
}

// fetchFailureWords explains the first failure in a few words.
func fetchFailureWords(res fetch.Result) string {
	for _, a := range res.Attempts {
		if a.OK() {
			continue
		}
		switch {
		case a.Status >= 300 && a.Status < 400 && a.Location != "":
			return fmt.Sprintf("%s answered %d, redirecting to %s (redirects MUST NOT be followed)", a.Address, a.Status, a.Location)
		case a.Status != 0 && a.Status != 200:
			return fmt.Sprintf("%s answered HTTP %d", a.Address, a.Status)
		case a.Error != "" && strings.Contains(a.Error, a.Address):
			return a.Error // the message names the address already
		case a.Error != "":
			return a.Address + ": " + a.Error
		}
	}
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error {
			return d.Message
		}
	}
	return "no attempt succeeded"
}

func okAddresses(res fetch.Result) string {
	var ok []string
	for _, a := range res.Attempts {
		if a.OK() {
			ok = append(ok, a.Address)
		}
	}
	return strings.Join(ok, ", ")
}

func certEvidence(chain []certs.Summary) []Certificate {
	out := make([]Certificate, 0, len(chain))
	for _, c := range chain {
		out = append(out, Certificate{Subject: c.Subject, SANs: c.SANs, Issuer: c.Issuer, NotBefore: c.NotBefore, NotAfter: c.NotAfter})
	}
	return out
}
