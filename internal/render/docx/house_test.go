package docx_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/pdftext"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// The tests in this file read the XML of the DOCX for the house style the
// PDF follows; readers_test.go reads the same with python-docx and
// LibreOffice.

const testID = "CM-TEST-0000-0000-0001"

// renderID renders doc with a document id, as the command line does.
func renderID(t testing.TB, doc *document.Document) []byte {
	t.Helper()
	data, err := docx.Render(context.Background(), doc, docx.OptionsFor(doc.Meta, format.Options{Creator: "clausemark test", DocumentID: testID}))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// styleSheet is the styles part, read to follow a paragraph's style to
// the properties it inherits.
type styleSheet map[string]*node

func readStyles(t testing.TB, parts map[string][]byte) styleSheet {
	t.Helper()
	ss := styleSheet{}
	for _, s := range parseXML(t, parts["word/styles.xml"]).all("w:style") {
		ss[s.attrs["w:styleId"]] = s
	}
	return ss
}

// styleOf returns a paragraph's style id, "Normal" for none.
func styleOf(p *node) string {
	if ppr := p.child("w:pPr"); ppr != nil {
		if ps := ppr.child("w:pStyle"); ps != nil {
			return ps.attrs["w:val"]
		}
	}
	return "Normal"
}

// has reports whether paragraph p has the paragraph property name, set
// on itself or on its style or a style that one is based on.
func (ss styleSheet) has(p *node, name string) bool {
	if ppr := p.child("w:pPr"); ppr != nil && ppr.child(name) != nil {
		return true
	}
	for id := styleOf(p); id != ""; {
		s := ss[id]
		if s == nil {
			return false
		}
		if ppr := s.child("w:pPr"); ppr != nil && ppr.child(name) != nil {
			return true
		}
		id = ""
		if b := s.child("w:basedOn"); b != nil {
			id = b.attrs["w:val"]
		}
	}
	return false
}

// runFont returns the font and size (in half-points) a style sets, or the
// document defaults for "".
func (ss styleSheet) runFont(t testing.TB, parts map[string][]byte, id string) (font, size string) {
	t.Helper()
	var rpr *node
	if id == "" {
		rpr = parseXML(t, parts["word/styles.xml"]).all("w:rPrDefault")[0].child("w:rPr")
	} else if s := ss[id]; s != nil {
		rpr = s.child("w:rPr")
	}
	if rpr == nil {
		return "", ""
	}
	if f := rpr.child("w:rFonts"); f != nil {
		font = f.attrs["w:ascii"]
	}
	if s := rpr.child("w:sz"); s != nil {
		size = s.attrs["w:val"]
	}
	return font, size
}

func twipsOf(mm float64) string { return strconv.Itoa(int(math.Round(mm * 1440 / 25.4))) }

// TestHouseStyle renders both seeds and styles changed from them, and
// reads the family, the sizes and the margins the PDF sets them in, and
// the table of contents where the style has one.
func TestHouseStyle(t *testing.T) {
	bigger := func(t testing.TB) *document.Document {
		doc := variant(t, "ojoo")
		st := *doc.Style
		st.Size, st.Font, st.Margins, st.Contents = 11, "sans", &document.Margins{Top: 30, Right: 20, Bottom: 28, Left: 35}, false
		doc.Style = &st
		return doc
	}
	for _, tc := range []struct {
		name     string
		doc      func(t testing.TB) *document.Document
		font     string
		size     string // half-points
		margins  document.Margins
		contents bool
	}{
		{"ojoo", func(t testing.TB) *document.Document { return variant(t, "ojoo") }, "DejaVu Serif", "21", document.Margins{Top: 25, Right: 25, Bottom: 25, Left: 25}, true},
		{"opsium", func(t testing.TB) *document.Document { return variant(t, "opsium") }, "DejaVu Sans", "21", document.Margins{Top: 22, Right: 22, Bottom: 22, Left: 22}, false},
		{"ojoo at 11 pt in sans, other margins, no contents", bigger, "DejaVu Sans", "22", document.Margins{Top: 30, Right: 20, Bottom: 28, Left: 35}, false},
		{"the fixture, without a style", func(t testing.TB) *document.Document { return fixture(t) }, "DejaVu Serif", "21", document.Margins{Top: 25, Right: 25, Bottom: 25, Left: 25}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts := unzip(t, renderID(t, tc.doc(t)))
			ss := readStyles(t, parts)
			if font, size := ss.runFont(t, parts, ""); font != tc.font || size != tc.size {
				t.Errorf("the text is set in %q at %s half-points, want %q at %s", font, size, tc.font, tc.size)
			}
			// The headings as the PDF sizes them, whatever the text size.
			for id, want := range map[string]string{"Title": "36", "Heading1": "26", "Heading2": "23", "TOCHeading": "26"} {
				if _, size := ss.runFont(t, parts, id); size != want {
					t.Errorf("%s at %s half-points, want %s", id, size, want)
				}
			}
			for _, id := range []string{"Code", "CodeChar"} {
				if font, _ := ss.runFont(t, parts, id); font != "DejaVu Sans Mono" {
					t.Errorf("%s is set in %q, want DejaVu Sans Mono", id, font)
				}
			}
			fonts := string(parts["word/fontTable.xml"])
			if !strings.Contains(fonts, `w:name="`+tc.font+`"`) || !strings.Contains(fonts, `<w:family w:val=`) {
				t.Errorf("the font table does not describe %s:\n%s", tc.font, fonts)
			}

			body := parseXML(t, parts["word/document.xml"])
			mar := body.all("w:pgMar")[0].attrs
			for side, want := range map[string]float64{"w:top": tc.margins.Top, "w:right": tc.margins.Right, "w:bottom": tc.margins.Bottom, "w:left": tc.margins.Left} {
				if mar[side] != twipsOf(want) {
					t.Errorf("margin %s is %s twips, want %s (%.0f mm)", side, mar[side], twipsOf(want), want)
				}
			}
			// The header's and footer's right tab stop and the contents'
			// page column stand at the right margin.
			width := twipsOf(210 - tc.margins.Left - tc.margins.Right)
			for _, id := range []string{"Header", "Footer", "TOC1"} {
				if tab := ss[id].all("w:tab"); len(tab) != 1 || tab[0].attrs["w:pos"] != width {
					t.Errorf("%s's tab stop is not at the right margin, %s twips", id, width)
				}
			}
			toc := false
			for _, p := range body.all("w:p") {
				toc = toc || styleOf(p) == "TOC1"
			}
			if toc != tc.contents {
				t.Errorf("a table of contents: %v, want %v", toc, tc.contents)
			}
		})
	}
}

