package layout

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/render/fuzzdeadline"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

var updateOps = flag.Bool("update", false, "update golden files")

// record renders src through the recording Doc and returns the log.
func record(t *testing.T, src []byte, opts ...Option) string {
	t.Helper()
	fonts, err := LoadFonts()
	if err != nil {
		t.Fatal(err)
	}
	r := testRenderer(append([]Option{WithFonts(fonts), WithInfo(Info{Title: "Layout Test", Footer: "test 1.0.0"})}, opts...)...)
	doc := r.Markdown().Parser().Parse(text.NewReader(src), parser.WithContext(mdext.NewContext()))
	rec := &recorder{}
	if err := r.render(context.Background(), rec, fonts, src, doc); err != nil {
		t.Fatal(err)
	}
	return rec.log.String()
}

// TestOps compares the drawing operations for testdata/ops/*.md with the
// golden .ops files. Run with -update to accept a change. The fixtures in
// testdata/ops/style set options of a house style on their first line
// (see fixtureOptions); those directly in testdata/ops set none, and the
// other backends' tests check them too.
func TestOps(t *testing.T) {
	files, _ := filepath.Glob("testdata/ops/*.md")
	if len(files) == 0 {
		t.Fatal("no testdata/ops/*.md")
	}
	style, _ := filepath.Glob("testdata/ops/style/*.md")
	files = append(files, style...)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			opts, err := fixtureOptions(src)
			if err != nil {
				t.Fatal(err)
			}
			got := record(t, src, opts...)
			golden := strings.TrimSuffix(f, ".md") + ".ops"
			if *updateOps {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := 0; i < min(len(g), len(w)); i++ {
					if g[i] != w[i] {
						t.Fatalf("%s differs at line %d:\n got %s\nwant %s", golden, i+1, g[i], w[i])
					}
				}
				t.Fatalf("%s differs in length: got %d lines, want %d", golden, len(g), len(w))
			}
		})
	}
}

// fixtureOptions reads the options a fixture asks for on its first line,
// an HTML comment the layout skips:
//
//	<!-- ops: contents; legal; numbered; hyphenate=false; place=Place; header=Title · A and B -->
func fixtureOptions(src []byte) ([]Option, error) {
	first, _, _ := strings.Cut(string(src), "\n")
	list, ok := strings.CutPrefix(first, "<!-- ops:")
	if !ok {
		return nil, nil
	}
	list = strings.TrimSuffix(strings.TrimSpace(list), "-->")
	info := Info{Title: "Layout Test", Footer: "test 1.0.0"}
	var opts []Option
	for _, o := range strings.Split(list, ";") {
		key, val, _ := strings.Cut(strings.TrimSpace(o), "=")
		switch key {
		case "":
		case "contents":
			opts = append(opts, WithContents(true))
		case "legal":
			opts = append(opts, WithLists(Legal))
		case "numbered":
			opts = append(opts, WithNumberedParagraphs(true))
		case "hyphenate":
			opts = append(opts, WithHyphenation(val != "false"))
		case "place":
			opts = append(opts, WithSignaturePlace(val))
		case "header":
			info.Header = val
		default:
			return nil, fmt.Errorf("unknown fixture option %q", key)
		}
	}
	return append(opts, WithInfo(info)), nil
}

