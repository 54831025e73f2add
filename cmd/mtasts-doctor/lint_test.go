package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// runLint executes the command line the way run does, with captured
// standard streams.
func runLint(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(strings.NewReader(stdin))
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.ExecuteContext(context.Background())
	var ex exitError
	switch {
	case err == nil:
		code = 0
	case errors.As(err, &ex):
		code = ex.code
		if ex.err != nil {
			errb.WriteString(ex.err.Error())
		}
	default:
		code = 2
		errb.WriteString(err.Error())
	}
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "mta-sts.txt")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodPolicy = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 1209600\r\n"

type lintJSON struct {
	Kind        string          `json:"kind"`
	Valid       bool            `json:"valid"`
	Value       json.RawMessage `json:"value"`
	Diagnostics []struct {
		Code, Severity, Message, RFC string
		Line, Column                 int
	} `json:"diagnostics"`
	Senders []struct {
		Name    string `json:"name"`
		Valid   bool   `json:"valid"`
		Reason  string `json:"reason"`
		ID      string `json:"id"`
		Mode    string `json:"mode"`
		MaxAge  *int64 `json:"max_age"`
		Differs string `json:"differs"`
	} `json:"senders"`
	MXCoverage []struct {
		Host    string  `json:"host"`
		Covered bool    `json:"covered"`
		Pattern *string `json:"pattern"`
	} `json:"mx_coverage"`
}

