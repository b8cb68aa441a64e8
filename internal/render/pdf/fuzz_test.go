package pdf_test

import (
	"bytes"
	"compress/zlib"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/render/pdf"
)

var update = flag.Bool("update", false, "update golden files")

// updating reports whether -update was given.
func updating() bool { return *update }

// TestGoldenPDF keeps a byte-level golden PDF: any change to the bytes
// written for the same input shows up here. Run with -update to accept.
func TestGoldenPDF(t *testing.T) {
	src, err := os.ReadFile("layout/testdata/ops/layout.md")
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
		t.Errorf("PDF bytes differ from %s (run go test -update to accept)\n%s", golden, firstDiff(got, want))
	}
}

// object is one indirect object of a PDF file, or the part after the last
// one (the cross-reference table and the trailer), as written.
type object struct {
	name string // "12 0 obj", or "trailer"
	body []byte
}

// objects splits a PDF file into its objects, in file order.
func objects(data []byte) []object {
	var out []object
	start := regexp.MustCompile(`(?m)^\d+ 0 obj\n`)
	locs := start.FindAllIndex(data, -1)
	for i, l := range locs {
		end := len(data)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := data[l[1]:end]
		if j := bytes.Index(body, []byte("\nendobj\n")); j >= 0 && i+1 == len(locs) {
			out = append(out, object{string(data[l[0] : l[1]-1]), body[:j]})
			out = append(out, object{"trailer", body[j+len("\nendobj\n"):]})
			continue
		}
		out = append(out, object{string(data[l[0] : l[1]-1]), bytes.TrimSuffix(body, []byte("\nendobj\n"))})
	}
	return out
}

// firstDiff describes the first object that differs between two PDF
// files: its number and both versions, a stream's content decompressed.
func firstDiff(got, want []byte) string {
	g, w := objects(got), objects(want)
	for i := range min(len(g), len(w)) {
		if g[i].name != w[i].name || !bytes.Equal(g[i].body, w[i].body) {
			return fmt.Sprintf("first difference in object %d of the file:\n got %s:\n%s\nwant %s:\n%s", i+1, g[i].name, shown(g[i].body), w[i].name, shown(w[i].body))
		}
	}
	return fmt.Sprintf("the files have %d and %d objects, the first %d alike", len(g), len(w), min(len(g), len(w)))
}

// shown is an object's body for a message: the dictionary, and a Flate
// stream's content inflated, each cut at 600 bytes.
func shown(body []byte) string {
	dict, data, ok := bytes.Cut(body, []byte("\nstream\n"))
	cut := func(b []byte) string {
		if len(b) > 600 {
			return fmt.Sprintf("%q... (%d bytes)", b[:600], len(b))
		}
		return fmt.Sprintf("%q", b)
	}
	if !ok {
		return cut(body)
	}
	data = bytes.TrimSuffix(data, []byte("\nendstream"))
	if bytes.Contains(dict, []byte("/FlateDecode")) {
		if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			if raw, err := io.ReadAll(zr); err == nil {
				return cut(dict) + "\nstream, inflated: " + cut(raw)
			}
		}
	}
	return cut(dict) + "\nstream: " + cut(data)
}

// TestFirstDiff checks that a golden's mismatch names the object that
// differs, with its stream's content readable.
func TestFirstDiff(t *testing.T) {
	src, err := os.ReadFile("layout/testdata/ops/layout.md")
	if err != nil {
		t.Fatal(err)
	}
	info := pdf.Info{Title: "Layout Test", Author: "Acme", Creator: "clausemark test", Footer: "test 1.0.0"}
	a := typeset(t, src, pdf.WithInfo(info))
	info.Title = "Layout Tost"
	b := typeset(t, src, pdf.WithInfo(info))
	got := firstDiff(b, a)
	if !strings.Contains(got, "Layout Tost") || !strings.Contains(got, "Layout Test") || !strings.Contains(got, "0 obj") {
		t.Errorf("firstDiff says:\n%s", got)
	}
	if n := len(objects(a)); n < 10 || objects(a)[n-1].name != "trailer" {
		t.Errorf("%d objects, the last %q", n, objects(a)[n-1].name)
	}
}
