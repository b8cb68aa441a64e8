package docx_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/render/docx"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// customerIn gives the values that a document with the SCCs' Module Two
// needs of the Customer: the country where it is established (Annex I.C
// names its supervisory authority) and its own categories of data subjects
// and of personal data (Annex I.B lists them).
func customerIn(country string, sets ...string) []string {
	return append(sets, "customer.country="+country,
		"transfer.data_subjects=[Employees of the Customer, Customers of the Customer]",
		"transfer.data_categories=[Contact details, Order records]")
}

// TestGolden compares the body and numbering the writer makes of the
// fixture with testdata/want.*.xml, one element per line.
func TestGolden(t *testing.T) {
	parts := unzip(t, render(t, fixture(t)))
	for _, name := range []string{"document", "numbering"} {
		got := lines(parts["word/"+name+".xml"])
		file := "testdata/want." + name + ".xml"
		if *update {
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("word/%s.xml differs from %s (go test -run Golden -update rewrites it):\n%s", name, file, firstDiff(got, want))
		}
	}
}

// lines puts each paragraph, table row and numbering level on a line of
// its own, so a golden file's diff shows what changed.
func lines(x []byte) []byte {
	s := string(x)
	for _, tag := range []string{"<w:p>", "<w:p/>", "<w:tbl>", "<w:tr>", "<w:sectPr>", "<w:lvl ", "<w:num ", "<w:abstractNum "} {
		s = strings.ReplaceAll(s, tag, "\n"+tag)
	}
	return []byte(strings.TrimSpace(s) + "\n")
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + la[i] + "\nwant: " + lb[i]
		}
	}
	return "lengths differ"
}

// wantNumber is how Word's list writes a heading's number.
func wantNumber(doc *document.Document, h document.Heading) string {
	if h.Level == 2 {
		if doc.Sections[h.Section].Kind == document.Appendix {
			return "Appendix " + h.Number
		}
		return h.Number + "."
	}
	return h.Number
}

// numberedPattern is a number typed into a heading's text.
var numberedPattern = regexp.MustCompile(`^\s*(\d+(\.\d+)*\.?\s|[A-Z]\.\d|Appendix [A-Z]+\b)`)

// TestNumbering shows that Word numbers the headings as assembly did, from
// the list their styles carry, with no number typed into their text: for
// the fixture, both variants and other jurisdictions.
func TestNumbering(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  func(t testing.TB) *document.Document
	}{
		{"fixture", func(t testing.TB) *document.Document { return fixture(t) }},
		{"opsium", func(t testing.TB) *document.Document { return variant(t, "opsium") }},
		{"ojoo", func(t testing.TB) *document.Document { return variant(t, "ojoo") }},
		{"ojoo under German law, with subprocessors", func(t testing.TB) *document.Document {
			return variant(t, "ojoo", customerIn("Germany", "jurisdiction=de", "venue=", `subprocessors=[{"name":"Stripe, Inc.","purpose":"Payments","location":"United States"}]`)...)
		}},
		{"opsium in the UK", func(t testing.TB) *document.Document {
			return variant(t, "opsium", customerIn("United Kingdom", "jurisdiction=uk", "processor.country=US")...)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := tc.doc(t)
			if len(doc.Headings) == 0 {
				t.Fatal("assembly numbered no heading")
			}
			parts := unzip(t, render(t, doc))
			body := parseXML(t, parts["word/document.xml"])
			nb := newNumberer(t, parts)
			var got []string
			for _, p := range body.all("w:p") {
				if p.inside("w:tbl") {
					continue
				}
				style := ""
				if s := p.child("w:pPr"); s != nil && s.child("w:pStyle") != nil {
					style = s.child("w:pStyle").attrs["w:val"]
				}
				n := nb.number(p)
				if !strings.Contains(style, "Heading") {
					continue
				}
				text := paraText(p, "")
				if numberedPattern.MatchString(text) {
					t.Errorf("heading %q has a number typed into its text", text)
				}
				if n != "" {
					got = append(got, n)
				}
			}
			var want []string
			for _, h := range doc.Headings {
				want = append(want, wantNumber(doc, h))
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("Word numbers the headings\n%v\nassembly numbered them\n%v", got, want)
			}
		})
	}
}

// refs returns each REF field of the body: its bookmark, switches and the
// result it is pre-filled with.
type ref struct{ bookmark, instr, result string }

