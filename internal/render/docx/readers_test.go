package docx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/pdftext"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/textmatch"
)

// The tests in this file read the DOCX with programs independent of the
// code that wrote it: python-docx, pandoc and LibreOffice. CI installs
// them (.ci/run) and runs them; go test -short skips them, and elsewhere a
// test is skipped when one is missing.

// skipShort skips the test of an outside reader under go test -short.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("reads the DOCX with an outside program; skipped with -short")
	}
}

func need(t *testing.T, tool, pkg string) string {
	t.Helper()
	skipShort(t)
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed; .ci/run installs %s", tool, pkg)
		}
		t.Skipf("%s not installed", tool)
	}
	return p
}

// python returns a Python that can import docx.
func python(t *testing.T) string {
	t.Helper()
	skipShort(t)
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import docx").Run() == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no python3 imports docx; .ci/run installs python3-docx")
	}
	t.Skip("python-docx not installed")
	return ""
}

func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// headingTitle is a numbered heading's text after the number assembly
// typed.
func headingTitle(doc *document.Document, h document.Heading) string {
	rest := doc.Markdown[h.Offset+len(h.Prefix):]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	return string(rest)
}

// numberedText is the document's Markdown as Word's numbering shows it:
// the typed heading numbers cut out, and each numbered paragraph's (1)
// and legal list item's (a), (i) before its text, as the model numbers
// them.
func numberedText(doc *document.Document) []byte {
	var b bytes.Buffer
	at := 0
	nums := doc.Numbered()
	heads := doc.Headings
	for len(nums) > 0 || len(heads) > 0 {
		if len(heads) > 0 && (len(nums) == 0 || heads[0].Offset <= nums[0].Offset) {
			b.Write(doc.Markdown[at:heads[0].Offset])
			at = heads[0].Offset + len(heads[0].Prefix)
			heads = heads[1:]
			continue
		}
		if n := nums[0]; n.Kind == document.Paragraph || n.Kind == document.Legal {
			b.Write(doc.Markdown[at:n.Offset])
			b.WriteString(n.Marker + " ")
			at = n.Offset
		}
		nums = nums[1:]
	}
	b.Write(doc.Markdown[at:])
	return b.Bytes()
}

const pythonHeadings = `
import docx, json, sys
d = docx.Document(sys.argv[1])
def numpr(style):
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = style.base_style
    return None
for p in d.paragraphs:
    name = p.style.name
    if not ("Heading" in name):
        continue
    n = p._p.pPr.numPr if p._p.pPr is not None and p._p.pPr.numPr is not None else numpr(p.style)
    num = n.numId.val if n is not None and n.numId is not None else None
    lvl = n.ilvl.val if n is not None and n.ilvl is not None else None
    print(json.dumps({"style": name, "text": p.text, "numId": num, "ilvl": lvl}))
`

// TestPythonDocx opens both variants with python-docx and finds every
// numbered heading with its style, its text without a number, and the
// numbering its style links it to: the one heading list, at the level of
// its depth.
func TestPythonDocx(t *testing.T) {
	py := python(t)
	for _, name := range []string{"opsium", "ojoo"} {
		doc := variant(t, name)
		file := writeTemp(t, name+".docx", render(t, doc))
		type heading struct {
			Style, Text string
			NumID, Ilvl *int
		}
		var got []heading
		for _, line := range bytes.Split(bytes.TrimSpace(run(t, py, "-c", pythonHeadings, file)), []byte("\n")) {
			var h heading
			if err := json.Unmarshal(line, &h); err != nil {
				t.Fatalf("%s: %q: %v", name, line, err)
			}
			if h.NumID != nil && *h.NumID != 0 {
				got = append(got, h)
			}
		}
		if len(got) != len(doc.Headings) {
			t.Fatalf("%s: python-docx finds %d numbered headings, assembly numbered %d", name, len(got), len(doc.Headings))
		}
		for i, h := range doc.Headings {
			appendix := doc.Sections[h.Section].Kind == document.Appendix
			style, text, ilvl := "Heading ", headingTitle(doc, h), h.Level-2
			if appendix {
				style, ilvl = "Appendix Heading ", ilvl+3
				if h.Level == 2 {
					text = "– " + text
				}
			}
			style += string(rune('0' + h.Level - 1))
			g := got[i]
			if g.Style != style || g.Text != text || *g.NumID != 1 || g.Ilvl == nil || *g.Ilvl != ilvl {
				t.Errorf("%s heading %d: python-docx reads %s %q numId %d ilvl %v; want %s %q numId 1 ilvl %d", name, i, g.Style, g.Text, *g.NumID, g.Ilvl, style, text, ilvl)
			}
		}
	}
}

