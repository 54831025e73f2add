package dnsx

import (
	"fmt"
	"net"
	"time"

	"github.com/miekg/dns"
)

// DefaultTimeout bounds one exchange with one server when Client.Timeout is
// zero. It matches the fast senders (postfix-tlspol, checkdmarc: 2 s).
const DefaultTimeout = 2 * time.Second

// FromResolvConf builds a Client from a resolv.conf file: its nameservers
// (port 53) and its timeout and attempts options.
func FromResolvConf(path string) (*Client, error) {
	cfg, err := dns.ClientConfigFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("dnsx: reading %s: %w", path, err)
	}
	if len(cfg.Servers) == 0 {
		return nil, fmt.Errorf("dnsx: %s lists no nameserver", path)
	}
	c := &Client{Timeout: DefaultTimeout, Retries: 1}
	for _, s := range cfg.Servers {
		c.Servers = append(c.Servers, net.JoinHostPort(s, cfg.Port))
	}
	if cfg.Timeout > 0 {
		c.Timeout = time.Duration(cfg.Timeout) * time.Second
	}
	if cfg.Attempts > 1 {
		c.Retries = cfg.Attempts - 1
	}
	return c, nil
}
