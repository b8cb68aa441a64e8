package layout

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/mdext"
)

// textOp is a text drawing call from the recorder's log.
type textOp struct {
	page int
	x, y float64
	s    string
}

var textLine = regexp.MustCompile(`^text ([0-9.-]+) ([0-9.-]+) (".*")$`)

// texts returns the log's text calls, with the page each is drawn on,
// without the spaces drawn after words.
func texts(t *testing.T, log string) []textOp {
	t.Helper()
	var out []textOp
	page := 0
	for _, l := range strings.Split(log, "\n") {
		if n, ok := strings.CutPrefix(l, "page "); ok {
			page, _ = strconv.Atoi(n)
		}
		if n, ok := strings.CutPrefix(l, "setpage "); ok {
			page, _ = strconv.Atoi(n)
		}
		if m := textLine.FindStringSubmatch(l); m != nil {
			x, _ := strconv.ParseFloat(m[1], 64)
			y, _ := strconv.ParseFloat(m[2], 64)
			s, err := strconv.Unquote(m[3])
			if err != nil {
				t.Fatalf("bad log line %q", l)
			}
			if s = strings.TrimRight(s, " "); s != "" { // a word's space, or a space alone, shows nothing
				out = append(out, textOp{page, x, y, s})
			}
		}
	}
	return out
}

// find returns the first text call whose text starts with prefix.
func find(ops []textOp, prefix string) (textOp, bool) {
	for _, op := range ops {
		if strings.HasPrefix(op.s, prefix) {
			return op, true
		}
	}
	return textOp{}, false
}

// before returns the text drawn just before the first call starting with prefix.
func before(t *testing.T, ops []textOp, prefix string) string {
	t.Helper()
	for i, op := range ops {
		if strings.HasPrefix(op.s, prefix) {
			if i == 0 {
				return ""
			}
			return ops[i-1].s
		}
	}
	t.Fatalf("no text starts with %q", prefix)
	return ""
}

// TestLegalLists checks the markers of each level in the legal style,
// their place at the start of the item's indent, and that a new list
// starts again at (a); the default style keeps bullets and numbers.
func TestLegalLists(t *testing.T) {
	src := []byte("# T\n\nLead:\n\n- Alpha\n- Beta\n  - Gamma\n  - Delta\n    - Epsilon\n- Zeta\n\nNext:\n\n1. Eta\n2. Theta\n")
	ops := texts(t, record(t, src, WithLists(Legal)))
	for _, tc := range []struct{ item, marker string }{
		{"Alpha", "(a)"}, {"Beta", "(b)"}, {"Gamma", "(i)"}, {"Delta", "(ii)"},
		{"Epsilon", "(A)"}, {"Zeta", "(c)"}, {"Eta", "(a)"}, {"Theta", "(b)"},
	} {
		if got := before(t, ops, tc.item); got != tc.marker {
			t.Errorf("%s is marked %q, want %q", tc.item, got, tc.marker)
		}
	}
	a, _ := find(ops, "(a)")
	alpha, _ := find(ops, "Alpha")
	if a.x != 25 || alpha.x != 25+legalIndent {
		t.Errorf("(a) at x %.2f and its text at %.2f, want the marker at the margin (25) and the text %d mm in", a.x, alpha.x, legalIndent)
	}
	plain := texts(t, record(t, src))
	if got := before(t, plain, "Alpha"); got != "•" {
		t.Errorf("default style marks Alpha %q, want a bullet", got)
	}
	if got := before(t, plain, "Theta"); got != "2." {
		t.Errorf("default style numbers Theta %q, want 2.", got)
	}
}