// TestMargins checks that no text is drawn outside the margins, even for
// long URLs, e-mail addresses and table cells; spaces, which show
// nothing, aside.
func TestMargins(t *testing.T) {
	src, err := os.ReadFile("testdata/constructs.md")
	if err != nil {
		t.Fatal(err)
	}
	fonts, _ := LoadFonts()
	for _, size := range []PageSize{A4, Letter} {
		log := record(t, src, WithPageSize(size))
		cfg := NewConfig()
		face, pt := Regular, 0.0
		for _, l := range strings.Split(log, "\n") {
			f := strings.Fields(l)
			if len(f) == 0 {
				continue
			}
			switch f[0] {
			case "font":
				pt, _ = strconv.ParseFloat(f[len(f)-1], 64)
				for fc := Regular; fc <= Mono; fc++ {
					if strings.HasPrefix(l, "font "+fonts.Name(fc)+" ") {
						face = fc
					}
				}
			case "text":
				x, _ := strconv.ParseFloat(f[1], 64)
				s, err := strconv.Unquote(strings.Join(f[3:], " "))
				if err != nil {
					t.Fatalf("bad log line %q", l)
				}
				// The space after a line's last word, drawn so that
				// extracted text keeps the words apart, shows nothing.
				right := x + textWidth(fonts, face, pt, strings.TrimRight(s, " "))
				if x < cfg.Margins.Left-0.01 || right > size.Width-cfg.Margins.Right+0.05 {
					t.Errorf("%s: %q drawn from %.2f to %.2f, outside the margins %.0f..%.2f", size.Name, s, x, right, cfg.Margins.Left, size.Width-cfg.Margins.Right)
				}
			}
		}
	}
}

// TestOutlineAndLinks checks that every heading gets a bookmark and every
// cross-reference an internal link to its heading.
func TestOutlineAndLinks(t *testing.T) {
	log := record(t, []byte("# Title\n\n## 1. One\n\nSee [Section 2 (Two)](#2-two).\n\n### 1.1 Sub\n\nText.\n\n## 2. Two\n\nBack to [Section 1 (One)](#1-one) and a [missing](#nowhere) one.\n"))
	for _, want := range []string{`bookmark 0 `, `"1. One"`, `bookmark 1 `, `"1.1 Sub"`, `"2. Two"`, "-> 1", "-> 2"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q", want)
		}
	}
	if strings.Count(log, "setlink") != 3 {
		t.Errorf("want a link target at each heading:\n%s", log)
	}
	if strings.Contains(log, "nowhere") {
		t.Error("a link to a heading that does not exist was made")
	}
}

// TestWidowsAndOrphans fills a page so that a paragraph must break, and
// checks that neither page holds a single line of it.
func TestWidowsAndOrphans(t *testing.T) {
	para := strings.Repeat("This sentence is long enough to fill some of a line of text. ", 6)
	// Each step adds one line before the paragraph, so it meets the foot of
	// the page at every possible line.
	for filler := 1; filler < 60; filler++ {
		src := "# T\n\n" + strings.Repeat("Filler line.\\\n", filler) + "Filler end.\n\nLAST " + para + "\n\n## Heading\n\nAfter.\n"
		log := record(t, []byte(src))
		// The paragraph runs from LAST to the heading's bookmark.
		para := log[strings.Index(log, `"LAST`):strings.Index(log, `bookmark 0`)]
		for i, p := range strings.Split(para, "\npage ") {
			lines := map[string]bool{}
			for _, l := range strings.Split(p, "\n") {
				f := strings.Fields(l)
				if len(f) < 4 || f[0] != "text" {
					continue
				}
				if y, _ := strconv.ParseFloat(f[2], 64); y > 25 && y < 272 { // the body, not header or footer
					lines[f[2]] = true
				}
			}
			if len(lines) == 1 {
				t.Fatalf("filler %d: a page holds a single line of the paragraph (part %d)", filler, i+1)
			}
		}
		for _, p := range strings.Split(log, "\npage ") {
			if strings.Contains(p, `"Heading"`) && !strings.Contains(p, `"After."`) {
				t.Fatalf("filler %d: heading alone at the foot of a page", filler)
			}
		}
	}
}

