package reports

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// TestEveryCodeIsExplained fails when a deviation code has no explanation
// in assets/diagnostics, or a Code constant is missing from Codes().
func TestEveryCodeIsExplained(t *testing.T) {
	for _, c := range Codes() {
		if _, ok := assets.Explain(c); !ok {
			t.Errorf("code %s has no entry in assets/diagnostics", c)
		}
	}
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Values) != 1 {
			return true
		}
		if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
			if code := diag.Code(lit.Value[1 : len(lit.Value)-1]); !slices.Contains(Codes(), code) {
				t.Errorf("constant %s = %s is missing from Codes()", vs.Names[0], lit.Value)
			}
		}
		return true
	})
}