// TestTitleBlock reads the paragraphs after the title: the parties joined
// by "between" and "and", each with its role, and a line to write on in
// place of a party without a name; the agreement's date, as the library
// labels it and in its date format; then a short rule.
func TestTitleBlock(t *testing.T) {
	for _, tc := range []struct {
		name string
		sets []string
		want []string // style: text
	}{
		{"named", []string{"customer.name=Globex Corporation", "agreement.date=2026-07-01"}, []string{
			"PartiesJoin: between", "Party: OJOO SOFTWARE SERVICES PRIVATE LIMITED", "PartyRole: (the “Processor”)",
			"PartiesJoin: and", "Party: Globex Corporation", "PartyRole: (the “Customer”)",
			"Dated: Date of the agreement: 01/07/2026", "TitleRule: "}},
		{"unnamed", []string{"agreement.date=2026-07-01", "date_format=day-month-year"}, []string{
			"PartiesJoin: between", "Party: OJOO SOFTWARE SERVICES PRIVATE LIMITED", "PartyRole: (the “Processor”)",
			"PartiesJoin: and", "PartyBlank: ", "PartyRole: (the “Customer”)",
			"Dated: Date of the agreement: 1 July 2026", "TitleRule: "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts := unzip(t, render(t, variant(t, "ojoo", tc.sets...)))
			ps := parseXML(t, parts["word/document.xml"]).all("w:p")
			if len(ps) < len(tc.want)+1 || styleOf(ps[0]) != "Title" {
				t.Fatal("the document does not open with its title")
			}
			for i, want := range tc.want {
				if got := styleOf(ps[i+1]) + ": " + paraText(ps[i+1], ""); got != want {
					t.Errorf("paragraph %d after the title: %q, want %q", i+1, got, want)
				}
			}
			ss := readStyles(t, parts)
			if blank := ss["PartyBlank"]; blank == nil || len(blank.all("w:bottom")) != 1 {
				t.Error("an unnamed party has no line to write on")
			}
		})
	}
}