// FuzzMarkdown lays out arbitrary Markdown through the recording Doc. It
// may fail with a GlyphError (a character the fonts lack), an ImageError,
// a TableError (too many columns) or an mdext.NestingError (lists and
// quotes nested too deep), and with nothing else: no panic, no other
// error, no text outside the page, and no input that takes longer than
// the fuzz deadline.
func FuzzMarkdown(f *testing.F) {
	seed, err := os.ReadFile("testdata/constructs.md")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("# T\n\n| a |\n|---|\n| " + strings.Repeat("x", 500) + " |\n"))
	f.Add([]byte("- \n  - \n    - \n\n> > > deep\n\n```\n\t\ttabs\n```\n"))
	f.Add([]byte("<!-- signatures: A -->\n\n- :\n- For X:\n"))
	f.Add([]byte("[a](#)[b](#x)\n\n# \n\n## \n\n###### h6\n\n---\n<!-- pagebreak -->\n<!-- pagebreak -->\n"))
	f.Add([]byte("There are {nb} pages, (parens) \\ and \r returns.\n")) // fpdf replaced {nb} anywhere
	f.Add([]byte("| a | b | c | d | e | f | g | h | i | j | k | l | m | n |\n|-|-|-|-|-|-|-|-|-|-|-|-|-|-|\n| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 |\n"))
	for _, c := range hostile {
		f.Add([]byte(c.src))
	}
	fonts, err := LoadFonts()
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("# T\n\n![a](a.png)\n\n## 1. A\n\nOne.\n\nTwo:\n\n- x\n  - y\n\n### 1.1 B\n\n* * *\n\nEnd.\n"))
	f.Add([]byte("# T\n\n## 1. ![x](y) A\n\n## Appendix\n\n## \n\n##   \n\n1. a\n\n   b\n"))
	// Inputs of odd length are set in a legal house style: lettered lists,
	// numbered paragraphs, contents and a logo.
	var logo bytes.Buffer
	if err := png.Encode(&logo, image.NewNRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		f.Fatal(err)
	}
	plain := testRenderer(WithFonts(fonts))
	house := testRenderer(WithFonts(fonts), WithLists(Legal), WithNumberedParagraphs(true), WithContents(true), WithLogo(logo.Bytes()))
	md := plain.Markdown()
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 40000 {
			return
		}
		r := plain
		if len(src)%2 == 1 {
			r = house
		}
		// Parsing, layout and writing the file, under a deadline: a slow
		// input fails and is saved.
		rec := &recorder{}
		var (
			err error
			buf bytes.Buffer
		)
		if werr := fuzzdeadline.Run(t, src, func(ctx context.Context) error {
			doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(mdext.NewContext()))
			if err = r.render(ctx, rec, fonts, src, doc); err != nil {
				return nil
			}
			return r.RenderContext(ctx, &buf, src, doc)
		}); werr != nil {
			t.Fatalf("write: %v", werr)
		}
		var ge *GlyphError
		var te *TableError
		var ie *ImageError
		var ne *mdext.NestingError
		if err != nil && !errors.As(err, &ge) && !errors.As(err, &te) && !errors.As(err, &ie) && !errors.As(err, &ne) {
			t.Fatalf("render: %v", err)
		}
		for _, l := range strings.Split(rec.log.String(), "\n") {
			if f := strings.Fields(l); len(f) > 3 && f[0] == "text" {
				if y, _ := strconv.ParseFloat(f[2], 64); y < 0 || y > A4.Height {
					t.Fatalf("text drawn off the page: %s", l)
				}
			}
		}
		if err != nil {
			return
		}
		// The same document through the PDF writer: a whole file, whose
		// cross-reference table is where the trailer says.
		out := buf.Bytes()
		i := bytes.LastIndex(out, []byte("startxref\n"))
		if i < 0 || !bytes.HasSuffix(out, []byte("%%EOF\n")) {
			t.Fatal("no trailer")
		}
		at, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(string(out[i+len("startxref\n"):]), "%%EOF\n")))
		if err != nil || at >= len(out) || !bytes.HasPrefix(out[at:], []byte("xref\n")) {
			t.Fatalf("startxref %q does not point at the xref table", out[i:])
		}
	})
}