func refs(t testing.TB, body *node) []ref {
	t.Helper()
	var out []ref
	var cur *ref
	state := ""
	for _, r := range body.all("w:r") {
		if fc := r.child("w:fldChar"); fc != nil {
			switch fc.attrs["w:fldCharType"] {
			case "begin":
				cur, state = &ref{}, "instr"
			case "separate":
				state = "result"
			case "end":
				if cur != nil && strings.HasPrefix(strings.TrimSpace(cur.instr), "REF ") {
					cur.bookmark = strings.Fields(cur.instr)[1]
					out = append(out, *cur)
				}
				cur, state = nil, ""
			}
			continue
		}
		if cur == nil {
			continue
		}
		for _, c := range r.children {
			switch {
			case state == "instr" && (c.name == "w:instrText" || c.name == "w:delInstrText"):
				cur.instr += c.text
			case state == "result" && (c.name == "w:t" || c.name == "w:delText"):
				cur.result += c.text
			}
		}
	}
	return out
}

// headingsByBookmark maps each bookmark to its paragraph's number and text.
func headingsByBookmark(t testing.TB, parts map[string][]byte, body *node) map[string][2]string {
	nb := newNumberer(t, parts)
	out := map[string][2]string{}
	for _, p := range body.all("w:p") {
		n := nb.number(p)
		for _, b := range p.all("w:bookmarkStart") {
			text := ""
			// The bookmarked text: the runs after bookmarkStart.
			after := false
			for _, c := range p.children {
				if c == b {
					after = true
					continue
				}
				if after && c.name == "w:r" {
					for _, t := range c.all("w:t") {
						text += t.text
					}
				}
			}
			out[b.attrs["w:name"]] = [2]string{strings.TrimSuffix(n, "."), text}
		}
	}
	return out
}

// TestReferences shows that each cross-reference is REF fields to a
// bookmark that exists, pre-filled with what Word computes for it: the
// number (\n, without its period) and the heading's text.
func TestReferences(t *testing.T) {
	for _, doc := range []*document.Document{fixture(t), places(t), variant(t, "ojoo"), variant(t, "opsium")} {
		parts := unzip(t, render(t, doc))
		body := parseXML(t, parts["word/document.xml"])
		marks := headingsByBookmark(t, parts, body)
		rs := refs(t, body)
		if len(rs) == 0 {
			t.Fatalf("%s: no REF field", doc.Meta.Template)
		}
		for _, r := range rs {
			h, ok := marks[r.bookmark]
			if !ok {
				t.Errorf("%s: REF to %s, which no bookmark names", doc.Meta.Template, r.bookmark)
				continue
			}
			want := h[1]
			if strings.Contains(r.instr, `\n`) {
				want = h[0]
			}
			if r.result != want {
				t.Errorf("%s: %s reads %q; Word would compute %q", doc.Meta.Template, r.instr, r.result, want)
			}
			if !strings.Contains(r.instr, `\h`) {
				t.Errorf("%s: %s is not a link", doc.Meta.Template, r.instr)
			}
		}
	}
}

// TestInsertClause inserts a section into the DOCX's XML before section 3,
// as a lawyer would in Word, and shows that the numbers after it move up
// (numbering is a property of the list, not typed text) and that the
// references to a later section now compute its new number.
func TestInsertClause(t *testing.T) {
	parts := unzip(t, render(t, variant(t, "ojoo")))
	xml := string(parts["word/document.xml"])
	body := parseXML(t, parts["word/document.xml"])
	nb := newNumberer(t, parts)
	third := ""
	for _, p := range body.all("w:p") {
		if nb.number(p) == "3." {
			third = paraText(p, "")
		}
	}
	if third == "" {
		t.Fatal("no section 3")
	}
	at := strings.Index(xml, `<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:keepNext/></w:pPr><w:bookmarkStart w:id="`)
	for i := 0; i < 2 && at >= 0; i++ { // past sections 1 and 2
		next := strings.Index(xml[at+1:], `<w:p><w:pPr><w:pStyle w:val="Heading1"/>`)
		if next < 0 {
			t.Fatal("fewer than three sections")
		}
		at += 1 + next
	}
	inserted := `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Inserted Clause</w:t></w:r></w:p><w:p><w:r><w:t>New text.</w:t></w:r></w:p>`
	parts["word/document.xml"] = []byte(xml[:at] + inserted + xml[at:])
	body = parseXML(t, parts["word/document.xml"])
	nb = newNumberer(t, parts)
	numbers := map[string]string{}
	for _, p := range body.all("w:p") {
		if n := nb.number(p); n != "" {
			numbers[paraText(p, "")] = n
		}
	}
	if numbers["Inserted Clause"] != "3." || numbers[third] != "4." {
		t.Errorf("after inserting before section 3: the new clause is %q and %q is %q; want 3. and 4.", numbers["Inserted Clause"], third, numbers[third])
	}
	if numbers["Applicability"] != "2.1" {
		t.Errorf("2.1 moved: %q", numbers["Applicability"])
	}
	marks := headingsByBookmark(t, parts, body)
	for _, r := range refs(t, body) {
		if !strings.Contains(r.instr, `\n`) {
			continue
		}
		h := marks[r.bookmark]
		if r.result == "14" && h[0] != "15" {
			t.Errorf("the reference to section 14 would update to %q, want 15", h[0])
		}
	}
}

