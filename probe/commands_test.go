package probe

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/probe/dnsx"
)

// shellMeta is every character a POSIX shell or bash gives a meaning to,
// plus the space that splits words (a tab is refused, see below).
const shellMeta = "`$(){}[]<>|&;*?~!#'\"\\ =%^,:@+"

// hostileValues are strings built to break out of a command line.
func hostileValues() []string {
	out := []string{
		"`{touch,/tmp/x}`.example",
		"$(touch pwned).example.com",
		"a$x|b&c<d>e.example",
		"mx.example.com;touch pwned",
		"mx.example.com' ; touch pwned ; '",
		`mx.example.com"$(touch pwned)"`,
		"mx.example.com\\`touch pwned\\`",
		"{a,b}.example",
		"*.example.com",
		"~root/.example",
		"-oProxyCommand=touch pwned",
		"",
	}
	for _, c := range shellMeta {
		out = append(out, "mx"+string(c)+"1.example.com", string(c)+"touch pwned"+string(c))
	}
	return out
}

// stubs writes dig, curl and openssl into a directory of their own: each
// only appends its name and argv (NUL-separated, one invocation a line) to
// $STUBLOG. A PATH holding only this directory means nothing else can run
// by name.
func stubs(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	dir := t.TempDir()
	script := "#!/bin/sh\n{ printf '%s\\0' \"${0##*/}\" \"$@\"; printf '\\n'; } >>\"$STUBLOG\"\n"
	for _, tool := range []string{"dig", "curl", "openssl"} {
		if err := os.WriteFile(filepath.Join(dir, tool), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runUnderStubs runs line with bash -c in an empty directory, with PATH
// holding only the stubs, and returns each stub invocation's argv. It
// fails the test when anything but exactly one stub ran: an unknown
// command, a second command, a command substitution (bash's xtrace shows
// every simple command it runs), or a file appearing in the directory.
func runUnderStubs(t *testing.T, stubDir, line string) []string {
	t.Helper()
	work := t.TempDir()
	log := filepath.Join(t.TempDir(), "stub.log")
	prelude := "command_not_found_handle() { printf 'NOT FOUND %s\\n' \"$1\" >&2; return 127; }\nset -x\n"
	cmd := exec.Command("bash", "--norc", "--noprofile", "-c", prelude+line)
	cmd.Dir = work
	cmd.Env = []string{"PATH=" + stubDir, "STUBLOG=" + log, "HOME=" + work}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("%s: %v\n%s", line, err, out)
	}
	var traced []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "+") || strings.Contains(l, "NOT FOUND") {
			traced = append(traced, l)
		}
	}
	if len(traced) != 1 || strings.HasPrefix(traced[0], "++") {
		t.Errorf("%s: bash ran %d commands, want exactly the stub:\n%s", line, len(traced), out)
	}
	if entries, _ := os.ReadDir(work); len(entries) > 0 {
		t.Errorf("%s: created %s", line, entries[0].Name())
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatalf("%s: the stub did not run: %v", line, err)
	}
	calls := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(calls) != 1 {
		t.Fatalf("%s: %d stub invocations, want 1", line, len(calls))
	}
	return strings.Split(strings.TrimSuffix(calls[0], "\x00"), "\x00")
}

// TestShellQuoteGivesBashOneArgument: whatever a value holds, bash hands it
// to the program as exactly one argument, unchanged, and runs nothing else.
func TestShellQuoteGivesBashOneArgument(t *testing.T) {
	dir := stubs(t)
	for _, v := range append(hostileValues(), "plain.example.com", "/tmp/dir with space/ca.pem", "'", "''", "\\'") {
		q, ok := ShellQuote(v)
		if !ok {
			t.Errorf("ShellQuote(%q) refused a printable value", v)
			continue
		}
		got := runUnderStubs(t, dir, "dig "+q+" x")
		if want := []string{"dig", v, "x"}; !slices.Equal(got, want) {
			t.Errorf("ShellQuote(%q) = %s: the program got %q, want %q", v, q, got, want)
		}
	}
}

// TestShellQuoteRefusesWhatCannotBeShown: control and format characters
// would make the command on screen differ from the one pasted.
func TestShellQuoteRefusesWhatCannotBeShown(t *testing.T) {
	for _, v := range []string{"a\tb", "a\nb", "a\rb", "a\x1b[2Jb", "a\u202eb", "a\u200bb", "a\u2028b", "a\ufeffb", "a\xffb", "a\x00b"} {
		if q, ok := ShellQuote(v); ok {
			t.Errorf("ShellQuote(%q) = %q, want refusal", v, q)
		}
	}
}

