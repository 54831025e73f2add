package main

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// resolverAddr checks a --resolver value and returns it as IP:PORT. The
// port defaults to 53, as with dig's @server, and dig's spelling
// (@192.0.2.53) is accepted as typed. A host name is refused: the only way
// to turn it into an address is to ask the system resolver, which is
// exactly what --resolver is there to avoid.
func resolverAddr(s string) (string, error) {
	s = strings.TrimPrefix(s, "@")
	if s == "" {
		return "", errors.New("empty: give an IP address, optionally with a port (192.0.2.53, 192.0.2.53:5353, [2001:db8::53]:53)")
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		// A bare address: 192.0.2.53, 2001:db8::53 or [2001:db8::53].
		host, port = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"), "53"
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return "", errors.New("not an IP address: name the DNS server by its address (a host name would have to be looked up through the system resolver)")
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("port %q: want 1 to 65535", port)
	}
	return net.JoinHostPort(ip.String(), strconv.Itoa(n)), nil
}