// TestPandoc converts both variants back to text with pandoc: its words
// match the Markdown's, numbered as the model numbers its paragraphs and
// legal list items (Word's numbering writes them, pandoc counts them), at
// a ratio of at least 0.99.
func TestPandoc(t *testing.T) {
	pandoc := need(t, "pandoc", "pandoc")
	for _, name := range []string{"opsium", "ojoo"} {
		doc := variant(t, name)
		file := writeTemp(t, name+".docx", render(t, doc))
		got := textmatch.Words(string(run(t, pandoc, "-f", "docx", "-t", "plain", "--wrap=none", file)))
		want := textmatch.Words(textmatch.PlainText(numberedText(doc)))
		if r := textmatch.Ratio(got, want); r < 0.99 {
			t.Errorf("%s: pandoc's words match the Markdown's at %.4f, want at least 0.99", name, r)
		}
	}
}

// listMarker is a list item's number as pandoc writes it, at the start
// of a line: "(a) ", "  (ii) ", "(3) ".
var listMarker = regexp.MustCompile(`(?m)^[ \t]*\((?:[a-z]+|[A-Z]+|[0-9]+)\)[ \t]`)

// TestPandocRedline shows with pandoc that accepting a redline's changes
// gives B's words and rejecting them A's, and that a self-diff has none.
// The words are compared without the lists' numbers: pandoc keeps a list
// item whose paragraph a change removes whole (Word removes it), empty
// but counted; TestRedlineNumbers counts the numbers as Word does.
func TestPandocRedline(t *testing.T) {
	pandoc := need(t, "pandoc", "pandoc")
	text := func(file string, mode string) []string {
		out := run(t, pandoc, "-f", "docx", "-t", "plain", "--wrap=none", "--track-changes="+mode, file)
		return textmatch.Words(listMarker.ReplaceAllString(string(out), ""))
	}
	for _, tc := range redlineCases(t) {
		red := writeTemp(t, "red.docx", redline(t, tc.a, tc.b))
		a := text(writeTemp(t, "a.docx", render(t, tc.a)), "accept")
		b := text(writeTemp(t, "b.docx", render(t, tc.b)), "accept")
		if got := text(red, "accept"); strings.Join(got, " ") != strings.Join(b, " ") {
			t.Errorf("%s: accepted, %d words against B's %d (ratio %.4f)", tc.name, len(got), len(b), textmatch.Ratio(got, b))
		}
		if got := text(red, "reject"); strings.Join(got, " ") != strings.Join(a, " ") {
			t.Errorf("%s: rejected, %d words against A's %d (ratio %.4f)", tc.name, len(got), len(a), textmatch.Ratio(got, a))
		}
	}
	doc := variant(t, "ojoo")
	self := writeTemp(t, "self.docx", redline(t, doc, doc))
	if all := string(run(t, pandoc, "-f", "docx", "-t", "markdown", "--track-changes=all", self)); strings.Contains(all, ".insertion") || strings.Contains(all, ".deletion") {
		t.Error("a self-diff has changes")
	}
}