// TestDeterministic renders the same document twice, and at once from
// several goroutines: the bytes are the same.
func TestDeterministic(t *testing.T) {
	doc := variant(t, "ojoo")
	first := render(t, doc)
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data, err := docx.Render(context.Background(), doc, docx.OptionsFor(doc.Meta, format.Options{Creator: "clausemark test"}))
			if err != nil {
				t.Error(err)
			}
			got[i] = data
		}()
	}
	wg.Wait()
	for i, g := range got {
		if !bytes.Equal(g, first) {
			t.Errorf("rendering %d differs", i)
		}
	}
}

// TestEscaping gives the customer and processor names that are XML, CDATA
// ends and entities: each is text in the file, as given, its quotes
// typographic; the keywords hold it exactly as given.
func TestEscaping(t *testing.T) {
	for _, tc := range []struct{ name, printed string }{
		{`<w:t>`, `<w:t>`},
		{`]]>`, `]]>`},
		{`&amp; "quoted" 'single'`, `&amp; “quoted” ‘single’`}, // typographic quotes, as in the PDF
		{`</w:p></w:body>`, `</w:p></w:body>`},
		{`Ünïcödé – 株式会社`, `Ünïcödé – 株式会社`},
	} {
		name := tc.name
		doc := fixture(t, "customer.name="+name)
		parts := unzip(t, render(t, doc))
		for part, data := range parts {
			if strings.HasSuffix(part, ".xml") || strings.HasSuffix(part, ".rels") {
				parseXML(t, data)
			}
		}
		body := parseXML(t, parts["word/document.xml"])
		var text strings.Builder
		for _, p := range body.all("w:p") {
			text.WriteString(paraText(p, "") + "\n")
		}
		if !strings.Contains(text.String(), tc.printed) {
			t.Errorf("the customer %q is not in the text:\n%s", tc.printed, text.String())
		}
		core := string(parseXML(t, parts["docProps/core.xml"]).all("keywords")[0].text)
		if !strings.Contains(core, name) {
			t.Errorf("keywords %q lack the customer %q", core, name)
		}
	}
}

// TestProperties checks the document properties, header and footer.
func TestProperties(t *testing.T) {
	doc := variant(t, "ojoo", "customer.name=Globex")
	parts := unzip(t, render(t, doc))
	core := parseXML(t, parts["docProps/core.xml"])
	for name, want := range map[string]string{
		"title":    "Data Processing Agreement (DPA)",
		"creator":  "OJOO SOFTWARE SERVICES PRIVATE LIMITED",
		"subject":  "Data Processing Agreement (DPA) between OJOO SOFTWARE SERVICES PRIVATE LIMITED and Globex",
		"created":  "2026-05-29T00:00:00Z",
		"modified": "2026-05-29T00:00:00Z",
	} {
		if got := core.all(name); len(got) != 1 || got[0].text != want {
			t.Errorf("core property %s: %v, want %q", name, got, want)
		}
	}
	if kw := core.all("keywords")[0].text; !strings.Contains(kw, "Globex") || !strings.Contains(kw, "DPDP") {
		t.Errorf("keywords %q", kw)
	}
	footer := string(parts["word/footer1.xml"])
	for _, want := range []string{"> PAGE <", "> NUMPAGES <", "29/05/2026"} {
		if !strings.Contains(footer, want) {
			t.Errorf("footer lacks %q", want)
		}
	}
	if !strings.Contains(string(parts["word/header1.xml"]), "Data Processing Agreement (DPA)") {
		t.Error("header lacks the title")
	}
	body := string(unzip(t, render(t, fixture(t)))["word/document.xml"])
	for _, want := range []string{`<w:tblHeader/>`, `<w:pageBreakBefore/>`, `<w:titlePg/>`, `<w:trackRevisions/>`} {
		if got := strings.Contains(body, want) || strings.Contains(string(parts["word/settings.xml"]), want); got != (want != `<w:trackRevisions/>`) {
			t.Errorf("%s: %v", want, got)
		}
	}
}

