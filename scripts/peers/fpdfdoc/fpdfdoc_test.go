package fpdfdoc_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/render/pdf/layout"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc/pdfdoctest"
	"github.com/clausemark/clausemark/internal/render/pdf/writer"
	"github.com/clausemark/clausemark/scripts/peers/fpdfdoc"
)

var update = flag.Bool("update", false, "update golden files")

// backends are the two Docs the layout draws on: Clausemark's writer and fpdf.
var backends = []struct {
	name string
	new  pdfdoc.New
}{{"writer", writer.New}, {"fpdf", fpdfdoc.New}}

// seed assembles a seed variant of the embedded library.
func seed(t *testing.T, variant string) *document.Document {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	r, err := lib.Resolve(library.Request{Variant: variant})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := assemble.Assemble(r)
	if err != nil {
		t.Fatal(err)
	}
	return doc.Model()
}

// typeset renders doc as the PDF format does, in its house style, on
// newDoc wrapped in a recorder, and returns the file and the recorded
// drawing operations.
func typeset(t *testing.T, doc *document.Document, newDoc pdfdoc.New) (data []byte, ops string) {
	t.Helper()
	o := format.Options{Creator: "clausemark test", DocumentID: "CM-TEST-0000-0000-0001"}
	recorded, rec := pdfdoctest.Wrap(newDoc)
	style := append(pdf.StyleOptions(doc.Style), pdf.WithDoc(recorded))
	data, err := pdf.Typeset(context.Background(), doc.Markdown, pdf.InfoFor(doc.Meta, o), o, style...)
	if err != nil {
		t.Fatal(err)
	}
	return data, rec.Log()
}

// TestSeeds renders both seeds through the layout on each backend: the
// drawing operations are the same for both, and those of the golden
// testdata/SEED.ops; both files open, with as many pages, and hold the
// same text.
func TestSeeds(t *testing.T) {
	for _, variant := range []string{"ojoo", "opsium"} {
		t.Run(variant, func(t *testing.T) {
			doc := seed(t, variant)
			var files [2][]byte
			var ops [2]string
			for i, b := range backends {
				files[i], ops[i] = typeset(t, doc, b.new)
			}
			if ops[0] != ops[1] {
				t.Errorf("the backends were drawn on differently, from %s", firstDiff(ops[1], ops[0]))
			}
			golden(t, filepath.Join("testdata", variant+".ops"), ops[1])

			pages := [2]int{pageCount(t, files[0]), pageCount(t, files[1])}
			if pages[0] != pages[1] || pages[0] < 2 {
				t.Errorf("%d pages from the writer, %d from fpdf", pages[0], pages[1])
			}
			text := [2]string{pdftotext(t, files[0]), pdftotext(t, files[1])}
			for _, want := range []string{doc.Title, doc.Meta.Processor, "Page 1 of " + strconv.Itoa(pages[1]), "CM-TEST-0000-0000-0001"} {
				if !strings.Contains(text[1], want) {
					t.Errorf("fpdf's file lacks %q", want)
				}
			}
			if words := [2][]string{strings.Fields(text[0]), strings.Fields(text[1])}; !equal(words[0], words[1]) {
				t.Errorf("the files' text differs, from %s", firstDiff(strings.Join(words[1], "\n"), strings.Join(words[0], "\n")))
			}
		})
	}
}

// TestLayoutGoldens: fpdf, wrapped in the recorder, is drawn on as the
// layout's own golden logs (layout/testdata/ops) say.
func TestLayoutGoldens(t *testing.T) {
	files, _ := filepath.Glob("../../../internal/render/pdf/layout/testdata/ops/*.md")
	if len(files) == 0 {
		t.Fatal("no layout/testdata/ops/*.md")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(f, ".md") + ".ops")
			if err != nil {
				t.Fatal(err)
			}
			newDoc, rec := pdfdoctest.Wrap(fpdfdoc.New)
			var out bytes.Buffer
			r := layout.NewRenderer(layout.WithDoc(newDoc), layout.WithInfo(layout.Info{Title: "Layout Test", Footer: "test 1.0.0"}))
			if err := r.Convert(src, &out); err != nil {
				t.Fatal(err)
			}
			if got := rec.Log(); got != string(want) {
				t.Errorf("the log differs from %s, from %s", f, firstDiff(got, string(want)))
			}
			if n, want := pageCount(t, out.Bytes()), len(regexp.MustCompile(`(?m)^page `).FindAllString(string(want), -1)); n != want {
				t.Errorf("%d pages, want %d", n, want)
			}
		})
	}
}

