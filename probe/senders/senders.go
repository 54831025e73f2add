package senders

import (
	"fmt"
	"strings"
)

// The sender names.
const (
	RFC                   Name = "rfc"
	Mox                   Name = "mox"
	Resolver              Name = "postfix-mta-sts-resolver"
	ResolverProactive     Name = "postfix-mta-sts-resolver-proactive"
	ResolverStrictTesting Name = "postfix-mta-sts-resolver-strict-testing"
	TLSPol                Name = "postfix-tlspol"
	GoMTASTS              Name = "go-mtasts"
)

// All returns every definition, variants included, in a stable order: rfc
// first, then each sender followed by its variants.
func All() []Sender {
	return []Sender{rfc(), mox(), resolver(), resolverProactive(), resolverStrictTesting(), tlspol(), goMTASTS()}
}

// Defaults returns each sender in its default configuration (no variants),
// rfc first: the set lint and check compare.
func Defaults() []Sender {
	var out []Sender
	for _, s := range All() {
		if s.Variant == "" {
			out = append(out, s)
		}
	}
	return out
}

// Names lists the names of All.
func Names() []Name {
	var out []Name
	for _, s := range All() {
		out = append(out, s.Name)
	}
	return out
}

// ByName returns the definition called name.
func ByName(name Name) (Sender, error) {
	for _, s := range All() {
		if s.Name == name {
			return s, nil
		}
	}
	known := make([]string, 0, len(All()))
	for _, n := range Names() {
		known = append(known, string(n))
	}
	return Sender{}, fmt.Errorf("unknown sender %q (known: %s)", name, strings.Join(known, ", "))
}