// hostile is Markdown that once made layout loop, exhaust memory or take
// more than linear time.
var hostile = []struct {
	name, src string
	columns   bool // refused: more columns than fit
}{
	{name: "long word in a table cell", src: "| Name | Purpose | Location |\n|---|---|---|\n| " + strings.Repeat("x", 400) + " | hosting | EU |\n"},
	{name: "long word in a narrow column", src: "| a | b | c | d | e | f | g | h | i | j | k | l |\n|-|-|-|-|-|-|-|-|-|-|-|-|\n| " + strings.Repeat("w", 500) + " | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |\n"},
	{name: "2-column table with a 400-character URL", src: "| a | b |\n|---|---|\n| https://example.com/" + strings.Repeat("a/", 200) + " | x |\n"},
	{name: "64 columns", src: "|" + strings.Repeat(" c |", 64) + "\n|" + strings.Repeat("-|", 64) + "\n|" + strings.Repeat(" v |", 64) + "\n", columns: true},
	{name: "block quotes 30 deep", src: strings.Repeat(">", 30) + " deep quote with a " + strings.Repeat("y", 300) + " word\n"},
	{name: "lists 25 deep", src: func() string {
		var b strings.Builder
		for i := range 25 {
			b.WriteString(strings.Repeat("  ", i) + "- item " + strings.Repeat("z", 80) + "\n")
		}
		return b.String()
	}()},
	{name: "20,000-character title", src: "# " + strings.Repeat("word ", 4000) + "\n\ntext\n"},
	{name: "20,000-character unbroken heading", src: "# T\n\n## " + strings.Repeat("h", 20000) + "\n"},
	{name: "table row taller than a page", src: "| a | b |\n|---|---|\n| " + strings.Repeat("\xdb\xdbxxxxxxxx ", 2000) + " | " + strings.Repeat("y ", 3000) + " |\n| c | d |\n"},
	{name: "table header taller than a page", src: "| " + strings.Repeat("head ", 4000) + " |\n|---|\n| a |\n| b |\n"},
	{name: "party name longer than a page", src: "<!-- signatures: Signature, Name -->\n\n- For A: " + strings.Repeat("name ", 6000) + "\n- For B: C\n"},
	{name: "300 signature lines", src: "<!-- signatures: " + strings.Repeat("Line, ", 300) + "Date -->\n\n- For A: B\n- For C: D\n"},
	{name: "strikethrough", src: "within ~~thirty (30)~~ forty-five (45) days\n"},
	{name: "lists 100 deep, the most", src: nestedList(mdext.MaxNesting, "  ", "- ")},
	{name: "quotes in lists in quotes, 100 deep", src: nestedList(mdext.MaxNesting/2, "> - ", "> - ")},
}

// nestedList returns n lines, line i (from 0) the prefix i times, then
// marker and text: lists (or quotes) nested n deep.
func nestedList(n int, prefix, marker string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(prefix, i) + marker + "item " + strconv.Itoa(i) + "\n")
	}
	return b.String()
}

// TestNestingRefused typesets lists and quotes nested one level past
// mdext.MaxNesting, and 4,000 levels (16 MB, which took 105 s): an error
// naming the line of the level too many, as too many columns are refused,
// and no page laid out.
func TestNestingRefused(t *testing.T) {
	m := mdext.MaxNesting
	for _, tc := range []struct {
		name string
		src  string
		line int
	}{
		{"lists one past", "# T\n\n" + nestedList(m+1, "  ", "- "), m + 3},
		{"lists 4,000 deep", nestedList(4000, "  ", "- "), m + 1},
		{"quotes one past", strings.Repeat(">", m+1) + " x\n", 1},
		{"quotes in lists in quotes", nestedList(m, "> - ", "> - "), m/2 + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := testRenderer().Convert([]byte(tc.src), &buf)
			var ne *mdext.NestingError
			if !errors.As(err, &ne) || ne.Line != tc.line {
				t.Fatalf("error %v, want a NestingError at line %d", err, tc.line)
			}
			if want := fmt.Sprintf("line %d: lists and block quotes nest %d deep; at most %d", tc.line, m+1, m); !strings.Contains(err.Error(), want) {
				t.Errorf("error %q, want it to say %q", err, want)
			}
			if buf.Len() > 0 {
				t.Errorf("%d bytes written", buf.Len())
			}
		})
	}
}