// TestDrawsTheModelsNumbers checks that the layout draws the numbers it
// is given, as the document's model carries them, and decides none: the
// markers below are not those the rules would give.
func TestDrawsTheModelsNumbers(t *testing.T) {
	src := "# T\n\n## 1. One\n\nPara A.\n\nPara B.\n\n- Alpha\n- Beta\n"
	nums := document.NumberMarkdown([]byte(src), document.Numbering{Legal: true, Paragraphs: true})
	if len(nums) != 4 {
		t.Fatalf("the rules give %d numbers, want 4: %+v", len(nums), nums)
	}
	for i, m := range []string{"(7)", "(8)", "(x)", "(y)"} {
		nums[i].Marker = m
	}
	ops := texts(t, record(t, []byte(src), WithNumbers(nums), WithLists(Legal), WithNumberedParagraphs(true)))
	for _, tc := range []struct{ text, want string }{
		{"Para A.", "(7)"}, {"Para B.", "(8)"}, {"Alpha", "(x)"}, {"Beta", "(y)"},
	} {
		if got := before(t, ops, tc.text); got != tc.want {
			t.Errorf("before %q: %q, want %q", tc.text, got, tc.want)
		}
	}
	// No numbers: nothing numbered, however the options ask.
	ops = texts(t, record(t, []byte(src), WithNumbers([]document.Number{}), WithNumberedParagraphs(true)))
	if got := before(t, ops, "Para A."); got != "1. One" {
		t.Errorf("before Para A.: %q, want the heading", got)
	}
}

// TestNumberedParagraphs checks which paragraphs get numbers: those of a
// numbered heading with two or more, the lead-in of one with subheadings;
// not a heading's only paragraph, not paragraphs after a rule, not those
// below an unnumbered heading. A list after a numbered paragraph stands
// under its text.
func TestNumberedParagraphs(t *testing.T) {
	src := []byte(`# T

## 1. One

Para A.

Para B.

## 2. Two

Only one.

## 3. Three

Lead in.

### 3.1 Sub

Sub para.

## 4. Four

First:

- Item

Second.

* * *

Closing words.

## Unnumbered

Free one.

Free two.
`)
	ops := texts(t, record(t, src, WithNumberedParagraphs(true), WithLists(Legal)))
	for _, tc := range []struct{ text, want string }{
		{"Para A.", "(1)"}, {"Para B.", "(2)"},
		{"Only one.", "2. Two"},
		{"Lead in.", "(1)"}, {"Sub para.", "3.1 Sub"},
		{"First:", "(1)"}, {"Second.", "(2)"},
		{"Closing words.", "Second."},
		{"Free one.", "Unnumbered"}, {"Free two.", "Free one."},
	} {
		if got := before(t, ops, tc.text); got != tc.want {
			t.Errorf("before %q: %q, want %q", tc.text, got, tc.want)
		}
	}
	first, _ := find(ops, "First:")
	item, _ := find(ops, "(a)")
	if first.x != 25+paraIndent || item.x != first.x {
		t.Errorf("paragraph text at %.2f and its list's marker at %.2f, want both at %d", first.x, item.x, 25+paraIndent)
	}
	if _, ok := find(texts(t, record(t, src)), "(1)"); ok {
		t.Error("paragraphs numbered without WithNumberedParagraphs")
	}
}

