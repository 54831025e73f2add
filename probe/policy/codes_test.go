package policy

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// Every code the package can emit must be explained in assets/, or lint
// and the TUI would show a code nobody can look up.
func TestCodesExplained(t *testing.T) {
	if err := assets.CatalogueError(); err != nil {
		t.Fatal(err)
	}
	seen := map[diag.Code]bool{}
	for _, c := range Codes {
		if seen[c] {
			t.Errorf("Codes lists %q twice", c)
		}
		seen[c] = true
		e, ok := assets.Explain(c)
		if !ok {
			t.Errorf("code %q has no entry in assets/diagnostics", c)
			continue
		}
		if !strings.HasPrefix(e.RFC, "RFC 846") {
			t.Errorf("code %q: catalogue rfc %q names no RFC 8460/8461 section", c, e.RFC)
		}
	}
}

var codeLiteral = regexp.MustCompile(`^(record|policy|tlsrpt)\.[a-z0-9_.]+$`)

// Codes must list every code declared or spelled out in the package source,
// so adding a code without listing (and so explaining) it fails here.
func TestCodesComplete(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[diag.Code]bool{}
	for _, c := range Codes {
		listed[c] = true
	}
	found := 0
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !codeLiteral.MatchString(s) {
				return true
			}
			found++
			if !listed[diag.Code(s)] {
				t.Errorf("%s: code %q is not in Codes", fset.Position(lit.Pos()), s)
			}
			return true
		})
	}
	if found != len(Codes) {
		t.Errorf("source spells %d code literals, Codes lists %d: every code should be one named constant", found, len(Codes))
	}
}