// TestContents reads the table of contents of the house style that has
// one: a content control of Word's Table of Contents gallery (by which
// the review of a returned copy sets changes to it aside), holding an
// entry for each section and appendix in order, as the PDF's contents, each a link to its heading holding the heading's text, a tab
// to the dot leader at the right margin and the heading's page, a PAGEREF
// field to the heading's bookmark that Word computes on opening; the text
// after the contents starts a page.
func TestContents(t *testing.T) {
	doc := variant(t, "ojoo")
	parts := unzip(t, render(t, doc))
	body := parseXML(t, parts["word/document.xml"])
	var entries []*node
	var after *node
	ps := body.all("w:p")
	for i, p := range ps {
		if styleOf(p) == "TOC1" {
			entries = append(entries, p)
			if i+1 < len(ps) {
				after = ps[i+1]
			}
		}
	}
	var want []string
	for _, h := range doc.Headings {
		if h.Level == 2 {
			want = append(want, doc.Sections[h.Section].Heading())
		}
	}
	if len(entries) != len(want) {
		t.Fatalf("%d entries, want %d", len(entries), len(want))
	}
	marks := map[string]bool{}
	for _, b := range body.all("w:bookmarkStart") {
		marks[b.attrs["w:name"]] = true
	}
	sdts := body.all("w:sdt")
	if len(sdts) != 1 || len(sdts[0].all("w:docPartGallery")) != 1 || sdts[0].all("w:docPartGallery")[0].attrs["w:val"] != "Table of Contents" {
		t.Fatal("the contents are not one content control of the Table of Contents gallery")
	}
	for i, e := range entries {
		if got := paraText(e, ""); got != want[i] {
			t.Errorf("entry %d reads %q, want %q", i+1, got, want[i])
		}
		if e.parent == nil || e.parent.name != "w:sdtContent" || e.parent.parent != sdts[0] {
			t.Errorf("entry %d is not in the contents' content control", i+1)
		}
		links := e.all("w:hyperlink")
		if len(links) != 1 || !marks[links[0].attrs["w:anchor"]] {
			t.Errorf("entry %d is not a link to a heading", i+1)
			continue
		}
		mark := links[0].attrs["w:anchor"]
		instr, chars := links[0].all("w:instrText"), links[0].all("w:fldChar")
		if len(instr) != 1 || strings.TrimSpace(instr[0].text) != `PAGEREF `+mark+` \h` {
			t.Errorf("entry %d's page is not the page of its heading's bookmark %s: %v", i+1, mark, instr)
		}
		if len(chars) != 3 || chars[0].attrs["w:dirty"] != "true" {
			t.Errorf("entry %d's page is not a field Word computes on opening", i+1)
		}
		if len(links[0].all("w:tab")) != 1 {
			t.Errorf("entry %d has no tab to its page", i+1)
		}
		if len(links[0].all("w:rStyle")) != 0 {
			t.Errorf("entry %d is set in a character style, not as the PDF sets its contents", i+1)
		}
	}
	for _, i := range body.all("w:instrText") {
		if strings.HasPrefix(strings.TrimSpace(i.text), "TOC") {
			t.Errorf("a TOC field %q: LibreOffice would show its result as the file holds it, without computing its pages", i.text)
		}
	}
	if after == nil || !readStyles(t, parts).has(after, "w:pageBreakBefore") {
		t.Error("the text after the contents does not start a page")
	}
}