// TestContents checks the table of contents: after the title block, one
// line per section with the page its heading is on, each a link to it, and
// the body starting on the next page.
func TestContents(t *testing.T) {
	var src strings.Builder
	src.WriteString("# Agreement\n\n")
	for i, title := range []string{"1. First", "2. Second", "Appendix A – Annex"} {
		src.WriteString("## " + title + "\n\n")
		for range 30 * (i + 1) {
			src.WriteString("Words of the section fill the pages of the agreement so that each heading lands on a page of its own.\n\n")
		}
	}
	log := record(t, []byte(src.String()), WithContents(true))
	ops := texts(t, log)
	c, ok := find(ops, "Contents")
	if !ok || c.page != 1 {
		t.Fatalf("Contents heading %+v, want it on page 1", c)
	}
	headingPage := map[string]int{}
	for _, l := range strings.Split(log, "\n") {
		if m := regexp.MustCompile(`^bookmark \d+ [0-9.]+ "(.*)"$`).FindStringSubmatch(l); m != nil {
			headingPage[m[1]] = 0
		}
	}
	for _, op := range ops {
		if _, ok := headingPage[op.s]; ok && op.page > 1 && headingPage[op.s] == 0 {
			headingPage[op.s] = op.page
		}
	}
	if len(headingPage) != 3 {
		t.Fatalf("headings %v, want 3", headingPage)
	}
	for title, page := range headingPage {
		// The entry's number is the text drawn after its title on page 1.
		for i, op := range ops {
			if op.s == title && op.page == 1 {
				num := ops[i+2].s // title, leader, number
				if num != strconv.Itoa(page) {
					t.Errorf("contents give %q on page %s, the heading is on page %d", title, num, page)
				}
			}
		}
	}
	if headingPage["1. First"] != 2 {
		t.Errorf("the body starts on page %d, want 2", headingPage["1. First"])
	}
	pages := regexp.MustCompile(`(?m)^page (\d+)$`).FindAllStringSubmatch(log, -1)
	back := regexp.MustCompile(`(?m)^setpage (\d+)$`).FindAllStringSubmatch(log, -1)
	if len(back) < 2 || back[len(back)-1][1] != pages[len(pages)-1][1] || back[0][1] != "1" {
		t.Errorf("went back to pages %v, want to 1 and then to the last, %s", back, pages[len(pages)-1][1])
	}
	links := regexp.MustCompile(`(?m)^link 25\.00 [0-9.]+ 160\.00 [0-9.]+ -> \d+$`).FindAllString(log, -1)
	if len(links) != 3 {
		t.Errorf("%d contents lines are links, want 3", len(links))
	}
}

// TestTitleBlockAndRunningText checks the parties under the title, a line
// for a party without a name, the agreement's date under them, the running
// header from page 2 and the footer's reference.
func TestTitleBlockAndRunningText(t *testing.T) {
	src := []byte("# Agreement\n\n" + strings.Repeat("Words that fill the page.\n\n", 80))
	fonts, err := LoadFonts()
	if err != nil {
		t.Fatal(err)
	}
	info := Info{Title: "Agreement", Header: "Agreement · Acme and the Customer", Footer: "Ref. CM-1 · 1 May 2026",
		Parties: []Party{{Name: "Acme GmbH", Role: "Processor"}, {Role: "Customer"}}, Dated: "Date of the agreement: 1 May 2026"}
	log := recordWith(t, src, fonts, WithInfo(info))
	ops := texts(t, log)
	var page1 []string
	for _, op := range ops {
		if op.page == 1 && op.y < 80 {
			page1 = append(page1, op.s)
		}
	}
	want := []string{"Agreement", "between", "Acme GmbH", "(the “Processor”)", "and", "(the “Customer”)", "Date of the agreement: 1 May 2026"}
	if got := slices.DeleteFunc(page1, func(s string) bool { return !slices.Contains(want, s) }); !slices.Equal(got, want) {
		t.Errorf("title block %q, want %q", got, want)
	}
	if d, ok := find(ops, "Date of the agreement: 1 May 2026"); !ok || d.page != 1 || d.x < 50 {
		t.Errorf("date line %+v, want it centred on page 1", d)
	}
	// The blank party's line: centred, half the column wide.
	if !strings.Contains(log, "line 65.00 ") {
		t.Errorf("no line for the unnamed party's name:\n%s", log[:min(len(log), 2000)])
	}
	header, ok := find(ops, "Agreement · Acme")
	if !ok || header.page != 2 {
		t.Errorf("running header %+v, want it from page 2", header)
	}
	if h := slices.IndexFunc(ops, func(op textOp) bool { return op.page == 1 && strings.HasPrefix(op.s, "Agreement ·") }); h >= 0 {
		t.Error("running header on the title page")
	}
	f, ok := find(ops, "Ref. CM-1 · 1 May 2026")
	if !ok || f.y < 270 {
		t.Errorf("footer %+v, want the reference at the foot of the page", f)
	}
}

