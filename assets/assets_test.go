package assets

import (
	"testing"
	"testing/fstest"
)

func TestEmbeddedCatalogueLoads(t *testing.T) {
	if err := CatalogueError(); err != nil {
		t.Fatal(err)
	}
	if _, ok := Explain("input.domain.invalid"); !ok {
		t.Fatal("input.domain.invalid has no explanation")
	}
}

func TestCatalogueRejectsDuplicatesAndGaps(t *testing.T) {
	entry := `{"code":"a.b","title":"t","why":"w","fix":"f"}`
	dup := fstest.MapFS{
		"d/one.json": {Data: []byte("[" + entry + "]")},
		"d/two.json": {Data: []byte("[" + entry + "]")},
	}
	if _, err := loadCatalogue(dup, "d"); err == nil {
		t.Fatal("a code defined in two files must be an error")
	}
	gap := fstest.MapFS{"d/one.json": {Data: []byte(`[{"code":"a.b","title":"t"}]`)}}
	if _, err := loadCatalogue(gap, "d"); err == nil {
		t.Fatal("an entry without why and fix must be an error")
	}
}