// TestHostileLayout lays out each hostile input and checks that the work
// done is bounded by a linear function of the input: the drawing
// operations grow with the text, not with its square. A loop would fail
// the test by its timeout.
func TestHostileLayout(t *testing.T) {
	fonts, err := LoadFonts()
	if err != nil {
		t.Fatal(err)
	}
	r := testRenderer(WithFonts(fonts), WithInfo(Info{Title: "Hostile", Footer: "test"}))
	for _, c := range hostile {
		t.Run(c.name, func(t *testing.T) {
			src := []byte(c.src)
			doc := r.Markdown().Parser().Parse(text.NewReader(src), parser.WithContext(mdext.NewContext()))
			rec := &recorder{}
			err := r.render(context.Background(), rec, fonts, src, doc)
			var te *TableError
			if c.columns {
				if !errors.As(err, &te) || te.Line != 1 || te.Columns != 64 || te.Max < 10 {
					t.Fatalf("error %v, want a TableError for 64 columns at line 1", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n := rec.log.Len(); n > 100*len(src)+20000 {
				t.Errorf("%d bytes of drawing operations for %d bytes of input", n, len(src))
			}
			checkMargins(t, rec.log.String())
		})
	}
}

// checkMargins fails when text starts outside the page's text area.
func checkMargins(t *testing.T, log string) {
	t.Helper()
	for _, l := range strings.Split(log, "\n") {
		f := strings.Fields(l)
		if len(f) < 4 || f[0] != "text" {
			continue
		}
		x, _ := strconv.ParseFloat(f[1], 64)
		y, _ := strconv.ParseFloat(f[2], 64)
		if x < 0 || x > A4.Width || y < 0 || y > A4.Height {
			t.Fatalf("text drawn off the page: %.80s", l)
		}
	}
}

// TestCancel stops layout when the context is done.
func TestCancel(t *testing.T) {
	fonts, err := LoadFonts()
	if err != nil {
		t.Fatal(err)
	}
	src := []byte(strings.Repeat("A paragraph of contract text.\n\n", 500))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := testRenderer(WithFonts(fonts))
	doc := r.Markdown().Parser().Parse(text.NewReader(src), parser.WithContext(mdext.NewContext()))
	rec := &recorder{}
	err = r.render(ctx, rec, fonts, src, doc)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if rec.page > 1 {
		t.Errorf("laid out %d pages after cancellation", rec.page)
	}
}

// cancelOnPage is a recorder that cancels a context when a page is added:
// layout is then in the middle of a block.
type cancelOnPage struct {
	recorder
	at     int
	cancel context.CancelFunc
}

func (r *cancelOnPage) AddPage() {
	r.recorder.AddPage()
	if r.pages == r.at {
		r.cancel()
	}
}

// TestCancelInsideBlock stops layout inside a block many pages long (a
// paragraph, code, a table, a heading): the context is checked line by
// line and row by row, not only between blocks.
func TestCancelInsideBlock(t *testing.T) {
	fonts, err := LoadFonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, src string }{
		{"paragraph", strings.Repeat("contract words ", 40000) + "\n"},
		{"code", "```\n" + strings.Repeat("code line\n", 20000) + "```\n"},
		{"table", "| a | b |\n|---|---|\n" + strings.Repeat("| x | y |\n", 5000)},
		{"heading", "# T\n\n## " + strings.Repeat("heading words ", 40000) + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := testRenderer(WithFonts(fonts))
			src := []byte(tc.src)
			doc := r.Markdown().Parser().Parse(text.NewReader(src), parser.WithContext(mdext.NewContext()))
			rec := &cancelOnPage{at: 2, cancel: cancel}
			err := r.render(ctx, rec, fonts, src, doc)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("error %v, want context.Canceled", err)
			}
			if rec.pages > 3 {
				t.Errorf("laid out %d pages after cancellation on page 2", rec.pages)
			}
		})
	}
}

// pageOfText returns the page on which the log draws text, with or
// without the space after a word, 0 if none.
func pageOfText(log, text string) int {
	page := 0
	q, spaced := strconv.Quote(text), strconv.Quote(text+" ")
	for _, l := range strings.Split(log, "\n") {
		if n, ok := strings.CutPrefix(l, "page "); ok {
			page, _ = strconv.Atoi(n)
		}
		if strings.HasPrefix(l, "text ") && (strings.HasSuffix(l, " "+q) || strings.HasSuffix(l, " "+spaced)) {
			return page
		}
	}
	return 0
}