// recordWith is record with the fonts given.
func recordWith(t *testing.T, src []byte, fonts *Fonts, opts ...Option) string {
	t.Helper()
	return record(t, src, append([]Option{WithFonts(fonts)}, opts...)...)
}

// TestSignatureBlankName checks that a party without a name gets a line to
// write it on, and a named one none.
func TestSignatureBlankName(t *testing.T) {
	src := []byte("# T\n\n<!-- signatures: Signature -->\n\n- For A: Alpha\n- For B:\n")
	log := record(t, src)
	ops := texts(t, log)
	b, ok := find(ops, "For B")
	if !ok {
		t.Fatal("no role For B")
	}
	// One line under B's empty name, then B's signature line; A has only
	// its signature line.
	var underB, underA int
	for _, l := range strings.Split(log, "\n") {
		f := strings.Fields(l)
		if len(f) == 5 && f[0] == "line" && f[2] == f[4] {
			x, _ := strconv.ParseFloat(f[1], 64)
			if x == b.x {
				underB++
			} else if x == 25 {
				underA++
			}
		}
	}
	if underB != 2 || underA != 1 {
		t.Errorf("%d lines under B, %d under A; want 2 (name, signature) and 1", underB, underA)
	}
}

// pngOf encodes a w×h PNG, half transparent if alpha.
func pngOf(t *testing.T, w, h int, alpha bool) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	if alpha {
		img.Set(0, 0, color.NRGBA{1, 2, 3, 4})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImages checks that an image is drawn, scaled into the column, or
// refused with an ImageError naming it: never left out.
func TestImages(t *testing.T) {
	files := fstest.MapFS{
		"logo.png": {Data: pngOf(t, 300, 120, true)},
		"wide.png": {Data: pngOf(t, 3000, 100, false)},
		"huge.png": {Data: pngOf(t, 4097, 1, false)},
		"text.png": {Data: []byte("not an image")},
	}
	read := FSImages(files)
	for _, tc := range []struct {
		name, src string
		images    func(string) ([]byte, error)
		want      string // the image call, or the error's text
	}{
		{"drawn", "![logo](logo.png)", read, "image 79.60 "},
		{"scaled to the column", "![wide](wide.png)", read, "image 25.00 "},
		{"no reader", "![logo](logo.png)", nil, "images are not embedded"},
		{"missing", "![x](gone.png)", read, "file does not exist"},
		{"url", "![x](https://example.com/x.png)", read, "not URLs"},
		{"outside", "![x](../logo.png)", read, "inside it"},
		{"absolute", "![x](/etc/passwd)", read, "inside it"},
		{"not an image", "![x](text.png)", read, "not a PNG or JPEG"},
		{"too many pixels", "![x](huge.png)", read, "4097×1 pixels"},
		{"in a heading", "## Title ![x](logo.png)", read, "only in a paragraph"},
		{"in a table", "| a |\n|---|\n| ![x](logo.png) |", read, "only in a paragraph"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte("# T\n\n" + tc.src + "\n")
			fonts, _ := LoadFonts()
			r := testRenderer(WithFonts(fonts), WithImages(tc.images))
			doc := r.Markdown().Parser().Parse(text.NewReader(src), parser.WithContext(mdext.NewContext()))
			rec := &recorder{}
			err := r.render(t.Context(), rec, fonts, src, doc)
			if strings.HasPrefix(tc.want, "image ") {
				if err != nil || !strings.Contains(rec.log.String(), tc.want) {
					t.Fatalf("err %v; log lacks %q", err, tc.want)
				}
				return
			}
			var ie *ImageError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want an ImageError saying %q", err, tc.want)
			}
			if tc.images == nil && !errors.Is(err, ErrNoImages) {
				t.Errorf("error %v is not ErrNoImages", err)
			}
			if tc.name == "missing" && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("error %v is not fs.ErrNotExist", err)
			}
		})
	}
}