// TestKeepWithNext shows that every heading and every paragraph that
// reads as one stays with what follows it, that every appendix starts a
// page, and that no empty paragraph holds a page break.
func TestKeepWithNext(t *testing.T) {
	for _, name := range []string{"ojoo", "opsium"} {
		parts := unzip(t, render(t, variant(t, name)))
		ss := readStyles(t, parts)
		body := parseXML(t, parts["word/document.xml"])
		ps := body.all("w:p")
		appendices, leads := 0, 0
		for i, p := range ps {
			style, text := styleOf(p), paraText(p, "")
			heading := strings.Contains(style, "Heading") || style == "Title"
			if heading && !ss.has(p, "w:keepNext") {
				t.Errorf("%s: heading %q does not keep with next", name, text)
			}
			if style == "AppendixHeading1" {
				appendices++
				if !ss.has(p, "w:pageBreakBefore") {
					t.Errorf("%s: %q does not start a page", name, text)
				}
			}
			if len(p.all("w:br")) > 0 && strings.TrimSpace(text) == "" && p.all("w:br")[0].attrs["w:type"] == "page" {
				t.Errorf("%s: an empty paragraph holds a page break", name)
			}
			// A lead-in ending in a colon before a list.
			if i+1 < len(ps) && strings.HasSuffix(text, ":") && !p.inside("w:tbl") && styleOf(ps[i+1]) == "ListParagraph" && styleOf(p) != "ListParagraph" {
				leads++
				if !ss.has(p, "w:keepNext") {
					t.Errorf("%s: the lead-in %q does not keep with its list", name, text)
				}
			}
		}
		if appendices == 0 && name == "ojoo" || leads == 0 {
			t.Errorf("%s: %d appendices and %d lead-ins: the test reads nothing", name, appendices, leads)
		}
		// The words before the signatures stay with them.
		for _, tbl := range body.all("w:tbl") {
			if len(tbl.all("w:tblBorders")) == 0 {
				continue
			}
			var prev *node
			for _, c := range tbl.parent.children {
				if c == tbl {
					break
				}
				if c.name == "w:p" {
					prev = c
				}
			}
			if prev != nil && !ss.has(prev, "w:keepNext") {
				t.Errorf("%s: %q, before the signatures, does not keep with them", name, paraText(prev, ""))
			}
		}
	}
}

// TestRunningText reads the running header, the parties beside the
// title, and the footer, the PDF's: "Page X of Y" and the reference and
// date, the id once.
func TestRunningText(t *testing.T) {
	doc := variant(t, "ojoo", "customer.name=Globex Corporation")
	parts := unzip(t, renderID(t, doc))
	header := paraText(parseXML(t, parts["word/header1.xml"]), "")
	if want := "Data Processing Agreement (DPA) · OJOO SOFTWARE SERVICES PRIVATE LIMITED and Globex Corporation"; header != want {
		t.Errorf("header %q, want %q", header, want)
	}
	for _, name := range []string{"word/footer1.xml", "word/footer2.xml"} {
		f := parseXML(t, parts[name])
		var instr []string
		for _, i := range f.all("w:instrText") {
			instr = append(instr, strings.TrimSpace(i.text))
		}
		if strings.Join(instr, " ") != "PAGE NUMPAGES" {
			t.Errorf("%s's fields: %v, want PAGE and NUMPAGES", name, instr)
		}
		text := paraText(f, "")
		if want := "Page 1 of 1Ref. " + testID + " · " + doc.Meta.DateText; text != want {
			t.Errorf("%s reads %q, want %q", name, text, want)
		}
		if n := strings.Count(string(parts[name]), testID); n != 1 {
			t.Errorf("%s names the document's id %d times", name, n)
		}
	}
}

// testPNG is a PNG of w×h pixels.
func testPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, h/2, color.NRGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestLogo puts a house's logo above the title, scaled as in the PDF to
// at most 50 by 20 mm, and refuses a logo that is not an image.
func TestLogo(t *testing.T) {
	doc := variant(t, "opsium")
	st := *doc.Style
	st.Logo = testPNG(t, 600, 120) // 101.6 × 20.3 mm at 150 dpi: 50 mm wide
	doc.Style = &st
	parts := unzip(t, render(t, doc))
	if !bytes.Equal(parts["word/media/logo.png"], st.Logo) {
		t.Fatal("the logo is not in the file")
	}
	if !strings.Contains(string(parts["[Content_Types].xml"]), `<Default Extension="png" ContentType="image/png"/>`) ||
		!strings.Contains(string(parts["word/_rels/document.xml.rels"]), `Target="media/logo.png"`) {
		t.Error("the logo's part has no type or relationship")
	}
	ps := parseXML(t, parts["word/document.xml"]).all("w:p")
	if styleOf(ps[0]) != "Logo" || styleOf(ps[1]) != "Title" {
		t.Fatalf("the document opens with %s and %s, want the logo and the title", styleOf(ps[0]), styleOf(ps[1]))
	}
	ext := ps[0].all("extent") // DrawingML's, read by its local name
	if len(ext) != 1 || ext[0].attrs["cx"] != "1800000" || ext[0].attrs["cy"] != "360000" {
		t.Errorf("the logo's extent is %v, want 50 × 10 mm", ext)
	}

	st.Logo = []byte("not an image")
	_, err := docx.Render(context.Background(), doc, docx.Options{})
	var le *docx.LogoError
	if !errors.As(err, &le) {
		t.Errorf("a logo that is not an image: %v, want a LogoError", err)
	}
}