// TestKeepWithNext fills a page so that a heading meets its foot at every
// possible line, and checks that the heading is never the last thing on
// its page: a sub-heading stays with a paragraph of three lines (which
// cannot be split without a single line on one page), and an appendix
// heading with the sub-heading below it and that one's text.
func TestKeepWithNext(t *testing.T) {
	three := "Backup, redundancy and recovery measures follow this heading, long enough to wrap across the column twice and a little more, so that the text ends on a third line here."
	for _, tc := range []struct {
		name, after string
		heading     string // the heading that must not stand alone
		first       string // the first word drawn after it
	}{
		{"sub-heading before three lines", "### B.8 Backup\n\n" + three + "\n", "B.8 Backup", "Backup,"},
		{"appendix heading before a sub-heading", "## Appendix B – Measures\n\n### B.1 Access\n\n" + three + "\n", "Appendix B – Measures", "Backup,"},
		{"heading before a list", "### B.2 Logging\n\n- " + three + "\n- Two.\n", "B.2 Logging", "Backup,"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for filler := 20; filler < 48; filler++ {
				src := "# T\n\n" + strings.Repeat("Filler line.\\\n", filler) + "Filler end.\n\n" + tc.after
				log := record(t, []byte(src))
				h, first := pageOfText(log, tc.heading), pageOfText(log, tc.first)
				if h == 0 || first == 0 {
					t.Fatalf("filler %d: %q on page %d, %q on page %d", filler, tc.heading, h, tc.first, first)
				}
				if h != first {
					t.Errorf("filler %d: %q alone at the foot of page %d, its text on page %d", filler, tc.heading, h, first)
				}
			}
		})
	}
}

// TestHyphenLastWord sets paragraphs whose last word, "information.",
// meets the end of a line at every place it can, and checks that it is
// never hyphenated, leaving "tion." alone on the last line; and that with
// hyphenation off no word anywhere is.
func TestHyphenLastWord(t *testing.T) {
	var b strings.Builder
	b.WriteString("# T\n\n")
	for i := range 40 {
		b.WriteString(strings.Repeat("data ", 12+i/4) + strings.Repeat("x", i%4+1) + " the processing of information.\n\n")
	}
	src := []byte(b.String())
	log := record(t, src)
	for _, tail := range []string{"formation.", "mation.", "tion."} {
		if strings.Contains(log, " \""+tail) {
			t.Errorf("a paragraph's last word is hyphenated, %q starting a line", tail)
		}
	}
	// The log quotes text with %q, which writes a soft hyphen as \u00ad.
	hyphen := strings.Trim(strconv.Quote(softHyphen), `"`)
	if !strings.Contains(log, hyphen) {
		t.Error("no word is hyphenated at all: the test sets no justified text")
	}
	if log := record(t, src, WithHyphenation(false)); strings.Contains(log, hyphen) {
		t.Error("a word is hyphenated with hyphenation off")
	}
}