// TestLibreOffice converts both variants to PDF with LibreOffice, a
// second implementation of Word's numbering and fields: the PDF's text
// shows every section's number before its title ("1.", "4.2", "Appendix
// A") and every cross-reference as the engine wrote it.
func TestLibreOffice(t *testing.T) {
	soffice := need(t, "soffice", "libreoffice-writer-nogui")
	pdftotext := need(t, "pdftotext", "poppler-utils")
	profile := t.TempDir()
	space := regexp.MustCompile(`\s+`)
	link := regexp.MustCompile(`\[((?:Section|Appendix) [^\]]+)\]\(#`)
	for _, name := range []string{"opsium", "ojoo"} {
		doc := variant(t, name)
		dir := t.TempDir()
		file := filepath.Join(dir, name+".docx")
		if err := os.WriteFile(file, render(t, doc), 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, soffice, "-env:UserInstallation=file://"+profile, "--headless", "--convert-to", "pdf", "--outdir", dir, file)
		text := space.ReplaceAllString(string(run(t, pdftotext, filepath.Join(dir, name+".pdf"), "-")), " ")
		for _, h := range doc.Headings {
			number := wantNumber(doc, h)
			title := headingTitle(doc, h)
			if h.Level == 2 && doc.Sections[h.Section].Kind == document.Appendix {
				title = "– " + title
			}
			if want := number + " " + space.ReplaceAllString(title, " "); !strings.Contains(text, want) {
				t.Errorf("%s: LibreOffice's PDF lacks the heading %q", name, want)
			}
		}
		refs := link.FindAllSubmatch(doc.Markdown, -1)
		if len(refs) == 0 {
			t.Fatalf("%s has no cross-reference", name)
		}
		for _, m := range refs {
			if !strings.Contains(text, string(m[1])) {
				t.Errorf("%s: LibreOffice's PDF lacks the cross-reference %q", name, m[1])
			}
		}
	}
}

// houseCases are the documents the house-style readers compare with their
// PDFs: both seeds, a customer named and not, and a German customer with
// subprocessors under German law.
func houseCases(t *testing.T) []struct {
	name string
	doc  *document.Document
} {
	return []struct {
		name string
		doc  *document.Document
	}{
		{"ojoo", variant(t, "ojoo", "customer.name=Globex Corporation")},
		{"ojoo unnamed", variant(t, "ojoo")},
		{"ojoo under German law, with subprocessors", variant(t, "ojoo", customerIn("Germany", "jurisdiction=de", "venue=", "customer.name=Globex Handels GmbH", `subprocessors=[{"name":"Stripe, Inc.","purpose":"Payments","location":"United States"}]`)...)},
		{"opsium", variant(t, "opsium", "customer.name=Globex Corporation")},
		{"German processor with subprocessors under German law, concise style", variant(t, "opsium", germanProcessor("opsium")...)},
		{"German processor with subprocessors under German law, full style", variant(t, "ojoo", germanProcessor("ojoo")...)},
	}
}

// germanProcessor sets a processor established in Germany, none of the
// variants' own, with two subprocessors, under German law, over variant's
// house style; each style gets the details it prints.
func germanProcessor(variant string) []string {
	sets := customerIn("Germany",
		"processor.name=Nordwerk", "processor.legal_name=Nordwerk Software GmbH", "processor.country=Germany",
		"processor.contact.privacy_email=datenschutz@nordwerk.example",
		"jurisdiction=de", "venue=", "customer.name=Globex Handels GmbH",
		`subprocessors=[{"name":"Hetzner Online GmbH","purpose":"Hosting","location":"Germany"},{"name":"Stripe, Inc.","purpose":"Payments","location":"United States"}]`)
	if variant == "ojoo" {
		return append(sets,
			"processor.services=logistics software and support",
			"processor.offerings=software and support services",
			"processor.products=[Logistics software.]",
			"processor.purposes=[Provide the Services.]",
			"processor.address=[Hafenstraße 1, 20457 Hamburg, Germany]")
	}
	return append(sets, "processor.hosting=Hetzner")
}

// partiesBlock is what the title block says, line by line, in every
// format: "between", each party's name (nothing for an unnamed one) and
// role, joined by "and"; then the agreement's date as the library labels
// and writes it.
func partiesBlock(doc *document.Document) []string {
	var out []string
	for i, p := range doc.Meta.Parties {
		out = append(out, map[bool]string{true: "and", false: "between"}[i > 0])
		if p.Name != "" {
			out = append(out, p.Name)
		}
		out = append(out, "(the “"+p.Role+"”)")
	}
	if d := doc.Meta.Dated(); d != "" {
		out = append(out, d)
	}
	return out
}

// inOrder reports whether every line of want is a line of text, in order.
func inOrder(text string, want []string) bool {
	lines := strings.Split(text, "\n")
	k := 0
	for _, l := range lines {
		if k < len(want) && strings.TrimSpace(l) == want[k] {
			k++
		}
	}
	return k == len(want)
}