// TestSeeItCommandsRunOnlyTheStub builds every kind of command with a
// hostile CA file path and resolver, runs each under bash -c with stub
// tools, and checks the tool got exactly the argv the walk meant, with the
// name and path as single arguments (issue 10, item 1).
func TestSeeItCommandsRunOnlyTheStub(t *testing.T) {
	dir := stubs(t)
	ca := "/tmp/`touch pwned`/$(touch pwned) ;|&<>*?[x]{a,b}~'\"\\!#/ca.pem"
	b := seeIt{resolver: "127.0.0.53:5353", caFile: ca}
	res := dnsx.Result{Server: "127.0.0.53:5353", Transport: "tcp"}
	v4, v6 := netip.MustParseAddr("192.0.2.25"), netip.MustParseAddr("2001:db8::25")
	for _, c := range []cmdline{
		b.dig(res, "TXT", "_mta-sts.", "example.com"),
		b.dig(dnsx.Result{}, "TLSA", "_25._tcp.", "mx1.example.com", "+dnssec"),
		b.curl("mta-sts.example.com", v4, true),
		b.curl("mta-sts.example.com", v6, false),
		b.openssl("mta-sts.example.com", v4, false),
		b.openssl("mx1.example.com", v6, true),
	} {
		line := c.String()
		if line == "" {
			t.Fatalf("no command for %q", c.argv)
		}
		got := runUnderStubs(t, dir, line)
		if !slices.Equal(got, c.argv) {
			t.Errorf("%s\n  ran with %q\n  want     %q", line, got, c.argv)
		}
	}
	if got := b.dig(res, "TXT", "_mta-sts.", "example.com").String(); !strings.HasPrefix(got, "dig @127.0.0.53 -p 5353 +tcp TXT ") {
		t.Errorf("dig does not name the resolver, port and transport the walk used: %s", got)
	}
	if got := b.openssl("mx1.example.com", v6, true).String(); !strings.Contains(got, "-connect '[2001:db8::25]:25' -servername mx1.example.com") ||
		!strings.HasSuffix(got, "-verify_return_error </dev/null") {
		t.Errorf("openssl does not reproduce the STARTTLS probe: %s", got)
	}
	if got := b.curl("mta-sts.example.com", v6, true).String(); !strings.Contains(got, "--max-redirs 0 --resolve 'mta-sts.example.com:443:[2001:db8::25]' --cacert ") {
		t.Errorf("curl does not pin the address and CA file: %s", got)
	}
}

// TestSeeItGivesHostileNamesNoCommand: a name that is not an LDH host name
// gets no command at all (RFC 5321 §2.3.5).
func TestSeeItGivesHostileNamesNoCommand(t *testing.T) {
	b := seeIt{resolver: "127.0.0.53:53"}
	a := netip.MustParseAddr("192.0.2.25")
	for _, name := range hostileValues() {
		for _, c := range []cmdline{
			b.dig(dnsx.Result{}, "MX", "", name),
			b.curl(name, a, true),
			b.openssl(name, a, true),
		} {
			if s := c.String(); s != "" {
				t.Errorf("name %q got a command: %s", name, s)
			}
		}
	}
}

// FuzzShellQuote checks, without a shell, that every quoted word reads
// back as the value under POSIX rules (XCU 2.2): single quotes keep
// everything literal up to the next single quote, a backslash outside
// quotes escapes the next character, and nothing else outside quotes may
// be special. TestShellQuoteGivesBashOneArgument checks the same with bash.
func FuzzShellQuote(f *testing.F) {
	for _, s := range hostileValues() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := ShellQuote(s)
		if !ok {
			if printable(s) {
				t.Fatalf("refused printable %q", s)
			}
			return
		}
		got, err := posixWord(q)
		if err != nil || got != s {
			t.Fatalf("ShellQuote(%q) = %s reads back as %q (%v)", s, q, got, err)
		}
	})
}

// posixWord decodes one shell word made of single-quoted runs, backslash
// escapes and unquoted characters from shellSafe.
func posixWord(w string) (string, error) {
	if w == "" {
		return "", errors.New("empty word")
	}
	var b strings.Builder
	for i := 0; i < len(w); {
		switch c := w[i]; {
		case c == '\'':
			j := strings.IndexByte(w[i+1:], '\'')
			if j < 0 {
				return "", errors.New("unterminated quote")
			}
			b.WriteString(w[i+1 : i+1+j])
			i += j + 2
		case c == '\\' && i+1 < len(w):
			b.WriteByte(w[i+1])
			i += 2
		case strings.IndexByte(shellSafe, c) >= 0:
			b.WriteByte(c)
			i++
		default:
			return "", fmt.Errorf("unquoted %q", c)
		}
	}
	return b.String(), nil
}