// TestContentsWrap sets testdata/ops/contents.md and checks that no title is cut
// short, that a wrapped title's lines after the first are indented, that
// every dotted leader ends at one x, and that the page numbers end at the
// right margin.
func TestContentsWrap(t *testing.T) {
	fonts, _ := LoadFonts()
	src, err := os.ReadFile("testdata/ops/style/contents.md")
	if err != nil {
		t.Fatal(err)
	}
	opts, _ := fixtureOptions(src)
	cfg := NewConfig()
	right := cfg.Page.Width - cfg.Margins.Right
	var ends []float64
	var words strings.Builder
	all := texts(t, record(t, src, opts...))
	for i, tx := range all {
		// The contents are filled in last, on page 1, after the body,
		// in the body's size.
		if tx.page != 1 || tx.y < 50 || tx.y > 250 || i < len(all)/2 {
			continue
		}
		end := tx.x + textWidth(fonts, Regular, cfg.BodySize, tx.s)
		switch {
		case strings.HasPrefix(tx.s, " ."):
			ends = append(ends, end)
		case tx.s[0] >= '0' && tx.s[0] <= '9' && !strings.Contains(tx.s, " "):
			if math.Abs(end-right) > 0.01 {
				t.Errorf("page number %q ends at %.2f, not at the margin %.2f", tx.s, end, right)
			}
		default:
			words.WriteString(tx.s + " ")
			if tx.s == "Transfer" {
				if want := 25 + textWidth(fonts, Regular, cfg.BodySize, "Appendix D – "); math.Abs(tx.x-want) > 0.01 {
					t.Errorf("a wrapped line at %.2f, want it under the title after its number, at %.2f", tx.x, want)
				}
			}
			if strings.Contains(tx.s, "…") {
				t.Errorf("contents line cut short: %q", tx.s)
			}
		}
	}
	if len(ends) != 4 {
		t.Fatalf("%d leaders, want 4", len(ends))
	}
	for _, e := range ends[1:] {
		if math.Abs(e-ends[0]) > 0.01 {
			t.Errorf("leaders end at %.2f and %.2f", ends[0], e)
		}
	}
	for _, title := range []string{
		"12. Security Incidents and Breach Notification, with the Information Each Notice Gives",
		"Appendix D – Annex I to the Standard Contractual Clauses: Parties and Transfer",
	} {
		if !strings.Contains(words.String(), title+" ") {
			t.Errorf("contents lack %q whole:\n%s", title, words.String())
		}
	}
}

// TestRunningHeader checks that a header too long for one line is set on
// two, broken after the title, with nothing cut; and that one too long
// for two is cut at the end of the second.
func TestRunningHeader(t *testing.T) {
	fonts, _ := LoadFonts()
	width := NewConfig().Page.Width - 50
	for _, tc := range []struct {
		header string
		want   []string
	}{
		{"Data Processing Agreement · Acme and Globex", []string{"Data Processing Agreement · Acme and Globex"}},
		{"Data Processing Agreement (DPA) · OJOO SOFTWARE SERVICES PRIVATE LIMITED and Globex Handels GmbH & Co. KG",
			[]string{"Data Processing Agreement (DPA)", "OJOO SOFTWARE SERVICES PRIVATE LIMITED and Globex Handels GmbH & Co. KG"}},
	} {
		got := headerLines(fonts, 8, tc.header, width)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.header, got, tc.want)
		}
	}
	long := strings.Repeat("Globex Handels GmbH & Co. KG ", 12)
	got := headerLines(fonts, 8, long, width)
	if len(got) != 2 || !strings.HasSuffix(got[1], "…") {
		t.Errorf("a header longer than two lines: got %q, want two lines, the second ending in …", got)
	}
	for _, l := range got {
		if w := textWidth(fonts, Regular, 8, l); w > width+0.01 {
			t.Errorf("line %q is %.2f mm wide, more than %.2f", l, w, width)
		}
	}
}

// TestClosingWords fills a page so that the agreement's closing words and
// its signatures meet the foot at every possible line, and checks that
// the signatures never stand on a page without them.
func TestClosingWords(t *testing.T) {
	closing := "Closing: this agreement forms part of the main agreement between the parties and applies to the processing of personal data in connection with the services, for as long as it lasts.\n\n" +
		"Signed by the duly authorized representatives of the parties:\n\n" +
		"<!-- signatures: Signature, Name, Title, Date -->\n\n- For the Processor: Acme GmbH\n- For the Customer: Globex\n"
	for filler := 1; filler < 60; filler++ {
		src := "# T\n\n" + strings.Repeat("Filler line.\\\n", filler) + "Filler end.\n\n* * *\n\n" + closing
		log := record(t, []byte(src))
		words, sig := pageOfText(log, "Closing:"), pageOfText(log, "For the Processor")
		if words == 0 || sig == 0 {
			t.Fatalf("filler %d: closing words on page %d, signatures on page %d", filler, words, sig)
		}
		if words != sig {
			t.Errorf("filler %d: closing words on page %d, the signatures alone on page %d", filler, words, sig)
		}
	}
}