// TestRedlineStyle shows that a redline is set in the second document's
// house style, with its table of contents, or the first one's deleted:
// each entry's page field kept, or deleted.
func TestRedlineStyle(t *testing.T) {
	for _, tc := range []struct {
		a, b, font string
	}{
		{"opsium", "ojoo", "DejaVu Serif"},
		{"ojoo", "opsium", "DejaVu Sans"},
	} {
		parts := unzip(t, redline(t, variant(t, tc.a), variant(t, tc.b)))
		if font, _ := readStyles(t, parts).runFont(t, parts, ""); font != tc.font {
			t.Errorf("%s against %s is set in %q, want %q", tc.b, tc.a, font, tc.font)
		}
		body := parseXML(t, parts["word/document.xml"])
		count := func(tag string) int {
			n := 0
			for _, i := range body.all(tag) {
				if strings.HasPrefix(strings.TrimSpace(i.text), "PAGEREF ") {
					n++
				}
			}
			return n
		}
		entries := 0
		for _, h := range variant(t, "ojoo").Headings {
			if h.Level == 2 {
				entries++
			}
		}
		kept, deleted := count("w:instrText"), count("w:delInstrText")
		if want := [2]int{0, entries}; tc.b == "ojoo" && [2]int{deleted, kept} != want || tc.b != "ojoo" && [2]int{kept, deleted} != want {
			t.Errorf("%s against %s: %d contents entries kept, %d deleted, want %d", tc.b, tc.a, kept, deleted, entries)
		}
	}
}

