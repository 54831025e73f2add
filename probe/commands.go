package probe

import (
	"net"
	"net/netip"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
	"github.com/mtasts-doctor/mtasts-doctor/probe/policy"
)

// This file is the one place that builds the "see it yourself" commands
// (Step.Commands). The plain report, the JSON report and the TUI show these
// strings unchanged, and people paste them into a shell, so:
//
//   - every interpolated value goes through ShellQuote: it reaches the tool
//     as exactly one argument whatever it holds;
//   - a host name that is not an LDH name (RFC 5321 §2.3.5) gets no command
//     at all: a zone owner chooses MX names, and DNS presentation format
//     leaves ` { } , | & < > $ unescaped;
//   - a command says what the walk did: which resolver it asked (and over
//     TCP when the walk did), which address it connected to, which CA file
//     it trusted, that redirects are not followed (RFC 8461 §3.3), and that
//     a failed verification is an error, not a warning openssl prints and
//     carries on past.

// seeIt builds the commands of one walk.
type seeIt struct {
	// resolver is the DNS server (host:port) a lookup that got no answer
	// at all is attributed to: the first the walk asks.
	resolver string
	// caFile is the CA file the walk trusted instead of the system pool;
	// empty for the system pool.
	caFile string
}

func newSeeIt(opts Options, c *dnsx.Client) seeIt {
	s := seeIt{caFile: opts.CAFile}
	if c != nil && len(c.Servers) > 0 {
		s.resolver = c.Servers[0]
	}
	if s.caFile != "" {
		if abs, err := filepath.Abs(s.caFile); err == nil {
			s.caFile = abs // a pasted command must work from any directory
		}
	}
	return s
}

// ShellQuote returns s as one POSIX shell word: unchanged when it holds only
// characters no shell treats specially, otherwise in single quotes, inside
// which nothing is special (a single quote in s closes the quotes, is
// escaped with a backslash, and reopens them). ok is false when s holds a
// character that cannot be shown faithfully on one line (control and
// format characters, line separators, invalid UTF-8): such a value is left
// out of a command rather than shown as something it is not.
func ShellQuote(s string) (quoted string, ok bool) {
	if !printable(s) {
		return "", false
	}
	if s != "" && strings.Trim(s, shellSafe) == "" {
		return s, true
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'", true
}

// shellSafe are the characters that are literal in every position of a
// POSIX shell word (no globbing, expansion, quoting, operators, ~ or
// brace expansion in bash).
const shellSafe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-"

func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) && r != ' ' {
			return false
		}
	}
	return true
}

// cmdline is one command: the argv the tool must receive, and a constant
// redirection. The zero value is no command.
type cmdline struct {
	argv     []string
	redirect string
}

// String quotes every word of the argv and joins them into one line for a
// POSIX shell. It returns "" when a word cannot be quoted.
func (c cmdline) String() string {
	if len(c.argv) == 0 {
		return ""
	}
	out := make([]string, 0, len(c.argv)+1)
	for _, w := range c.argv {
		q, ok := ShellQuote(w)
		if !ok {
			return ""
		}
		out = append(out, q)
	}
	if c.redirect != "" {
		out = append(out, c.redirect)
	}
	return strings.Join(out, " ")
}

// hostOK reports whether name may appear in a command: an LDH host name.
func hostOK(name string) bool { return policy.CheckHostName(name) == nil }

// appendCmd adds c to list unless it is no command (a value could not be
// quoted or a name was not a host name).
func appendCmd(list []string, c cmdline) []string {
	if s := c.String(); s != "" {
		return append(list, s)
	}
	return list
}

// server returns the resolver to name in a dig command for res: the one
// that answered, else the first one the walk asked.
func (b seeIt) server(res dnsx.Result) (host, port string) {
	for _, s := range []string{res.Server, b.resolver} {
		if h, p, err := net.SplitHostPort(s); err == nil {
			if _, err := netip.ParseAddr(h); err == nil || hostOK(h) {
				return h, p
			}
		}
	}
	return "", ""
}

// dig reproduces one lookup of the walk: qtype at prefix+host (prefix is a
// constant such as "_mta-sts."), asked of the resolver the walk used, over
// TCP when the walk ended up there. It returns "" when host is not a host
// name.
func (b seeIt) dig(res dnsx.Result, qtype, prefix, host string, flags ...string) cmdline {
	if !hostOK(host) {
		return cmdline{}
	}
	words := []string{"dig"}
	if h, p := b.server(res); h != "" {
		words = append(words, "@"+h)
		if p != "53" {
			words = append(words, "-p", p)
		}
	}
	if res.Transport == "tcp" {
		words = append(words, "+tcp")
	}
	words = append(words, flags...)
	words = append(words, qtype, prefix+host)
	return cmdline{argv: words}
}

// curl reproduces one HTTPS GET of the policy (RFC 8461 §3.3) from the
// address the walk connected to, trusting what the walk trusted and not
// following redirects. verbose shows the TLS handshake and headers;
// otherwise only the body is printed.
func (b seeIt) curl(host string, addr netip.Addr, verbose bool) cmdline {
	if !hostOK(host) || !addr.IsValid() {
		return cmdline{}
	}
	words := []string{"curl", "-s"}
	if verbose {
		words = []string{"curl", "-sv"}
	}
	words = append(words, "--max-redirs", "0", "--resolve", host+":443:"+bracket(addr))
	if b.caFile != "" {
		words = append(words, "--cacert", b.caFile)
	}
	words = append(words, "https://"+host+"/.well-known/mta-sts.txt")
	return cmdline{argv: words}
}

// openssl reproduces one TLS handshake: with the policy host on 443, or
// after STARTTLS with an MX host on 25 (RFC 8461 §4.2), sending the name
// as SNI (§7.1) and checking the certificate against it.
func (b seeIt) openssl(host string, addr netip.Addr, smtp bool) cmdline {
	if !hostOK(host) || !addr.IsValid() {
		return cmdline{}
	}
	port := "443"
	words := []string{"openssl", "s_client"}
	if smtp {
		port = "25"
		words = append(words, "-starttls", "smtp")
	}
	words = append(words, "-connect", net.JoinHostPort(addr.String(), port))
	words = append(words, "-servername", host, "-verify_hostname", host)
	if b.caFile != "" {
		words = append(words, "-CAfile", b.caFile)
	}
	words = append(words, "-verify_return_error")
	// No stdin: s_client would otherwise wait for input after the
	// handshake instead of printing the result and exiting.
	return cmdline{argv: words, redirect: "</dev/null"}
}

// bracket writes an IPv6 address in brackets, as curl --resolve wants it.
func bracket(a netip.Addr) string {
	if a.Is6() && !a.Is4In6() {
		return "[" + a.String() + "]"
	}
	return a.String()
}
