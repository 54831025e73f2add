package history

import (
	"fmt"
	"math"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// Thresholds of the certificate calendar: three weeks leaves time to find
// why automatic renewal failed; one week is an emergency.
const (
	CertWarnDays  = 21
	CertErrorDays = 7
)

// Expiry is one certificate on the calendar.
type Expiry struct {
	Cert
	DaysLeft int `json:"days_left"`
}

// Calendar lists the certificates of a walk with the whole days left at
// now, soonest first, and the findings for those within the thresholds.
// Expired certificates are the walk's own finding (the handshake fails),
// so they appear here with negative days and no finding.
func Calendar(w Walk, now time.Time) ([]Expiry, diag.List) {
	var (
		out   []Expiry
		diags diag.List
	)
	for _, c := range w.Certs {
		days := int(math.Floor(c.NotAfter.Sub(now).Hours() / 24))
		out = append(out, Expiry{Cert: c, DaysLeft: days})
		what := fmt.Sprintf("the certificate of %s %s expires %s, in %d days", c.Role, c.Host, c.NotAfter.Format(dateFormat), days)
		switch {
		case c.NotAfter.Before(now):
		case days <= CertErrorDays:
			diags = append(diags, diag.Newf(CodeCertExpiresImminent, diag.Error, "RFC 8461 §3.3, §4.2", "%s", what))
		case days <= CertWarnDays:
			diags = append(diags, diag.Newf(CodeCertExpiresSoon, diag.Warning, "RFC 8461 §3.3, §4.2", "%s", what))
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].NotAfter.Before(out[j-1].NotAfter); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, diags
}