// TestHyphenationAndPlace renders Ojoo in its style and in one with
// hyphenate: false and signature_place: "Ort, Datum": Word and LibreOffice
// hyphenate the justified text as the PDF does (w:autoHyphenation) unless
// the style has none (switched off, and every paragraph's style
// suppressing it); and each party signs below a line labelled with the
// place, first, as in the PDF.
func TestHyphenationAndPlace(t *testing.T) {
	german := func(t testing.TB) *document.Document {
		doc := variant(t, "ojoo")
		st := *doc.Style
		st.NoHyphenation, st.SignaturePlace = true, "Ort, Datum"
		doc.Style = &st
		return doc
	}
	for _, tc := range []struct {
		name   string
		doc    *document.Document
		hyphen bool
		labels []string // each party's lines, in order
	}{
		{"ojoo", variant(t, "ojoo"), true, []string{"Signature", "Name", "Title", "Date"}},
		{"ojoo without hyphenation, with a place line", german(t), false, []string{"Ort, Datum", "Signature", "Name", "Title", "Date"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts := unzip(t, renderID(t, tc.doc))
			settings := string(parts["word/settings.xml"])
			if on := strings.Contains(settings, "<w:autoHyphenation/>"); on != tc.hyphen {
				t.Errorf("settings switch hyphenation on: %v, want %v:\n%s", on, tc.hyphen, settings)
			}
			if off := strings.Contains(settings, `<w:autoHyphenation w:val="false"/>`); off == tc.hyphen {
				t.Errorf("settings switch hyphenation off: %v, want %v", off, !tc.hyphen)
			}
			ss := readStyles(t, parts)
			if suppressed := len(ss["Normal"].all("w:suppressAutoHyphens")) > 0; suppressed == tc.hyphen {
				t.Errorf("the Normal style suppresses hyphenation: %v, want %v", suppressed, !tc.hyphen)
			}
			body := parseXML(t, parts["word/document.xml"])
			var labels []string
			for _, p := range body.all("w:p") {
				if styleOf(p) == "SignatureLabel" {
					labels = append(labels, paraText(p, ""))
				}
			}
			// Two parties side by side: each row holds both's label.
			var want []string
			for _, l := range tc.labels {
				want = append(want, l, l)
			}
			if strings.Join(labels, "|") != strings.Join(want, "|") {
				t.Errorf("signature lines %q, want %q", labels, want)
			}
			pdfText, err := pdf.Format.Render(context.Background(), tc.doc, format.Options{Creator: "clausemark test", DocumentID: testID})
			if err != nil {
				t.Fatal(err)
			}
			text, err := pdftext.Read(pdfText, 297, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := strings.Count(strings.Join(text.Page, "\n"), "Ort, Datum"), strings.Count(strings.Join(labels, "\n"), "Ort, Datum"); got != want {
				t.Errorf("the PDF has %d place lines, the DOCX %d", got, want)
			}
		})
	}
}

// TestClosingWordsKept checks that the agreement's closing words, the
// paragraphs (at most four) that end in the signature block, each keep
// with the next, so that Word moves them with the signatures, as the PDF
// does, and the signatures never stand on a page of their own.
func TestClosingWordsKept(t *testing.T) {
	for _, name := range []string{"ojoo", "opsium"} {
		parts := unzip(t, render(t, variant(t, name, "signature_block=true")))
		ss := readStyles(t, parts)
		body := parseXML(t, parts["word/document.xml"])
		kept := 0
		for _, tbl := range body.all("w:tbl") {
			if len(tbl.all("w:tblBorders")) == 0 {
				continue
			}
			var before []*node
			for _, c := range tbl.parent.children {
				if c == tbl {
					break
				}
				before = append(before, c)
			}
			for i := len(before) - 1; i >= 0 && i >= len(before)-4 && before[i].name == "w:p" && styleOf(before[i]) == "Normal"; i-- {
				kept++
				if !ss.has(before[i], "w:keepNext") {
					t.Errorf("%s: the closing words %q do not keep with the signatures", name, paraText(before[i], ""))
				}
			}
		}
		if kept == 0 || name == "ojoo" && kept < 2 {
			t.Errorf("%s: %d closing paragraphs before the signatures: the test reads too little", name, kept)
		}
	}
}

// TestLegalListIndent checks that a legal list stands where the PDF sets
// it: under the text of the numbered paragraph it follows, or, after none,
// its marker at the margin. The lists of each kind in the DOCX are the
// model's: items cited under a paragraph ("3.3(2)(a)") and items cited
// under a heading alone ("A.2(a)").
func TestLegalListIndent(t *testing.T) {
	for _, name := range []string{"ojoo", "opsium"} {
		doc := variant(t, name)
		var hung, outer int
		for _, n := range doc.Numbered() {
			if n.Kind == document.Legal && n.Depth == 0 {
				if strings.Contains(n.Cite, ")(") {
					hung++
				} else {
					outer++
				}
			}
		}
		parts := unzip(t, render(t, doc))
		abs := map[string]string{}
		for _, n := range parseXML(t, parts["word/numbering.xml"]).all("w:num") {
			abs[n.attrs["w:numId"]] = n.child("w:abstractNumId").attrs["w:val"]
		}
		indent := map[string]string{}
		for _, a := range parseXML(t, parts["word/numbering.xml"]).all("w:abstractNum") {
			indent[a.attrs["w:abstractNumId"]] = a.all("w:lvl")[0].all("w:ind")[0].attrs["w:left"]
		}
		got := map[string]int{}
		for _, p := range parseXML(t, parts["word/document.xml"]).all("w:p") {
			np := p.all("w:numPr")
			if len(np) == 0 || np[0].child("w:ilvl").attrs["w:val"] != "0" || styleOf(p) != "ListParagraph" {
				continue
			}
			if a := abs[np[0].child("w:numId").attrs["w:val"]]; a == "3" || a == "5" {
				got[indent[a]]++
			}
		}
		if got["1134"] != hung || got["567"] != outer {
			t.Errorf("%s: %d first-level legal items under a paragraph's text and %d at the margin; the document has %d and %d", name, got["1134"], got["567"], hung, outer)
		}
		if hung+outer == 0 || name == "ojoo" && (hung == 0 || outer == 0) {
			t.Errorf("%s: %d and %d legal items: the test reads too little", name, hung, outer)
		}
	}
}