// TestLogo checks that a logo is drawn above the title on the first page
// only, within 50 by 20 mm.
func TestLogo(t *testing.T) {
	log := record(t, []byte("# Title\n\nText.\n"), WithLogo(pngOf(t, 600, 600, false)))
	m := regexp.MustCompile(`image ([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9.]+) 600x600`).FindStringSubmatch(log)
	if m == nil {
		t.Fatalf("no logo drawn:\n%s", log)
	}
	w, _ := strconv.ParseFloat(m[3], 64)
	h, _ := strconv.ParseFloat(m[4], 64)
	if w > 50 || h > 20.001 || strings.Index(log, "image ") > strings.Index(log, `"Title"`) {
		t.Errorf("logo %s×%s mm, drawn before the title: %v", m[3], m[4], strings.Index(log, "image ") < strings.Index(log, `"Title"`))
	}
}

// TestSmartQuotes checks that straight quotes and apostrophes are set as
// typographic ones, except in code.
func TestSmartQuotes(t *testing.T) {
	ops := texts(t, record(t, []byte("# T\n\nThis DPA (\"DPA\") is Ojoo's, 'quoted' -- as written... `\"code\"`\n")))
	var all strings.Builder
	for _, op := range ops {
		all.WriteString(op.s + " ")
	}
	for _, want := range []string{"(“DPA”)", "Ojoo’s,", "‘quoted’", "--", "written...", `"code"`} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("text lacks %q: %s", want, all.String())
		}
	}
}

// TestHyphenatedLines checks that justified text in a narrow column breaks
// words with a soft hyphen at the patterns' places, and that headings do
// not.
func TestHyphenatedLines(t *testing.T) {
	long := strings.Repeat("Confidentiality obligations regarding organizational responsibilities notwithstanding. ", 6)
	src := []byte("# T\n\n## Confidentiality organizational responsibilities notwithstanding responsibilities\n\n" + long + "\n")
	ops := texts(t, record(t, src, WithMargins(Margins{25, 120, 25, 25})))
	var hyphenated int
	for _, op := range ops {
		if strings.HasSuffix(op.s, softHyphen) {
			hyphenated++
			word := strings.TrimSuffix(op.s, softHyphen)
			if op.y < 45 {
				t.Errorf("heading hyphenated: %q", op.s)
			}
			if !slices.ContainsFunc([]string{"Con", "Confi", "Confiden", "Confidential", "ob", "obli", "oblig", "obliga", "or", "orga", "organi", "organiza", "organiza", "re", "re", "responsi", "responsibil", "no", "notwith", "notwithstand", "regard", "re-"}, func(p string) bool { return strings.HasSuffix(word, p) }) {
				t.Errorf("broken at an unexpected place: %q", op.s)
			}
		}
	}
	if hyphenated == 0 {
		t.Error("no word hyphenated in a narrow justified column")
	}
}

// TestFamilies checks that the sans family is embedded when asked for.
func TestFamilies(t *testing.T) {
	for _, tc := range []struct {
		family Family
		want   string
	}{{Serif, "DejaVuSerif"}, {Sans, "DejaVuSans"}} {
		var b bytes.Buffer
		if err := testRenderer(WithFamily(tc.family)).Convert([]byte("# T\n\nText.\n"), &b); err != nil {
			t.Fatal(err)
		}
		re := regexp.MustCompile(`/BaseFont /[A-Z]{6}\+` + tc.want + ` `)
		if !re.Match(b.Bytes()) || (tc.family == Sans && bytes.Contains(b.Bytes(), []byte("DejaVuSerif"))) {
			t.Errorf("%v: PDF lacks %q", tc.family, tc.want)
		}
	}
}
