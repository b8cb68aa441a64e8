package pdf_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/pdftext"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/textmatch"
)

// typeset renders Markdown to PDF bytes.
func typeset(t testing.TB, src []byte, opts ...pdf.Option) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.NewRenderer(opts...).Convert(src, &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	return buf.Bytes()
}

// check validates data and extracts its text.
func check(t testing.TB, data []byte, size pdf.PageSize) pdftext.Doc {
	t.Helper()
	d, err := pdftext.Read(data, size.Height, pdf.NewConfig().Margins.Top)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestVariantsPDF(t *testing.T) {
	for _, tc := range []struct {
		variant  string
		minPages int
	}{{"opsium", 4}, {"ojoo", 25}} {
		t.Run(tc.variant, func(t *testing.T) {
			doc := variantDoc(t, tc.variant)
			data := typeset(t, doc.Markdown, pdf.WithInfo(pdf.Info{Title: doc.Title, Author: doc.Meta.Processor}))
			c := check(t, data, pdf.A4)
			if c.Pages < tc.minPages {
				t.Errorf("%d pages, want at least %d", c.Pages, tc.minPages)
			}
			if !c.Outlines {
				t.Error("no outline")
			}
			for _, bad := range []string{"&quot;", "&amp;", "&#", "â€", "\ufffd", "<no value>"} {
				if strings.Contains(c.Text, bad) {
					t.Errorf("extracted text contains %q", bad)
				}
			}
			want := textmatch.Words(textmatch.PlainText(doc.Markdown))
			got := textmatch.Words(c.Text)
			r := textmatch.Ratio(got, want)
			t.Logf("%s: %d pages, %d words extracted, %d in the Markdown, ratio %.4f", tc.variant, c.Pages, len(got), len(want), r)
			if r < 0.99 {
				t.Errorf("extracted words match the Markdown at %.4f, want at least 0.99", r)
			}
		})
	}
}

func TestConstructs(t *testing.T) {
	src, err := os.ReadFile("layout/testdata/constructs.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []pdf.PageSize{pdf.A4, pdf.Letter} {
		t.Run(size.Name, func(t *testing.T) {
			data := typeset(t, src, pdf.WithPageSize(size), pdf.WithInfo(pdf.Info{Title: "Every Construct", Footer: "test 1.0.0"}))
			c := check(t, data, size)
			flat := strings.Join(strings.Fields(c.Text), " ")
			for _, want := range []string{
				"“double”", "‘single’", "Customer’s", "1–2", "em dash — here", "middle dot ·", "euro €", "pound £", "yen ¥", "rupee ₹",
				"ü, ø, ł, ş, ő, Ü, Ø, Ł, Ş, Ő, ß, é, ñ", "*not emphasis*", "_not emphasis_", "& ampersand", "1. not a list",
				"Müller & Søn *Stars* _Ltd_", "Zürich Şirket Łódź Ørsted AG", "Subprocessor 40 Ltd", "Third level",
			} {
				if !strings.Contains(flat, want) {
					t.Errorf("extracted text lacks %q", want)
				}
			}
			if n := strings.Count(c.Text, "Purpose of processing"); n < 2 {
				t.Errorf("table header drawn %d times; a 40-row table crosses a page and repeats it", n)
			}
			if !c.Outlines {
				t.Error("no outline")
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	doc := variantDoc(t, "ojoo")
	info := pdf.Info{Title: doc.Title, Author: doc.Meta.Processor, Date: doc.Meta.Date, Creator: "clausemark test"}
	a := typeset(t, doc.Markdown, pdf.WithInfo(info))
	b := typeset(t, doc.Markdown, pdf.WithInfo(info))
	if !bytes.Equal(a, b) {
		t.Fatal("the same input gives different PDFs")
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20260529")) {
		t.Error("creation date is not the document's date")
	}
}

func TestMissingGlyph(t *testing.T) {
	for _, tc := range []struct {
		src, want string
		family    pdf.Family
	}{
		{"# T\n\nA tick ✓ here.\n", `character '✓' (U+2713) in "✓" cannot be drawn: the DejaVu Serif font has no glyph for it`, pdf.Serif},
		{"# T\n\nSmile 😀\n", "U+1F600", pdf.Serif},
		{"# T\n\n**Bold ✓**\n", "DejaVu Serif Bold font", pdf.Serif},
		// regression: the Sans family's faces were named as the Serif's
		{"# T\n\n***Bold italic 😀***\n", "the DejaVu Sans Bold Oblique font", pdf.Sans},
		{"# T\n\n`code 😀`\n", "the DejaVu Sans Mono font", pdf.Sans},
	} {
		err := pdf.NewRenderer(pdf.WithFamily(tc.family)).Convert([]byte(tc.src), io.Discard)
		var ge *pdf.GlyphError
		if !errors.As(err, &ge) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want a GlyphError containing %q", tc.src, err, tc.want)
		}
	}
}

// TestPoppler runs the PDFs through poppler and qpdf, readers independent
// of the code that wrote them. CI installs them; elsewhere the test is
// skipped when they are missing.
func TestPoppler(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdfinfo", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed; .ci/run installs poppler-utils and qpdf", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	dir := t.TempDir()
	for _, variant := range []string{"opsium", "ojoo"} {
		doc := variantDoc(t, variant)
		data := typeset(t, doc.Markdown, pdf.WithInfo(pdf.Info{Title: doc.Title, Author: doc.Meta.Processor}))
		file := filepath.Join(dir, variant+".pdf")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ours := check(t, data, pdf.A4)
		out, err := exec.Command("pdfinfo", file).CombinedOutput()
		if err != nil {
			t.Fatalf("pdfinfo: %v\n%s", err, out)
		}
		if want := fmt.Sprintf("Pages:           %d", ours.Pages); !strings.Contains(string(out), want) {
			t.Errorf("pdfinfo says\n%s\nwant %q", out, want)
		}
		if !strings.Contains(string(out), "Title:           "+doc.Title) {
			t.Errorf("pdfinfo shows no title:\n%s", out)
		}
		text, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		// Poppler keeps the soft hyphen of a word broken at a line's end;
		// the word is read whole again.
		text = bytes.ReplaceAll(text, []byte("\u00ad\n"), nil)
		want := textmatch.Words(textmatch.PlainText(doc.Markdown))
		r := textmatch.Ratio(textmatch.Words(string(text)), want)
		t.Logf("%s: pdftotext words match the Markdown at %.4f", variant, r)
		if r < 0.97 { // pdftotext also reads the running header and footer
			t.Errorf("pdftotext text matches at %.4f", r)
		}
		out, err = exec.Command("qpdf", "--check", file).CombinedOutput()
		if err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
		out, err = exec.Command("qpdf", "--json", "--json-key=outlines", file).Output()
		if err != nil || !strings.Contains(string(out), `"title": "1. `) {
			t.Errorf("qpdf finds no outline: %v\n%.300s", err, out)
		}
	}
}

// TestPageLimit: Markdown that would run past MaxPages pages is refused
// with a PageLimitError, whatever makes the pages (list items, page
// breaks, headings alike, which once took quadratic time to name), and a
// document of MaxPages pages is laid out; Markdown of more than MaxLines
// lines is refused before it is parsed.
func TestPageLimit(t *testing.T) {
	items := strings.Repeat("- "+strings.Repeat("item ", 60)+"\n", 20*(pdf.MaxPages+10))
	breaks := strings.Repeat("x\n\n<!-- pagebreak -->\n\n", pdf.MaxPages+5)
	headings := strings.Repeat("# h\n\n", 12*(pdf.MaxPages+10))
	for _, tc := range []struct {
		name, src string
		fail      bool
	}{
		{"list items", items, true},
		{"page breaks", breaks, true},
		{"headings alike", headings, true},
		{"as many pages as allowed", strings.Repeat("x\n\n<!-- pagebreak -->\n\n", pdf.MaxPages-1) + "x\n", false},
	} {
		if n := strings.Count(tc.src, "\n"); n > pdf.MaxLines {
			t.Fatalf("%s: %d lines, over MaxLines", tc.name, n)
		}
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			err := pdf.NewRenderer().Convert([]byte(tc.src), &b)
			var pe *pdf.PageLimitError
			if tc.fail != errors.As(err, &pe) || !tc.fail && err != nil {
				t.Fatalf("error %v, want a PageLimitError: %v", err, tc.fail)
			}
			if tc.fail && (pe.Max != pdf.MaxPages || b.Len() != 0) {
				t.Errorf("%v, %d bytes written", pe, b.Len())
			}
			if !tc.fail {
				if n := check(t, b.Bytes(), pdf.A4).Pages; n != pdf.MaxPages {
					t.Errorf("%d pages, want %d", n, pdf.MaxPages)
				}
			}
		})
	}
	for _, lines := range []int{pdf.MaxLines, pdf.MaxLines + 1} {
		err := pdf.NewRenderer().Convert([]byte(strings.Repeat("x\n", lines)), io.Discard)
		var le *pdf.LineLimitError
		if got := errors.As(err, &le); got != (lines > pdf.MaxLines) {
			t.Errorf("%d lines: %v", lines, err)
		}
	}
}