// decodeOne checks that stdout is exactly one JSON object with every key
// of the documented shape, and decodes it.
func decodeOne(t *testing.T, stdout string) lintJSON {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value on stdout:\n%s", stdout)
	}
	for _, k := range []string{"kind", "valid", "value", "diagnostics", "mx_coverage", "senders"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if len(raw) != 6 {
		t.Errorf("JSON has %d keys, want 6", len(raw))
	}
	if s := string(raw["diagnostics"]); s == "null" || string(raw["mx_coverage"]) == "null" || string(raw["senders"]) == "null" {
		t.Errorf("lists must be arrays, not null: %s", stdout)
	}
	var res lintJSON
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

func TestLintPolicyJSON(t *testing.T) {
	file := writeFile(t, goodPolicy)
	code, stdout, stderr := runLint(t, "", "lint", "policy", "--json", "--mx", "mail.example.com", "--mx", "a.example.net", "--mx", "a.b.example.net", file)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (an uncovered MX in enforce mode); stderr %q", code, stderr)
	}
	res := decodeOne(t, stdout)
	if res.Kind != "policy" || res.Valid || string(res.Value) != "null" {
		t.Errorf("kind %q valid %v value %s", res.Kind, res.Valid, res.Value)
	}
	// RFC 8461 §4.1: "*.example.net" covers one label only.
	cov := res.MXCoverage
	if len(cov) != 3 || !cov[0].Covered || *cov[0].Pattern != "mail.example.com" ||
		!cov[1].Covered || *cov[1].Pattern != "*.example.net" || cov[2].Covered || cov[2].Pattern != nil {
		t.Errorf("mx_coverage = %+v", cov)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Code != "policy.mx.not_covered" || res.Diagnostics[0].Severity != "error" {
		t.Errorf("diagnostics = %+v", res.Diagnostics)
	}
}

func TestLintPolicyValidValue(t *testing.T) {
	code, stdout, _ := runLint(t, goodPolicy, "lint", "policy", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d, want 0:\n%s", code, stdout)
	}
	res := decodeOne(t, stdout)
	var v struct {
		Version string   `json:"version"`
		Mode    string   `json:"mode"`
		MaxAge  int64    `json:"max_age"`
		MX      []string `json:"mx"`
	}
	if err := json.Unmarshal(res.Value, &v); err != nil {
		t.Fatal(err)
	}
	if !res.Valid || v.Version != "STSv1" || v.Mode != "enforce" || v.MaxAge != 1209600 || len(v.MX) != 2 {
		t.Errorf("value = %s", res.Value)
	}
	if len(res.MXCoverage) != 0 {
		t.Errorf("mx_coverage = %+v, want []", res.MXCoverage)
	}
}

func TestLintPolicyHuman(t *testing.T) {
	body := "version: STSv1\nmode: enforce\nmx: 192.0.2.1\nmax_age: 1209600\n"
	code, stdout, _ := runLint(t, body, "lint", "policy", "-")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	want := []string{
		`3:5 error policy.mx.ip_address: mx "192.0.2.1" is an IP address`,
		"(RFC 8461 §3.2)",
		"1:15 info policy.line.lf:",
		// An IP address is no Domain; mox (dns/dns.go:100-104@1c95876) and
		// postfix-tlspol (valid.go:50@ffe1e2d) agree, the other two do not check.
		"warning senders.policy.disagrees: postfix-mta-sts-resolver accepts it",
		"warning senders.policy.disagrees: go-mtasts accepts it",
		"policy: invalid (1 error, 2 warnings, 1 info)",
	}
	for _, w := range want {
		if !strings.Contains(stdout, w) {
			t.Errorf("output lacks %q:\n%s", w, stdout)
		}
	}
}

func TestLintRecord(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"§3.1 valid record", []string{"v=STSv1; id=20240101"}, 0, `"id": "20240101"`},
		{"§3.1 two records", []string{"v=STSv1; id=a", "v=STSv1; id=b"}, 1, `"record.multiple"`},
		{"§3.1 zone-file strings concatenate", []string{`"v=STSv1; " "id=ab\099"`}, 0, `"id": "abc"`},
		{"§3.1 base64 id", []string{"v=STSv1; id=a+b"}, 1, `"record.id.invalid"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, _ := runLint(t, "", append([]string{"lint", "record", "--json"}, tt.args...)...)
			res := decodeOne(t, stdout)
			if code != tt.code || res.Kind != "record" || res.Valid != (tt.code == 0) || !strings.Contains(stdout, tt.want) {
				t.Errorf("exit %d valid %v, want exit %d and %s:\n%s", code, res.Valid, tt.code, tt.want, stdout)
			}
			if tt.code == 0 && !strings.Contains(string(res.Value), `"extensions": {}`) {
				t.Errorf("value lacks extensions object: %s", res.Value)
			}
		})
	}
}

func TestLintTLSRPT(t *testing.T) {
	code, stdout, _ := runLint(t, "", "lint", "tlsrpt", "--json", "v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.com/")
	res := decodeOne(t, stdout)
	if code != 0 || !res.Valid || !strings.Contains(string(res.Value), `"https://r.example.com/"`) {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	code, stdout, _ = runLint(t, "", "lint", "tlsrpt", "v=TLSRPTv1; rua=mailto:a@example.com!10m")
	if code != 1 || !strings.Contains(stdout, "tlsrpt.rua.unencoded") || !strings.Contains(stdout, "tlsrpt: invalid") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

func TestLintUsageErrors(t *testing.T) {
	big := writeFile(t, strings.Repeat("x", lintReadLimit+1))
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no subcommand", []string{"lint"}, "say what to check"},
		{"policy without file", []string{"lint", "policy"}, "give one FILE"},
		{"missing file", []string{"lint", "policy", filepath.Join(t.TempDir(), "nope.txt")}, "no such file"},
		{"file over the read limit", []string{"lint", "policy", big}, "larger than"},
		{"record without argument", []string{"lint", "record"}, "give the TXT record"},
		{"unknown flag", []string{"lint", "tlsrpt", "--nope", "x"}, "unknown flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runLint(t, "", tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("exit %d stderr %q, want 2 and %q (stdout %q)", code, stderr, tt.wantErr, stdout)
			}
		})
	}
}

// Untrusted bytes in a file must not reach the terminal as escapes.
func TestLintSanitises(t *testing.T) {
	body := "version: STSv1\nmode: \x1b[2J\x1b]0;pwned\x07\nmx: a.example\nmax_age: 1209600\n"
	_, stdout, _ := runLint(t, body, "lint", "policy", "-", "--mx", "\x1b[31mred")
	if strings.ContainsAny(stdout, "\x1b\x07") {
		t.Errorf("escape reached stdout: %q", stdout)
	}
}

// Issue 11: lint names each real sender that reads a text differently from
// the RFC, in the JSON and as a warning line.
func TestLintSenders(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		stdin    string
		valid    bool
		differs  []string // senders whose row differs, in order
		readsID  map[string]string
		warnings int
	}{
		{"mox mtasts/parse.go:69-71@1c95876: whitespace after the last field", []string{"record", "v=STSv1; id=abc "}, "", true,
			[]string{"mox", "postfix-tlspol"}, map[string]string{"rfc": "abc", "postfix-mta-sts-resolver": "abc", "go-mtasts": "abc"}, 2},
		{"postfix-mta-sts-resolver resolver.py:85-90@a000619: v=STSv10 beside a valid record", []string{"record", "v=STSv1; id=abc", "v=STSv10; id=1"}, "", true,
			[]string{"postfix-mta-sts-resolver", "go-mtasts"}, map[string]string{"rfc": "abc", "mox": "abc", "postfix-tlspol": "abc"}, 2},
		{"postfix-mta-sts-resolver resolver.py:134-136@a000619: non-ASCII served without charset", []string{"policy", "-"},
			"version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\nnote: caf\xc3\xa9\n", true,
			[]string{"postfix-mta-sts-resolver"}, nil, 1},
		{"resolver.py:157-158@a000619: max_age above 31557600 is rejected only by postfix-mta-sts-resolver among the senders", []string{"policy", "-"},
			"version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 31557601\n", false,
			[]string{"mox", "postfix-tlspol", "go-mtasts"}, nil, 3},
		{"--content-type: the three senders that require text/plain", []string{"policy", "--content-type", "text/html", "-"},
			"version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n", true,
			[]string{"postfix-mta-sts-resolver", "postfix-tlspol", "go-mtasts"}, nil, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stdout, _ := runLint(t, tt.stdin, append([]string{"lint"}, append(tt.args[:1:1], append([]string{"--json"}, tt.args[1:]...)...)...)...)
			res := decodeOne(t, stdout)
			if res.Valid != tt.valid {
				t.Errorf("valid = %v, want %v (the RFC's verdict)", res.Valid, tt.valid)
			}
			if len(res.Senders) != 5 || res.Senders[0].Name != "rfc" {
				t.Fatalf("senders = %+v, want five rows, rfc first", res.Senders)
			}
			var differs []string
			for _, s := range res.Senders {
				if s.Differs != "" {
					differs = append(differs, s.Name)
				}
				if id, ok := tt.readsID[s.Name]; ok && (s.ID != id || !s.Valid) {
					t.Errorf("%s reads id %q (valid %v), want %q", s.Name, s.ID, s.Valid, id)
				}
				if !s.Valid && s.Reason == "" {
					t.Errorf("%s invalid without a reason", s.Name)
				}
			}
			if !slices.Equal(differs, tt.differs) {
				t.Errorf("differing senders %v, want %v", differs, tt.differs)
			}
			_, text, _ := runLint(t, tt.stdin, append([]string{"lint"}, tt.args...)...)
			for _, n := range tt.differs {
				if !strings.Contains(text, "warning senders.") || !strings.Contains(text, ": "+n+" ") {
					t.Errorf("plain output has no warning line for %s:\n%s", n, text)
				}
			}
			got := 0
			for _, line := range strings.Split(text, "\n") {
				if f := strings.Fields(line); len(f) > 1 && (f[0] == "warning" || f[1] == "warning") {
					got++
				}
			}
			if got != tt.warnings {
				t.Errorf("%d warning lines, want %d:\n%s", got, tt.warnings, text)
			}
		})
	}
}
