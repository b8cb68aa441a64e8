package pdf_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/clausemark/clausemark/internal/render/pdf"
)

// updating reports whether -update was given; the flag is defined in the
// package's internal tests, which share this test binary.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestGoldenPDF keeps a byte-level golden PDF: any change to the bytes
// written for the same input shows up here. Run with -update to accept.
func TestGoldenPDF(t *testing.T) {
	src, err := os.ReadFile("testdata/ops/layout.md")
	if err != nil {
		t.Fatal(err)
	}
	got := typeset(t, src, pdf.WithInfo(pdf.Info{Title: "Layout Test", Author: "Acme", Creator: "clausemark test", Footer: "test 1.0.0"}))
	const golden = "testdata/layout.pdf"
	if updating() {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("PDF bytes differ from %s (run go test -update to accept)", golden)
	}
}