// oneLine is s with its lines and spaces run together.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// pdfContents returns the titles the PDF's table of contents lists, in
// order: its lines on the first page, without their page numbers.
var pdfContentsLine = regexp.MustCompile(`(?m)^((?:\d+\.|Appendix [A-Z]+ –) [^\n]*?)[ .]+ (\d+)$`)

// entryPage is the page number that ends a contents entry: the dot
// leader, then the number.
var entryPage = regexp.MustCompile(`^[ .]*(\d+)\b`)

// headingPage returns the page, counted from 1, whose text has a line
// starting with the heading of contents entry e, its number and first
// word: the first after the page of the contents, 0 for none.
func headingPage(pages []string, e string) int {
	words := strings.Fields(e)
	n := 2
	if words[0] == "Appendix" {
		n = 4
	}
	start := strings.Join(words[:min(n, len(words))], " ")
	for i := 1; i < len(pages); i++ {
		for _, line := range strings.Split(pages[i], "\n") {
			if strings.HasPrefix(oneLine(line), start) {
				return i + 1
			}
		}
	}
	return 0
}

// TestLibreOfficeHouseStyle converts the DOCX of each case to PDF with
// LibreOffice, and reads it beside the PDF Clausemark typesets, as a
// lawyer holding both would: the same family, the same parties block and
// contents entries on the first page, the same running header from the
// second page, the same footer on every page ("Page X of Y" and the
// reference and date, the id once), and every appendix starting a page.
//
// The contents give each entry's page as LibreOffice lays the text out:
// the page on which it sets the entry's heading.
func TestLibreOfficeHouseStyle(t *testing.T) {
	soffice := need(t, "soffice", "libreoffice-writer-nogui")
	pdftotext := need(t, "pdftotext", "poppler-utils")
	pdffonts := need(t, "pdffonts", "poppler-utils")
	profile := t.TempDir()
	for _, tc := range houseCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			doc := tc.doc
			o := format.Options{Creator: "clausemark test", DocumentID: testID}
			want, err := pdf.Format.Render(context.Background(), doc, o)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := pdftext.Read(want, 297, 0)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "doc.docx")
			if err := os.WriteFile(file, renderID(t, doc), 0o644); err != nil {
				t.Fatal(err)
			}
			run(t, soffice, "-env:UserInstallation=file://"+profile, "--headless", "--convert-to", "pdf", "--outdir", dir, file)
			lo := filepath.Join(dir, "doc.pdf")
			pages := strings.Split(strings.TrimSuffix(string(run(t, pdftotext, lo, "-")), "\f"), "\f")
			info := format.NewInfo(doc.Meta, o)

			// The family the PDF embeds.
			family := "DejaVuSerif"
			if doc.Style != nil && doc.Style.Font == "sans" {
				family = "DejaVuSans"
			}
			if fonts := string(run(t, pdffonts, lo)); !strings.Contains(fonts, "+"+family+" ") && !strings.Contains(fonts, "+"+family+"-") {
				t.Errorf("LibreOffice sets the text in other fonts than %s:\n%s", family, fonts)
			}

			// The parties block, on the first page of both.
			block := partiesBlock(doc)
			if !inOrder(pages[0], block) || !inOrder(ref.Page[0], block) {
				t.Errorf("the first pages lack the parties block %q:\nDOCX:\n%s\nPDF:\n%s", block, pages[0], ref.Page[0])
			}

			// The contents: the PDF's entries, in order.
			var entries []string
			for _, m := range pdfContentsLine.FindAllStringSubmatch(ref.Page[0], -1) {
				entries = append(entries, strings.TrimSuffix(m[1], "…"))
			}
			if doc.Style != nil && doc.Style.Contents != (len(entries) > 0) {
				t.Fatalf("the PDF has %d contents entries", len(entries))
			}
			if len(entries) > 0 {
				_, list, ok := strings.Cut(pages[0], "\nContents\n")
				if !ok {
					t.Fatalf("LibreOffice's first page has no contents:\n%s", pages[0])
				}
				// An entry may take two lines: the entries are read
				// in order from the text run together, each with the
				// page its dot leader ends in, which must be the page
				// LibreOffice sets the heading on.
				rest := oneLine(list)
				for i, e := range entries {
					at := strings.Index(rest, oneLine(e))
					if at < 0 {
						t.Errorf("contents entry %d, %q in the PDF, is not in LibreOffice's contents after the one before:\n%s", i+1, e, list)
						break
					}
					rest = rest[at+len(oneLine(e)):]
					m := entryPage.FindStringSubmatch(rest)
					if m == nil {
						t.Errorf("contents entry %q has no page number in LibreOffice's contents:\n%s", e, list)
						continue
					}
					if on := headingPage(pages, e); m[1] != strconv.Itoa(on) {
						t.Errorf("contents entry %q gives page %s; LibreOffice sets the heading on page %d", e, m[1], on)
					}
				}
				t.Logf("LibreOffice shows the %d contents entries with the pages it sets their headings on", len(entries))
			}

			// Header from the second page, footer on every page.
			footer := "Ref. " + testID + " · " + doc.Meta.DateText
			if !strings.Contains(strings.Join(strings.Fields(ref.Page[0]), " "), footer) {
				t.Errorf("the PDF's footer lacks %q", footer)
			}
			for i, p := range pages {
				if !strings.Contains(p, "Page "+strconv.Itoa(i+1)+" of "+strconv.Itoa(len(pages))) || !strings.Contains(p, footer) || strings.Count(p, testID) != 1 {
					t.Errorf("page %d's footer is not %q with the id once:\n%s", i+1, footer, p)
				}
				if i > 0 && !strings.HasPrefix(oneLine(p), info.Header) {
					t.Errorf("page %d's header lacks %q", i+1, info.Header)
				}
			}

			// Every appendix starts a page: its heading is the page's
			// first line below the header.
			for _, h := range doc.Headings {
				if h.Level != 2 || doc.Sections[h.Section].Kind != document.Appendix {
					continue
				}
				title := h.Prefix + doc.Sections[h.Section].Title
				found := false
				for _, p := range pages[1:] {
					body, _ := strings.CutPrefix(oneLine(p), info.Header)
					found = found || strings.HasPrefix(strings.TrimSpace(body), oneLine(title))
				}
				if !found {
					t.Errorf("%q does not start a page", title)
				}
			}
		})
	}
}

