package live

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/smtp"
	"strings"
	"time"

	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
	"github.com/mtasts-doctor/mtasts-doctor/simulate"
)

// send does what the decision says: a delivery over validated TLS to an MX
// the policy covers (enforced), an opportunistic one to the first MX that
// takes it (testing, fail-open, exposed: TLS if offered, unverified, as
// MTAs do without a policy), or nothing (deferred, bounced). It returns
// what happened, in words.
func (l *Lab) send(ctx context.Context, sender string, a simulate.Attempt, seen Seen) string {
	switch a.Outcome {
	case simulate.Deferred:
		return "not sent: deferred, the sender retries later"
	case simulate.Bounced:
		return "not sent: bounced back to the author"
	}
	verify := a.Outcome == simulate.Enforced
	var patterns []string
	if verify {
		patterns = l.patterns(a.Policy.ID, a.Policy.Mode)
	}
	l.serial++
	subject := fmt.Sprintf("sandbox %d %s at %s", l.serial, sender, simulate.FormatDuration(a.At))
	for i, h := range seen.mx {
		if verify && (seen.Obs.MX[i].Result != "" || !covered(h.name, patterns)) {
			continue
		}
		tlsUsed, err := l.smtp(ctx, h, verify, subject, l.base.Add(a.At))
		if err != nil {
			continue
		}
		how := "in plain text"
		if tlsUsed {
			how = "over TLS"
		}
		return "delivered to " + h.name + " " + how
	}
	return "not sent: no MX took it"
}

// patterns are the mx patterns of the policy the sender applied.
func (l *Lab) patterns(id string, mode policy.Mode) []string {
	for i := len(l.versions) - 1; i >= 0; i-- {
		if v := l.versions[i]; v.ID == id && v.Mode == mode {
			return v.MX
		}
	}
	return nil
}

// smtp sends one message to h. With verify, STARTTLS and a certificate
// valid for h at now are required (RFC 8461 §4.2); without, STARTTLS is used
// when offered and the certificate is not checked.
func (l *Lab) smtp(ctx context.Context, h mxHost, verify bool, subject string, now time.Time) (bool, error) {
	timeout := l.net.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := l.net.Dial(ctx, "tcp", h.addr)
	if err != nil {
		return false, err
	}
	conn.SetDeadline(time.Now().Add(timeout))
	c, err := smtp.NewClient(conn, h.name)
	if err != nil {
		conn.Close()
		return false, err
	}
	defer c.Close()
	if err := c.Hello("sender.live.invalid"); err != nil {
		return false, err
	}
	tlsUsed := false
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := &tls.Config{ServerName: h.name, RootCAs: l.net.RootCAs, Time: func() time.Time { return now }, MinVersion: tls.VersionTLS12}
		if !verify {
			// Opportunistic TLS: encrypt, check nothing (RFC 3207 §4.1
			// leaves it to the client; MTAs without a policy do not).
			cfg.InsecureSkipVerify = true
		}
		if err := c.StartTLS(cfg); err != nil {
			return false, err
		}
		tlsUsed = true
	} else if verify {
		return false, fmt.Errorf("%s offers no STARTTLS", h.name)
	}
	if err := c.Mail("sender@live.invalid"); err != nil {
		return tlsUsed, err
	}
	if err := c.Rcpt("postmaster@" + strings.TrimPrefix(h.name, "mx1.")); err != nil {
		return tlsUsed, err
	}
	wc, err := c.Data()
	if err != nil {
		return tlsUsed, err
	}
	fmt.Fprintf(wc, "Subject: %s\r\nFrom: sender@live.invalid\r\n\r\nA message from the mtasts-doctor sandbox.\r\n", subject)
	if err := wc.Close(); err != nil {
		return tlsUsed, err
	}
	c.Quit()
	return tlsUsed, nil
}

func covered(host string, patterns []string) bool {
	_, ok := policy.Policy{MX: patterns}.Covering(host)
	return ok
}
