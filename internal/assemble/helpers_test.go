package assemble_test

import (
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
)

// load loads the embedded library or fails the test.
func load(t testing.TB) *library.Library {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatalf("load library: %v", err)
	}
	return lib
}

// render resolves req and assembles it, failing the test on error.
func render(t testing.TB, lib *library.Library, req library.Request) string {
	t.Helper()
	r, err := lib.Resolve(req)
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	doc, err := assemble.Assemble(r)
	if err != nil {
		t.Fatalf("assemble: %v", err)
	}
	return string(doc.Markdown)
}