const pythonHouse = `
import docx, docx.text.paragraph, json, sys
d = docx.Document(sys.argv[1])
ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
def text(p):
    return "".join(t.text or "" for t in p._p.findall(".//w:t", ns))
# The body's paragraphs and, as Word shows them among those, the ones of
# its content controls (the table of contents), which d.paragraphs skips.
def paragraphs():
    for c in d.element.body.iterchildren():
        if c.tag == "{%s}p" % ns["w"]:
            yield docx.text.paragraph.Paragraph(c, d._body)
        elif c.tag == "{%s}sdt" % ns["w"]:
            for p in c.findall("w:sdtContent/w:p", ns):
                yield docx.text.paragraph.Paragraph(p, d._body)
s = d.sections[0]
print(json.dumps({
    "paragraphs": [[p.style.name, text(p)] for p in paragraphs()],
    "header": [p.text for p in s.header.paragraphs],
    "footer": [p.text for p in s.footer.paragraphs],
    "firstFooter": [p.text for p in s.first_page_footer.paragraphs],
    "firstPage": s.different_first_page_header_footer,
    "margins": [s.top_margin.mm, s.right_margin.mm, s.bottom_margin.mm, s.left_margin.mm],
    "font": d.styles["Normal"].font.name or d.styles.element.find(".//w:rPrDefault//w:rFonts", ns).get("{%s}ascii" % ns["w"]),
}))
`