// TestImages: a PNG and a JPEG are embedded, and one drawn twice is
// embedded once.
func TestImages(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var p, j bytes.Buffer
	if err := png.Encode(&p, img); err != nil {
		t.Fatal(err)
	}
	gray := image.NewGray(image.Rect(0, 0, 30, 30))
	for i := range gray.Pix {
		gray.Pix[i] = color.Gray{Y: uint8(i)}.Y
	}
	if err := jpeg.Encode(&j, gray, nil); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"a.png": p.Bytes(), "b.jpg": j.Bytes()}
	read := func(dest string) ([]byte, error) {
		if b, ok := files[dest]; ok {
			return b, nil
		}
		return nil, os.ErrNotExist
	}
	src := []byte("# Images\n\n![a](a.png)\n\n![b](b.jpg)\n\n![a again](a.png)\n")
	var out bytes.Buffer
	r := pdf.NewRenderer(pdf.WithDoc(fpdfdoc.New), pdf.WithImages(read))
	if err := r.Convert(src, &out); err != nil {
		t.Fatal(err)
	}
	list := run(t, out.Bytes(), "pdfimages", "-list", "FILE")
	// page num type width height color comp bpc enc interp object ID ...;
	// a PNG's alpha channel is listed as its smask.
	var kinds []string
	objects := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(list), "\n")[2:] {
		if f := strings.Fields(l); f[2] == "image" {
			kinds = append(kinds, f[3]+"x"+f[4]+" "+f[8])
			objects[f[10]] = true
		}
	}
	if got := strings.Join(kinds, ", "); got != "40x20 image, 30x30 jpeg, 40x20 image" || len(objects) != 2 {
		t.Errorf("images drawn: %s, in %d objects, want 2\n%s", got, len(objects), list)
	}
}

// TestSameBytes: the same calls give the same file.
func TestSameBytes(t *testing.T) {
	doc := seed(t, "opsium")
	a, _ := typeset(t, doc, fpdfdoc.New)
	b, _ := typeset(t, doc, fpdfdoc.New)
	if !bytes.Equal(a, b) {
		t.Error("two renderings of one document differ")
	}
}

// TestPDFA: fpdf writes no PDF/A, and says so.
func TestPDFA(t *testing.T) {
	r := pdf.NewRenderer(pdf.WithDoc(fpdfdoc.New), pdf.WithPDFA(true))
	if err := r.Convert([]byte("# T\n\nText.\n"), &bytes.Buffer{}); !errors.Is(err, fpdfdoc.ErrPDFA) {
		t.Errorf("error %v, want %v", err, fpdfdoc.ErrPDFA)
	}
}

// golden compares got with the file name, or writes it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("the drawing operations differ from %s, from %s (run go test -update to accept)", name, firstDiff(got, string(want)))
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got " + g[i] + "\nwant " + w[i]
		}
	}
	return "the end: " + strconv.Itoa(len(g)) + " lines, want " + strconv.Itoa(len(w))
}

// run writes data to a file and runs the tool name on it, with args in
// which "FILE" stands for the file.
func run(t *testing.T, data []byte, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s is not installed: %v", name, err)
	}
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, a := range args {
		if a == "FILE" {
			args[i] = file
		}
	}
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(out)
}

// pageCount returns the pages pdfinfo counts.
func pageCount(t *testing.T, data []byte) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(run(t, data, "pdfinfo", "FILE"))
	if m == nil {
		t.Fatal("pdfinfo counts no pages")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// pdftotext returns the text of data as pdftotext reads it, in reading order.
func pdftotext(t *testing.T, data []byte) string {
	t.Helper()
	return run(t, data, "pdftotext", "FILE", "-")
}

func equal(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }
