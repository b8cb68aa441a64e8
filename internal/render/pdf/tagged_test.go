package pdf_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// The tests in this file read the structure tree of the tagged PDF with
// pdfcpu, the text of each element from the marked content of the
// pages' content streams (tagcontent_test.go), and check the rules of
// PDF/UA-1 (ISO 14289-1) that apply to these files, as pdfa_test.go
// checks PDF/A's.

// selem is a structure element as the file holds it.
type selem struct {
	role, alt string
	obj       int     // its object number
	kids      []any   // *selem, mcr or objr, in order
	parent    *selem  // nil for the root's kids
	page      int     // its /Pg, from 0; -1 for none
	annots    []int   // the object numbers of its OBJR kids
	file      *tagged // the file it is in
}

// mcr is a marked-content sequence on a page, by its MCID.
type mcr struct{ page, mcid int }

// tagged is a tagged PDF read back: its structure, and each page's
// marked content.
type tagged struct {
	*pdfFile
	roots []*selem
	pages []pageMarks // by page, from 0
	byObj map[int]*selem
	refs  map[mcr]int // how many elements hold each sequence
}

// readTagged reads data's structure tree and marked content.
func readTagged(t *testing.T, data []byte) *tagged {
	t.Helper()
	f := &tagged{pdfFile: readPDF(t, data), byObj: map[int]*selem{}, refs: map[mcr]int{}}
	x := f.ctx.XRefTable
	pageOf := map[int]int{}
	for p := 1; p <= f.ctx.PageCount; p++ {
		pd, ref, _, err := x.PageDict(p, false)
		if err != nil {
			t.Fatal(err)
		}
		pageOf[ref.ObjectNumber.Value()] = p - 1
		marks, err := readMarks(f.content(pd))
		if err != nil {
			t.Fatalf("page %d: %v", p, err)
		}
		f.pages = append(f.pages, marks)
	}
	root := f.dict(mustCatalog(t, f.pdfFile)["StructTreeRoot"])
	if root == nil {
		return f
	}
	for _, k := range f.array(root["K"]) {
		if e := f.element(k, nil, pageOf); e != nil {
			f.roots = append(f.roots, e)
		}
	}
	return f
}

func (f *tagged) array(o types.Object) types.Array {
	switch v := f.deref(o).(type) {
	case types.Array:
		return v
	case nil:
		return nil
	default:
		return types.Array{o}
	}
}

// element reads the element o refers to, and its kids.
func (f *tagged) element(o types.Object, parent *selem, pageOf map[int]int) *selem {
	ref, ok := o.(types.IndirectRef)
	if !ok {
		f.t.Errorf("a structure element that is not an indirect object: %v", o)
		return nil
	}
	d := f.dict(ref)
	e := &selem{role: name(d, "S"), obj: ref.ObjectNumber.Value(), parent: parent, page: -1, file: f}
	f.byObj[e.obj] = e
	if alt, ok := d["Alt"]; ok {
		e.alt = f.text(alt)
	}
	if pg, ok := d["Pg"].(types.IndirectRef); ok {
		e.page = pageOf[pg.ObjectNumber.Value()]
	}
	for _, k := range f.array(d["K"]) {
		switch k := k.(type) {
		case types.Integer:
			e.kids = append(e.kids, mcr{e.page, k.Value()})
			f.refs[mcr{e.page, k.Value()}]++
		case types.Dict:
			switch name(k, "Type") {
			case "MCR":
				pg := k["Pg"].(types.IndirectRef)
				m := mcr{pageOf[pg.ObjectNumber.Value()], k["MCID"].(types.Integer).Value()}
				e.kids = append(e.kids, m)
				f.refs[m]++
			case "OBJR":
				e.annots = append(e.annots, k["Obj"].(types.IndirectRef).ObjectNumber.Value())
			}
		case types.IndirectRef:
			if c := f.element(k, e, pageOf); c != nil {
				e.kids = append(e.kids, c)
			}
		}
	}
	return e
}

// text returns the text of e's marked content and its descendants', in
// order.
func (e *selem) text() string {
	var b strings.Builder
	for _, k := range e.kids {
		switch k := k.(type) {
		case mcr:
			b.WriteString(e.file.pages[k.page].text[k.mcid])
		case *selem:
			b.WriteString(k.text())
		}
	}
	return b.String()
}

// ownText returns the text of e's own marked content, not its kids'.
func (e *selem) ownText() string {
	var b strings.Builder
	for _, k := range e.kids {
		if m, ok := k.(mcr); ok {
			b.WriteString(e.file.pages[m.page].text[m.mcid])
		}
	}
	return b.String()
}

// walk calls fn on every element, in order, until it returns false for
// one, whose kids it then skips.
func walk(es []*selem, fn func(*selem) bool) {
	for _, e := range es {
		if fn(e) {
			var kids []*selem
			for _, k := range e.kids {
				if c, ok := k.(*selem); ok {
					kids = append(kids, c)
				}
			}
			walk(kids, fn)
		}
	}
}

// block is a heading, paragraph, list item's label or text, or table
// cell, with its text normalized, and how many words it has: a reader
// of the structure finds them apart.
type block struct {
	kind, text string
	words      int
}

func (b block) String() string { return fmt.Sprintf("%s %d %s", b.kind, b.words, b.text) }

// newBlock returns the block of kind whose text is s.
func newBlock(kind, s string) block {
	return block{kind, normal(s), len(strings.Fields(strings.ReplaceAll(s, "\u00ad", "")))}
}