// TestPythonDocxHouseStyle reads each case with python-docx: the parties
// block after the title, the contents entries (the sections' and
// appendices' headings, in order), the running header and the footer
// (the reference once), the margins and the family.
func TestPythonDocxHouseStyle(t *testing.T) {
	py := python(t)
	for _, tc := range houseCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			doc := tc.doc
			file := writeTemp(t, "doc.docx", renderID(t, doc))
			var got struct {
				Paragraphs     [][2]string
				Header, Footer []string
				FirstFooter    []string `json:"firstFooter"`
				FirstPage      bool     `json:"firstPage"`
				Margins        []float64
				Font           string
			}
			if err := json.Unmarshal(run(t, py, "-c", pythonHouse, file), &got); err != nil {
				t.Fatal(err)
			}
			var block []string
			for _, p := range got.Paragraphs[1:] {
				if p[0] == "Title Rule" {
					break
				}
				if p[1] != "" {
					block = append(block, p[1])
				}
			}
			if want := partiesBlock(doc); strings.Join(block, "|") != strings.Join(want, "|") {
				t.Errorf("python-docx reads the parties block %q, want %q", block, want)
			}
			var entries, want []string
			for _, p := range got.Paragraphs {
				if p[0] == "toc 1" {
					entries = append(entries, p[1])
				}
			}
			if doc.Style.Contents {
				for _, h := range doc.Headings {
					if h.Level == 2 {
						want = append(want, doc.Sections[h.Section].Heading())
					}
				}
			}
			if strings.Join(entries, "|") != strings.Join(want, "|") {
				t.Errorf("python-docx reads the contents %q, want %q", entries, want)
			}
			info := format.NewInfo(doc.Meta, format.Options{DocumentID: testID})
			if strings.Join(got.Header, "") != info.Header {
				t.Errorf("header %q, want %q", got.Header, info.Header)
			}
			footer := "Page 1 of 1\tRef. " + testID + " · " + doc.Meta.DateText
			if strings.Join(got.Footer, "") != footer || strings.Join(got.FirstFooter, "") != footer || !got.FirstPage {
				t.Errorf("footers %q and, on the first page, %q; want %q on both", got.Footer, got.FirstFooter, footer)
			}
			m := document.Margins{Top: 25, Right: 25, Bottom: 25, Left: 25}
			if doc.Style.Margins != nil {
				m = *doc.Style.Margins
			}
			for i, w := range []float64{m.Top, m.Right, m.Bottom, m.Left} {
				if math.Abs(got.Margins[i]-w) > 0.1 {
					t.Errorf("margins %v mm, want %v", got.Margins, m)
					break
				}
			}
			family := map[bool]string{true: "DejaVu Sans", false: "DejaVu Serif"}[doc.Style.Font == "sans"]
			if got.Font != family {
				t.Errorf("python-docx reads the family %q, want %q", got.Font, family)
			}
		})
	}
}

// insertBefore inserts a paragraph reading text before the paragraph of
// document.xml that reads before, with its properties (its style and
// numbering), as a lawyer adds one in Word by pressing Enter.
func insertBefore(t *testing.T, xml, before, text string) string {
	t.Helper()
	at := strings.Index(xml, "<w:t xml:space=\"preserve\">"+before)
	if at < 0 {
		at = strings.Index(xml, "<w:t>"+before)
	}
	start := strings.LastIndex(xml[:max(at, 0)], "<w:p>")
	if at < 0 || start < 0 {
		t.Fatalf("no paragraph reads %q", before)
	}
	props := ""
	if end := strings.Index(xml[start:at], "</w:pPr>"); end >= 0 {
		props = xml[start+len("<w:p>") : start+end+len("</w:pPr>")]
	}
	return xml[:start] + "<w:p>" + props + "<w:r><w:t>" + text + "</w:t></w:r></w:p>" + xml[start:]
}

// TestInsertParagraph inserts a paragraph before a numbered paragraph and
// a list item before a legal item in the DOCX, as a lawyer would in Word,
// and lays the file out with LibreOffice: the paragraphs and items after
// each renumber, and the references to them read their new numbers
// ("Section 2(3)", "Section 2.1(2)(c)(ii)"), references to places before
// the insertions keep theirs.
func TestInsertParagraph(t *testing.T) {
	soffice := need(t, "soffice", "libreoffice-writer-nogui")
	pdftotext := need(t, "pdftotext", "poppler-utils")
	parts := unzip(t, render(t, places(t)))
	xml := string(parts["word/document.xml"])
	xml = insertBefore(t, xml, "Second paragraph of Gamma.", "An inserted paragraph.")
	xml = insertBefore(t, xml, "delete the data", "an inserted step")
	parts["word/document.xml"] = []byte(xml)
	dir := t.TempDir()
	file := filepath.Join(dir, "places.docx")
	if err := os.WriteFile(file, zipParts(t, parts), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, soffice, "-env:UserInstallation=file://"+t.TempDir(), "--headless", "--convert-to", "pdf", "--outdir", dir, file)
	text := oneLine(string(run(t, pdftotext, filepath.Join(dir, "places.pdf"), "-")))
	for _, want := range []string{
		"(2) An inserted paragraph.", "(3) Second paragraph of Gamma.",
		"(b) an inserted step", "(c) delete the data", "(ii) from the backups",
		"See Section 2(3) and Section 2.1.",
		"Deletion follows Section 2.1(2)(c), and then Section 2.1(2)(c)(ii), under Appendix A(b).",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("LibreOffice's layout lacks %q:\n%s", want, text)
		}
	}
}

