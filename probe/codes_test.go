package probe

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"

	"github.com/mtasts-doctor/mtasts-doctor/assets"
	"github.com/mtasts-doctor/mtasts-doctor/probe/diag"
)

// TestEveryCodeIsExplained fails when a code the walk can emit has no
// explanation, or when a new Code constant is missing from Codes().
func TestEveryCodeIsExplained(t *testing.T) {
	for _, c := range Codes() {
		if _, ok := assets.Explain(c); !ok {
			t.Errorf("code %s has no entry in assets/diagnostics", c)
		}
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	listed := Codes()
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Values) != 1 {
			return true
		}
		lit, ok := vs.Values[0].(*ast.BasicLit)
		if !ok {
			return true
		}
		code := diag.Code(lit.Value[1 : len(lit.Value)-1])
		if !slices.Contains(listed, code) {
			t.Errorf("constant %s = %s is missing from Codes()", vs.Names[0], lit.Value)
		}
		return true
	})
}