// TestHostile renders Markdown that is deep, wide or long: the writer
// caps list levels at Word's nine, refuses more columns than Word allows
// and lists and quotes nested past mdext.MaxNesting with an error naming
// the line, and never fails otherwise.
func TestHostile(t *testing.T) {
	deep := ""
	for i := range 40 {
		deep += strings.Repeat("  ", i) + "- level\n"
	}
	deeper := ""
	for i := range 4000 {
		deeper += strings.Repeat("  ", i) + "- level\n"
	}
	const (
		ok = iota
		tooWide
		tooDeep
	)
	for _, tc := range []struct {
		name, src string
		want      int // ok, or the error
		line      int // of the error
	}{
		{"lists 40 deep", deep, ok, 0},
		{"quotes 100 deep", strings.Repeat(">", mdext.MaxNesting) + " deep\n", ok, 0},
		{"quotes 200 deep", "\n" + strings.Repeat(">", 200) + " deep\n", tooDeep, 2},
		{"lists 4,000 deep", deeper, tooDeep, mdext.MaxNesting + 1},
		{"a 100,000-character word", strings.Repeat("x", 100000) + "\n", ok, 0},
		{"64 columns", "\n\n|" + strings.Repeat(" c |", 64) + "\n|" + strings.Repeat("-|", 64) + "\n|" + strings.Repeat(" v |", 64) + "\n", tooWide, 3},
		{"empty", "", ok, 0},
		{"control characters", "a\x01b\x7f\uFFFE c\xff\n", ok, 0},
		{"a link to nowhere and a raw tag", "[x](#nowhere) <w:t>raw</w:t> <!-- c -->\n\n<div>x</div>\n", ok, 0},
		{"link targets that are not URIs", "[a](<a b>) [b](https://e.com/ü?q=\"x\") [c](\\\\host)\n", ok, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := &document.Document{Markdown: []byte(tc.src)}
			data, err := docx.Render(context.Background(), doc, docx.Options{})
			var te *docx.TableError
			var ne *mdext.NestingError
			switch tc.want {
			case tooWide:
				if !errors.As(err, &te) || te.Line != tc.line || te.Columns != 64 {
					t.Fatalf("error %v, want a TableError for 64 columns at line %d", err, tc.line)
				}
				return
			case tooDeep:
				if !errors.As(err, &ne) || ne.Line != tc.line {
					t.Fatalf("error %v, want a NestingError at line %d", err, tc.line)
				}
				// The same in a redline, either side.
				if _, err := docx.Redline(context.Background(), doc, fixture(t), docx.Options{}, rev); !errors.As(err, &ne) || ne.Line != tc.line {
					t.Fatalf("redline: error %v, want a NestingError at line %d", err, tc.line)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			parts := unzip(t, data)
			for _, r := range parseXML(t, parts["word/_rels/document.xml.rels"]).all("Relationship") {
				if u := r.attrs["Target"]; strings.ContainsAny(u, " \\\"") || strings.ContainsFunc(u, func(r rune) bool { return r > 0x7e }) {
					t.Errorf("link target %q is not a URI", u)
				}
			}
			body := parseXML(t, parts["word/document.xml"])
			for _, l := range body.all("w:ilvl") {
				if v := l.attrs["w:val"]; len(v) != 1 || v[0] < '0' || v[0] > '8' {
					t.Errorf("list level %s", v)
				}
			}
		})
	}
}

// TestCancel stops when the context is done.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := docx.Render(ctx, variant(t, "ojoo"), docx.Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

// TestPlaceReferences checks that a reference to a paragraph or a list
// item reads as assembly wrote it, each number a REF field to the
// bookmark of the heading, paragraph or item it names: "Section
// 2.1(2)(b)" is "Section " and three fields, on the heading 2.1, its
// paragraph (2) and that paragraph's item (b).
func TestPlaceReferences(t *testing.T) {
	doc := places(t)
	parts := unzip(t, render(t, doc))
	body := parseXML(t, parts["word/document.xml"])
	marks := headingsByBookmark(t, parts, body)
	for _, tc := range []struct {
		text   string // the paragraph's words, as Word shows them
		fields []string
	}{
		{"See Section 2(2) and Section 2.1.", []string{"2", "(2)", "2.1"}},
		{"Deletion follows Section 2.1(2)(b), and then Section 2.1(2)(b)(ii), under Appendix A(b).", []string{"2.1", "(2)", "(b)", "2.1", "(2)", "(b)", "(ii)", "Appendix A", "(b)"}},
	} {
		var p *node
		for _, q := range body.all("w:p") {
			if paraText(q, "") == tc.text {
				p = q
			}
		}
		if p == nil {
			t.Errorf("no paragraph reads %q", tc.text)
			continue
		}
		var got []string
		for _, r := range refs(t, p) {
			got = append(got, r.result)
			if _, ok := marks[r.bookmark]; !ok {
				t.Errorf("%s: no bookmark %s", r.instr, r.bookmark)
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.fields, " ") {
			t.Errorf("%q: fields %q, want %q", tc.text, got, tc.fields)
		}
	}
}