// normal keeps a text's letters and digits, in lower case: what a
// reader reads, whatever the quotes, dashes, spaces and soft hyphens.
func normal(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// treeBlocks lists the structure's headings, paragraphs, list labels,
// list item texts and cells, in the tree's order, leaving out the
// contents (TOC) and the signature blocks (Div), which the Markdown
// does not hold as such.
func treeBlocks(roots []*selem) []block {
	var out []block
	walk(roots, func(e *selem) bool {
		switch e.role {
		case "TOC", "Div":
			return false
		case "H1", "H2", "H3", "H4", "H5", "H6":
			out = append(out, newBlock("H", e.text()))
			return false
		case "P", "Lbl", "TH", "TD":
			out = append(out, newBlock(e.role, e.text()))
			return false
		case "LBody":
			if t := e.ownText(); t != "" {
				out = append(out, newBlock("LBody", t))
			}
		}
		return true
	})
	return out
}

// modelBlocks lists the same from the document model: the Markdown's
// headings, paragraphs, list items with the markers the model numbers
// them with, and table cells.
func modelBlocks(doc *document.Document) []block {
	src := doc.Markdown
	root := mdext.Parse(pdf.NewRenderer().Markdown(), src)
	nums := document.IndexNumbers(doc.Numbers)
	var out []block
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *mdext.Signatures:
			return ast.WalkSkipChildren, nil
		case *ast.Heading:
			out = append(out, newBlock("H", inlineText(n, src)))
			return ast.WalkSkipChildren, nil
		case *ast.ListItem:
			if num, ok := nums.Item(n); ok {
				out = append(out, newBlock("Lbl", num.Marker))
			}
		case *ast.Paragraph, *ast.TextBlock:
			text := inlineText(n, src)
			if num, ok := nums.Paragraph(n); ok {
				text = num.Marker + " " + text
			}
			kind := "P"
			if p := n.Parent(); p.Kind() == ast.KindListItem && p.FirstChild() == n && n.NextSibling() == nil {
				kind = "LBody"
			}
			out = append(out, newBlock(kind, text))
			return ast.WalkSkipChildren, nil
		case *east.TableCell:
			kind := "TD"
			if n.Parent().Kind() == east.KindTableHeader {
				kind = "TH"
			}
			out = append(out, newBlock(kind, inlineText(n, src)))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// inlineText is the text of n's inline content.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch c := c.(type) {
			case *ast.Text:
				b.WriteString(html.UnescapeString(string(c.Segment.Value(src))))
				if c.SoftLineBreak() || c.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(c.Value)
			case *ast.AutoLink:
				b.Write(c.Label(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// TestTaggedSeeds walks the structure tree of both seeds' PDFs, as
// render makes them in their house styles, and finds every heading,
// paragraph and list item of the document model once and in order, each
// with its text and its number: after the title, the title block's
// lines and, where the style has contents, their heading.
func TestTaggedSeeds(t *testing.T) {
	for _, variant := range []string{"opsium", "ojoo"} {
		t.Run(variant, func(t *testing.T) {
			doc := variantDoc(t, variant).Model()
			o := format.Options{Creator: "clausemark test"}
			data, err := pdf.Format.Render(context.Background(), doc, o)
			if err != nil {
				t.Fatal(err)
			}
			f := readTagged(t, data)
			for _, b := range uaRules(f) {
				t.Error(b)
			}
			model := modelBlocks(doc)
			want := append([]block{model[0]}, titleBlock(pdf.InfoFor(doc.Meta, o), doc.Style)...)
			want = append(want, model[1:]...)
			got := treeBlocks(f.roots)
			if d := firstBlockDiff(got, want); d != "" {
				t.Errorf("the structure's blocks differ from the model's at %s", d)
			}
			t.Logf("%s: %d blocks in order, %d elements", variant, len(want), len(f.byObj))
		})
	}
}

// titleBlock lists the paragraphs of the title block under the title:
// the parties, each with its role, the agreement's date, and the contents'
// heading.
func titleBlock(info pdf.Info, st *document.Style) []block {
	out := []block{newBlock("P", "between")}
	for i, p := range info.Parties {
		if i > 0 {
			out = append(out, newBlock("P", "and"))
		}
		if p.Name != "" {
			out = append(out, newBlock("P", p.Name))
		}
		if p.Role != "" {
			out = append(out, newBlock("P", "(the “"+p.Role+"”)"))
		}
	}
	if info.Dated != "" {
		out = append(out, newBlock("P", info.Dated))
	}
	if st != nil && st.Contents {
		out = append(out, newBlock("P", "Contents"))
	}
	return out
}

// firstBlockDiff describes where got and want first differ; "" if they do not.
func firstBlockDiff(got, want []block) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("block %d:\n got %.120s\nwant %.120s", i+1, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("the end: %d blocks, want %d", len(got), len(want))
	}
	return ""
}

// uaRules checks f against the rules of PDF/UA-1 (ISO 14289-1) that
// apply to a file of text, lines, links, lists, tables and images, and
// returns what it broke.
func uaRules(f *tagged) []string {
	var broken []string
	fail := func(rule, format string, args ...any) {
		broken = append(broken, rule+": "+fmt.Sprintf(format, args...))
	}
	cat := mustCatalog(f.t, f.pdfFile)
	catalogRules(f, cat, fail)
	if len(f.roots) == 0 {
		fail("7.1", "no structure tree")
		return broken
	}
	// 7.1: all content is marked, real content in exactly one element,
	// or an artifact.
	for p, m := range f.pages {
		for _, u := range m.untagged {
			fail("7.1", "page %d: %s outside marked content", p+1, u)
		}
		for mcid := range m.text {
			if n := f.refs[mcr{p, mcid}]; n != 1 {
				fail("7.1", "page %d: MCID %d is the content of %d elements", p+1, mcid, n)
			}
		}
	}
	elementRules(f, fail)
	parentTreeRules(f, fail)
	annotationRules(f, fail)
	return broken
}

// catalogRules: the document is marked, has a language, shows its title,
// whose XMP metadata has dc:title.
func catalogRules(f *tagged, cat types.Dict, fail func(rule, format string, args ...any)) {
	if mi := f.dict(cat["MarkInfo"]); mi == nil || mi["Marked"] != types.Boolean(true) {
		fail("7.1", "MarkInfo %v", cat["MarkInfo"])
	}
	if l, ok := cat["Lang"]; !ok || f.text(l) == "" {
		fail("7.2", "no Lang")
	}
	if vp := f.dict(cat["ViewerPreferences"]); vp == nil || vp["DisplayDocTitle"] != types.Boolean(true) {
		fail("7.1", "ViewerPreferences %v, want DisplayDocTitle true", cat["ViewerPreferences"])
	}
	if cat["Metadata"] == nil {
		fail("7.1", "no metadata")
	} else if props, err := xmpProperties(f.stream(cat["Metadata"])); err != nil || props["dc:title"] == "" {
		fail("7.1", "the XMP has no dc:title: %v", err)
	}
}

// standardRoles are the structure types of ISO 32000-1 §14.8.4 these
// files use; another would need a role map.
var standardRoles = []string{"Document", "Part", "Div", "P", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody",
	"Table", "TR", "TH", "TD", "THead", "TBody", "Link", "Figure", "BlockQuote", "Code", "TOC", "TOCI", "Span"}

// elementRules: standard types, in the places their kinds stand; headings
// from H1, never skipping a level (7.4.2); figures with alternative
// text (7.3); tables with header cells (7.5).
func elementRules(f *tagged, fail func(rule, format string, args ...any)) {
	parents := map[string][]string{"LI": {"L"}, "Lbl": {"LI"}, "LBody": {"LI"}, "TR": {"Table", "THead", "TBody"},
		"TH": {"TR"}, "TD": {"TR"}, "TOCI": {"TOC"}}
	level := 0
	walk(f.roots, func(e *selem) bool {
		if !slices.Contains(standardRoles, e.role) {
			fail("7.1", "element %d: type %q is not standard", e.obj, e.role)
		}
		if want, ok := parents[e.role]; ok && (e.parent == nil || !slices.Contains(want, e.parent.role)) {
			fail("7.1", "element %d: %s not in %v", e.obj, e.role, want)
		}
		if len(e.role) == 2 && e.role[0] == 'H' && e.role[1] >= '1' && e.role[1] <= '6' {
			l := int(e.role[1] - '0')
			if l > level+1 {
				fail("7.4.2", "element %d: %s after H%d (%.40q)", e.obj, e.role, level, e.text())
			}
			level = l
		}
		if e.role == "Figure" && strings.TrimSpace(e.alt) == "" {
			fail("7.3", "element %d: a figure without Alt", e.obj)
		}
		if e.role == "Table" {
			th := false
			walk([]*selem{e}, func(c *selem) bool { th = th || c.role == "TH"; return true })
			if !th {
				fail("7.5", "element %d: a table without TH", e.obj)
			}
		}
		return true
	})
}

// parentTreeRules: each page's marked content maps, in the parent tree,
// to the elements that hold it.
func parentTreeRules(f *tagged, fail func(rule, format string, args ...any)) {
	root := f.dict(mustCatalog(f.t, f.pdfFile)["StructTreeRoot"])
	nums := f.array(f.dict(root["ParentTree"])["Nums"])
	tree := map[int]types.Object{}
	for i := 0; i+1 < len(nums); i += 2 {
		tree[nums[i].(types.Integer).Value()] = nums[i+1]
	}
	for p := range f.pages {
		pd, _, _, _ := f.ctx.XRefTable.PageDict(p+1, false)
		if len(f.pages[p].text) == 0 {
			continue
		}
		key, ok := pd["StructParents"].(types.Integer)
		if !ok {
			fail("14.7.4.4", "page %d: no StructParents", p+1)
			continue
		}
		arr := f.array(tree[key.Value()])
		for mcid := range f.pages[p].text {
			if mcid >= len(arr) {
				fail("14.7.4.4", "page %d: MCID %d not in the parent tree", p+1, mcid)
				continue
			}
			e := f.byObj[arr[mcid].(types.IndirectRef).ObjectNumber.Value()]
			if e == nil || !slices.Contains(e.kids, any(mcr{p, mcid})) {
				fail("14.7.4.4", "page %d: MCID %d's parent does not hold it", p+1, mcid)
			}
		}
	}
}

// annotationRules: each link annotation is the kid of a Link element
// (7.18.5), with Contents (7.18.1), on a page whose tab order is the
// structure's (7.18.3).
func annotationRules(f *tagged, fail func(rule, format string, args ...any)) {
	linked := map[int]bool{}
	walk(f.roots, func(e *selem) bool {
		for _, a := range e.annots {
			if e.role != "Link" {
				fail("7.18.5", "annotation %d in a %s, not a Link", a, e.role)
			}
			linked[a] = true
		}
		return true
	})
	for p := 1; p <= f.ctx.PageCount; p++ {
		pd, _, _, _ := f.ctx.XRefTable.PageDict(p, false)
		annots := f.array(pd["Annots"])
		if len(annots) > 0 && name(pd, "Tabs") != "S" {
			fail("7.18.3", "page %d: annotations without /Tabs /S", p)
		}
		for _, a := range annots {
			ad := f.dict(a)
			obj := a.(types.IndirectRef).ObjectNumber.Value()
			if c, ok := ad["Contents"]; !ok || strings.TrimSpace(f.text(c)) == "" {
				fail("7.18.1", "page %d: annotation %d without Contents", p, obj)
			}
			if _, ok := ad["StructParent"]; !ok || !linked[obj] {
				fail("7.18.5", "page %d: annotation %d not in a Link element", p, obj)
			}
		}
	}
}

// TestTaggedConstructs: every construct the layout draws (lists, a
// table that crosses a page, links, an image, a logo, contents) makes
// a file that keeps the rules, with the table's header cells, a Link
// for each link annotation and figures with their alternative text.
func TestTaggedConstructs(t *testing.T) {
	src, err := os.ReadFile("layout/testdata/constructs.md")
	if err != nil {
		t.Fatal(err)
	}
	logo := pngBytes(t, 40, 20)
	src = append(src, []byte("\n\n![The processor's seal](seal.png)\n")...)
	images := func(string) ([]byte, error) { return logo, nil }
	data := typeset(t, src, pdf.WithInfo(pdf.Info{Title: "Every Construct", Author: "Acme GmbH", Footer: "test 1.0.0"}),
		pdf.WithLogo(logo), pdf.WithImages(images), pdf.WithContents(true), pdf.WithLists(pdf.Legal))
	f := readTagged(t, data)
	for _, b := range uaRules(f) {
		t.Error(b)
	}
	count := map[string]int{}
	var alts []string
	walk(f.roots, func(e *selem) bool {
		count[e.role]++
		if e.role == "Figure" {
			alts = append(alts, e.alt)
		}
		return true
	})
	for _, role := range []string{"Table", "TR", "TH", "TD", "L", "LI", "Lbl", "LBody", "Link", "TOC", "TOCI", "H1", "H2", "H3"} {
		if count[role] == 0 {
			t.Errorf("no %s element: %v", role, count)
		}
	}
	if want := []string{"Logo of Acme GmbH", "The processor’s seal"}; !slices.Equal(alts, want) {
		t.Errorf("figures' Alt %q, want %q", alts, want)
	}
	// The table's header, drawn again on each page it goes on to, is
	// in the structure once.
	if count["TH"] != 3 {
		t.Errorf("%d TH elements, want the 3 header cells once", count["TH"])
	}
}

// TestTaggedTools: pdfinfo finds the PDF tagged, qpdf finds nothing
// wrong, and pdftotext reads the same text as from the untagged file.
func TestTaggedTools(t *testing.T) {
	for _, tool := range []string{"qpdf", "pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed; .ci/run installs poppler-utils and qpdf", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	doc := variantDoc(t, "ojoo").Model()
	dir := t.TempDir()
	files := map[bool]string{}
	for _, tags := range []bool{true, false} {
		data, err := pdf.Typeset(context.Background(), doc.Markdown, archivalInfo, format.Options{},
			append(pdf.StyleOptions(doc.Style), pdf.WithNumbers(doc.Numbers), pdf.WithTags(tags))...)
		if err != nil {
			t.Fatal(err)
		}
		files[tags] = filepath.Join(dir, fmt.Sprintf("tagged-%v.pdf", tags))
		if err := os.WriteFile(files[tags], data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command("qpdf", "--check", files[true]).CombinedOutput()
	if err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	for tags, want := range map[bool]string{true: "yes", false: "no"} {
		out, err := exec.Command("pdfinfo", files[tags]).Output()
		if err != nil || !regexpMatch(`(?m)^Tagged:\s+`+want+`$`, out) {
			t.Errorf("tagged %v: pdfinfo: %v\n%s", tags, err, out)
		}
	}
	var text [2][]byte
	for i, tags := range []bool{true, false} {
		if text[i], err = exec.Command("pdftotext", "-layout", files[tags], "-").Output(); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(text[0], text[1]) {
		t.Error("pdftotext reads the tagged PDF otherwise than the untagged one")
	}
}

// TestTaggedRulesFail shows that the rules find what they look for: an
// untagged PDF breaks them, and a file altered to break one breaks that
// one.
func TestTaggedRulesFail(t *testing.T) {
	doc := variantDoc(t, "opsium")
	info := pdf.Info{Title: doc.Title, Author: doc.Meta.Processor}
	untagged := readTagged(t, typeset(t, doc.Markdown, pdf.WithInfo(info), pdf.WithTags(false)))
	if got := uaRules(untagged); !slices.ContainsFunc(got, func(b string) bool { return strings.Contains(b, "no structure tree") }) {
		t.Errorf("an untagged PDF breaks %q", got)
	}
	src := append(slices.Clone(doc.Markdown), "\n\nSee [the purpose](#2-purpose) and <https://example.com>.\n"...)
	data := typeset(t, src, pdf.WithInfo(info))
	if got := uaRules(readTagged(t, data)); len(got) > 0 {
		t.Fatalf("the file breaks %q before it is altered", got)
	}
	for _, tc := range []struct{ name, from, to, rule string }{
		{"not marked", "/Marked true", "/Marked null", "7.1"},
		{"no title shown", "/DisplayDocTitle true", "/DisplayDocTitle null", "7.1"},
		{"no language", "/Lang (en)", "/Lxng (en)", "7.2"},
		{"links out of order", "/Tabs /S", "/Tabs /R", "7.18.3"},
		{"a link without Contents", "/Contents (", "/Cxntents (", "7.18.1"},
		{"a page out of the parent tree", "/StructParents ", "/StructPxrents ", "14.7.4.4"},
	} {
		if !bytes.Contains(data, []byte(tc.from)) {
			t.Fatalf("%s: %q is not in the file", tc.name, tc.from)
		}
		altered := bytes.Replace(data, []byte(tc.from), []byte(tc.to), 1)
		got := uaRules(readTagged(t, altered))
		if !slices.ContainsFunc(got, func(b string) bool { return strings.HasPrefix(b, tc.rule+":") }) {
			t.Errorf("%s: broken %q, want rule %s", tc.name, got, tc.rule)
		}
	}
}

// TestTaggedLanguage: the catalog's /Lang is the language the style
// declares (the seeds' templates say en), English where it declares
// none.
func TestTaggedLanguage(t *testing.T) {
	doc := variantDoc(t, "opsium").Model()
	if doc.Style == nil || doc.Style.Language != "en" {
		t.Fatalf("the seed's style declares the language %+v, want en", doc.Style)
	}
	for _, tc := range []struct{ style, want string }{{"de-CH", "de-CH"}, {"en", "en"}, {"", "en"}} {
		st := *doc.Style
		st.Language = tc.style
		m := *doc
		m.Style = &st
		data, err := pdf.Format.Render(context.Background(), &m, format.Options{})
		if err != nil {
			t.Fatal(err)
		}
		f := readPDF(t, data)
		if got := f.text(mustCatalog(t, f)["Lang"]); got != tc.want {
			t.Errorf("style language %q: /Lang %q, want %q", tc.style, got, tc.want)
		}
	}
}