// numberedStarts returns what every copy of doc must show, in order: each
// numbered heading's number and first word ("4.2 Categories", "Appendix A
// – Description"), each numbered paragraph's and legal list item's number
// and first words ("(2) Ojoo shall", "(b) Contain, mitigate,"), as the
// document numbers them.
func numberedStarts(doc *document.Document) []string {
	var out []string
	nums, heads := doc.Numbered(), doc.Headings
	first := func(off, n int) string {
		block, _, _ := strings.Cut(string(doc.Markdown[off:]), "\n\n")
		line, _, _ := strings.Cut(strings.TrimSpace(textmatch.PlainText([]byte(block))), "\n")
		w := strings.Fields(textmatch.FoldQuotes(line))
		return strings.Join(w[:min(n, len(w))], " ")
	}
	for len(nums) > 0 || len(heads) > 0 {
		if len(heads) > 0 && (len(nums) == 0 || heads[0].Offset <= nums[0].Offset) {
			h := heads[0]
			heads = heads[1:]
			out = append(out, oneLine(h.Prefix+first(h.Offset+len(h.Prefix), 1)))
			continue
		}
		n := nums[0]
		nums = nums[1:]
		if n.Kind == document.Paragraph || n.Kind == document.Legal {
			out = append(out, n.Marker+" "+first(n.Offset, 2))
		}
	}
	return out
}

// missingInOrder returns the first of want that text, read from where the
// one before it was found, lacks, and how many were found before it.
func missingInOrder(text string, want []string) (string, int) {
	at := 0
	for i, w := range want {
		k := strings.Index(text[at:], w)
		if k < 0 {
			return w, i
		}
		at += k + len(w)
	}
	return "", len(want)
}

// TestNumbersDOCXandPDF reads each house-style case's PDF and its DOCX as
// LibreOffice lays it out (both through pdftotext) and finds in both every
// section, subsection, paragraph and list number of the document, each
// before its first words, in the document's order: the copy a lawyer
// marks up in Word and the PDF that is signed cite the same "12.2(2)(b)".
// The parties block, contents entries and footer of the same cases are
// compared by TestLibreOfficeHouseStyle.
func TestNumbersDOCXandPDF(t *testing.T) {
	soffice := need(t, "soffice", "libreoffice-writer-nogui")
	pdftotext := need(t, "pdftotext", "poppler-utils")
	profile := t.TempDir()
	for _, tc := range houseCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			want := numberedStarts(tc.doc)
			if len(want) < 20 {
				t.Fatalf("only %d numbers to compare", len(want))
			}
			dir := t.TempDir()
			o := format.Options{Creator: "clausemark test", DocumentID: testID}
			data, err := pdf.Format.Render(context.Background(), tc.doc, o)
			if err != nil {
				t.Fatal(err)
			}
			pdfFile, docxFile := filepath.Join(dir, "typeset.pdf"), filepath.Join(dir, "doc.docx")
			if err := os.WriteFile(pdfFile, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(docxFile, renderID(t, tc.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			run(t, soffice, "-env:UserInstallation=file://"+profile, "--headless", "--convert-to", "pdf", "--outdir", dir, docxFile)
			for _, copy := range []struct{ name, file string }{{"the PDF", pdfFile}, {"the DOCX laid out by LibreOffice", filepath.Join(dir, "doc.pdf")}} {
				text := textmatch.FoldQuotes(oneLine(string(run(t, pdftotext, "-layout", copy.file, "-"))))
				if miss, found := missingInOrder(text, want); miss != "" {
					t.Errorf("%s shows %d of the document's %d numbers in order, then lacks %q", copy.name, found, len(want), miss)
				}
			}
		})
	}
}
