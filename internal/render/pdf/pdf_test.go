package pdf_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/textmatch"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
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

// checked is a PDF validated by pdfcpu, with its text extracted in reading order.
type checked struct {
	pages    int
	text     string // body text, running header and footer left out
	outlines bool
}

// check validates data with pdfcpu and extracts its text. Validation is
// relaxed: fpdf writes /Count 0 on outline items that have children, which
// strict validation rejects and every reader accepts.
func check(t testing.TB, data []byte, size pdf.PageSize) checked {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), conf)
	if err != nil {
		t.Fatalf("pdfcpu validation: %v", err)
	}
	cat, err := ctx.XRefTable.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	c := checked{pages: ctx.PageCount, outlines: cat["Outlines"] != nil}
	var b strings.Builder
	for p := 1; p <= ctx.PageCount; p++ {
		r, err := pdfcpu.ExtractPageContent(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		content, _ := io.ReadAll(r)
		b.WriteString(pageText(t, content, size))
		b.WriteByte('\n')
	}
	c.text = b.String()
	return c
}

type textOp struct {
	x, y float64
	s    string
}

// pageText reads the text-showing operators of a content stream, keeps
// the body (between the margins), and joins it in reading order: top to
// bottom, then left to right. Text is UTF-16 in Identity-H fonts, as fpdf
// writes it.
func pageText(t testing.TB, content []byte, size pdf.PageSize) string {
	t.Helper()
	var ops []textOp
	var nums []float64
	var x, y float64
	for i := 0; i < len(content); {
		c := content[i]
		switch {
		case c == '(':
			s, n := literal(content[i:])
			i += n
			rest := strings.TrimLeft(string(content[i:min(len(content), i+8)]), " ")
			if strings.HasPrefix(rest, "Tj") {
				ops = append(ops, textOp{x, y, decodeUTF16(s)})
			}
			nums = nums[:0]
		case c == ' ' || c == '\n' || c == '\r':
			i++
		default:
			j := i
			for j < len(content) && content[j] != ' ' && content[j] != '\n' && content[j] != '(' {
				j++
			}
			tok := string(content[i:j])
			if f, err := strconv.ParseFloat(tok, 64); err == nil {
				nums = append(nums, f)
			} else {
				if tok == "Td" && len(nums) >= 2 {
					x, y = nums[len(nums)-2], nums[len(nums)-1]
				}
				nums = nums[:0]
			}
			i = max(j, i+1)
		}
	}
	const ptPerMM = 72 / 25.4
	top := (size.Height - 25) * ptPerMM
	bottom := 25 * ptPerMM
	var body []textOp
	for _, op := range ops {
		if op.y <= top+1 && op.y >= bottom-3 {
			body = append(body, op)
		}
	}
	sort.SliceStable(body, func(i, j int) bool {
		if d := body[i].y - body[j].y; d > 1.5 || d < -1.5 {
			return body[i].y > body[j].y
		}
		return body[i].x < body[j].x
	})
	var b strings.Builder
	for i, op := range body {
		if i > 0 {
			if d := body[i-1].y - op.y; d > 1.5 || d < -1.5 {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(op.s)
	}
	return b.String()
}

// literal parses a PDF literal string at the start of b.
func literal(b []byte) ([]byte, int) {
	var out []byte
	depth := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\\' && i+1 < len(b):
			i++
			switch e := b[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			default:
				if e >= '0' && e <= '7' {
					v, n := 0, 0
					for n < 3 && i < len(b) && b[i] >= '0' && b[i] <= '7' {
						v = v*8 + int(b[i]-'0')
						i++
						n++
					}
					i--
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
		case c == '(':
			if depth > 0 {
				out = append(out, c)
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return out, i + 1
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out, len(b)
}

func decodeUTF16(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
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
			if c.pages < tc.minPages {
				t.Errorf("%d pages, want at least %d", c.pages, tc.minPages)
			}
			if !c.outlines {
				t.Error("no outline")
			}
			for _, bad := range []string{"&quot;", "&amp;", "&#", "â€", "\ufffd", "<no value>"} {
				if strings.Contains(c.text, bad) {
					t.Errorf("extracted text contains %q", bad)
				}
			}
			want := textmatch.Words(textmatch.PlainText(doc.Markdown))
			got := textmatch.Words(c.text)
			r := textmatch.Ratio(got, want)
			t.Logf("%s: %d pages, %d words extracted, %d in the Markdown, ratio %.4f", tc.variant, c.pages, len(got), len(want), r)
			if r < 0.99 {
				t.Errorf("extracted words match the Markdown at %.4f, want at least 0.99", r)
			}
		})
	}
}

func TestConstructs(t *testing.T) {
	src, err := os.ReadFile("testdata/constructs.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []pdf.PageSize{pdf.A4, pdf.Letter} {
		t.Run(size.Name, func(t *testing.T) {
			data := typeset(t, src, pdf.WithPageSize(size), pdf.WithInfo(pdf.Info{Title: "Every Construct", Footer: "test 1.0.0"}))
			c := check(t, data, size)
			flat := strings.Join(strings.Fields(c.text), " ")
			for _, want := range []string{
				"“double”", "‘single’", "Customer’s", "1–2", "em dash — here", "middle dot ·", "euro €", "pound £", "yen ¥", "rupee ₹",
				"ü, ø, ł, ş, ő, Ü, Ø, Ł, Ş, Ő, ß, é, ñ", "*not emphasis*", "_not emphasis_", "& ampersand", "1. not a list",
				"Müller & Søn *Stars* _Ltd_", "Zürich Şirket Łódź Ørsted AG", "Subprocessor 40 Ltd", "Third level",
			} {
				if !strings.Contains(flat, want) {
					t.Errorf("extracted text lacks %q", want)
				}
			}
			if n := strings.Count(c.text, "Purpose of processing"); n < 2 {
				t.Errorf("table header drawn %d times; a 40-row table crosses a page and repeats it", n)
			}
			if !c.outlines {
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
	for _, tc := range []struct{ src, want string }{
		{"# T\n\nA tick ✓ here.\n", `character '✓' (U+2713) in "✓" cannot be drawn: the DejaVu Serif font has no glyph for it`},
		{"# T\n\nSmile 😀\n", "U+1F600"},
		{"# T\n\n**Bold ✓**\n", "DejaVu Serif Bold font"},
	} {
		err := pdf.NewRenderer().Convert([]byte(tc.src), io.Discard)
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
		if want := fmt.Sprintf("Pages:           %d", ours.pages); !strings.Contains(string(out), want) {
			t.Errorf("pdfinfo says\n%s\nwant %q", out, want)
		}
		if !strings.Contains(string(out), "Title:           "+doc.Title) {
			t.Errorf("pdfinfo shows no title:\n%s", out)
		}
		text, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
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
