package docx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/render/docx"
)

// fixture assembles the document of testdata/fixture.txtar, with sets
// applied over its request.
func fixture(t testing.TB, sets ...string) *document.Document {
	t.Helper()
	return fixtureFrom(t, "testdata/fixture.txtar", sets...)
}

// places assembles the document of testdata/places.txtar, whose
// references name paragraphs and list items.
func places(t testing.TB, sets ...string) *document.Document {
	t.Helper()
	return fixtureFrom(t, "testdata/places.txtar", sets...)
}

// fixtureFrom assembles the document of the library in txtar file, with
// sets applied over its request.
func fixtureFrom(t testing.TB, file string, sets ...string) *document.Document {
	t.Helper()
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	var request []byte
	for _, f := range a.Files {
		if f.Name == "request.yaml" {
			request = f.Data
			continue
		}
		m[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	lib, err := library.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	return assembleDoc(t, lib, library.Request{Files: []library.Input{{Name: "request.yaml", Data: request}}, Sets: sets})
}

// variant assembles a variant of the shipped library, with sets.
func variant(t testing.TB, name string, sets ...string) *document.Document {
	t.Helper()
	return assembleResolved(t, resolve(t, name, sets...))
}

// resolve resolves a variant of the shipped library, with sets.
func resolve(t testing.TB, name string, sets ...string) *library.Resolved {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	r, err := lib.Resolve(library.Request{Variant: name, Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func assembleDoc(t testing.TB, lib *library.Library, req library.Request) *document.Document {
	t.Helper()
	r, err := lib.Resolve(req)
	if err != nil {
		t.Fatal(err)
	}
	return assembleResolved(t, r)
}

func assembleResolved(t testing.TB, r *library.Resolved) *document.Document {
	t.Helper()
	doc, err := assemble.Assemble(r)
	if err != nil {
		t.Fatal(err)
	}
	return doc.Model()
}

func render(t testing.TB, doc *document.Document) []byte {
	t.Helper()
	data, err := docx.Render(context.Background(), doc, docx.OptionsFor(doc.Meta, format.Options{Creator: "clausemark test"}))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// unzip returns the parts of a DOCX file by name.
func unzip(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = b
	}
	return parts
}

// node is an XML element, read with encoding/xml.
type node struct {
	name     string // local name, with "w:" for WordprocessingML
	attrs    map[string]string
	children []*node
	text     string // character data directly inside
	parent   *node
}

const wNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

func parseXML(t testing.TB, data []byte) *node {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	root := &node{name: "#root"}
	cur := root
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: qname(tok.Name), attrs: map[string]string{}, parent: cur}
			for _, a := range tok.Attr {
				n.attrs[qname(a.Name)] = a.Value
			}
			cur.children = append(cur.children, n)
			cur = n
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			cur.text += string(tok)
		}
	}
	return root
}

func qname(n xml.Name) string {
	if n.Space == wNS {
		return "w:" + n.Local
	}
	return n.Local
}

// all returns the elements named name below n, in document order.
func (n *node) all(name string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		for _, c := range m.children {
			if c.name == name {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

func (n *node) child(name string) *node {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (n *node) inside(name string) bool {
	for p := n.parent; p != nil; p = p.parent {
		if p.name == name {
			return true
		}
	}
	return false
}

// text returns the text of a paragraph as Word shows it with changes
// accepted (skip "w:del") or rejected (skip "w:ins"), field results
// included and field instructions left out.
func paraText(p *node, skip string) string {
	var b strings.Builder
	for _, t := range p.all("w:t") {
		if skip == "" || !t.inside(skip) {
			b.WriteString(t.text)
		}
	}
	if skip == "w:ins" {
		b.Reset()
		var walk func(*node)
		walk = func(m *node) {
			for _, c := range m.children {
				switch {
				case c.name == "w:ins":
				case c.name == "w:t" || c.name == "w:delText":
					b.WriteString(c.text)
				default:
					walk(c)
				}
			}
		}
		walk(p)
	}
	return b.String()
}

// numberer computes the numbers Word gives numbered paragraphs, from the
// styles and numbering parts: the same rules (a level counts up and the
// levels below it restart, unless lvlRestart says never), written again
// so a test can check the file without trusting the writer.
type numberer struct {
	styles map[string]styleNum // by style id
	levels map[int][]level     // abstract numbering by numId
	counts map[int][]int
}

type styleNum struct {
	numID, ilvl int
	basedOn     string
}

type level struct {
	format, text string
	never        bool // lvlRestart 0
	start        int
}

func newNumberer(t testing.TB, parts map[string][]byte) *numberer {
	t.Helper()
	nb := &numberer{styles: map[string]styleNum{}, levels: map[int][]level{}, counts: map[int][]int{}}
	for _, s := range parseXML(t, parts["word/styles.xml"]).all("w:style") {
		sn := styleNum{numID: -1}
		if b := s.child("w:basedOn"); b != nil {
			sn.basedOn = b.attrs["w:val"]
		}
		if ppr := s.child("w:pPr"); ppr != nil {
			if np := ppr.child("w:numPr"); np != nil {
				sn.numID, _ = strconv.Atoi(np.child("w:numId").attrs["w:val"])
				sn.ilvl, _ = strconv.Atoi(np.child("w:ilvl").attrs["w:val"])
			}
		}
		nb.styles[s.attrs["w:styleId"]] = sn
	}
	num := parseXML(t, parts["word/numbering.xml"])
	abstract := map[string][]level{}
	for _, a := range num.all("w:abstractNum") {
		var ls []level
		for _, l := range a.all("w:lvl") {
			lv := level{format: l.child("w:numFmt").attrs["w:val"], text: l.child("w:lvlText").attrs["w:val"], start: 1}
			if r := l.child("w:lvlRestart"); r != nil && r.attrs["w:val"] == "0" {
				lv.never = true
			}
			ls = append(ls, lv)
		}
		abstract[a.attrs["w:abstractNumId"]] = ls
	}
	for _, n := range num.all("w:num") {
		id, _ := strconv.Atoi(n.attrs["w:numId"])
		ls := append([]level(nil), abstract[n.child("w:abstractNumId").attrs["w:val"]]...)
		for _, o := range n.all("w:lvlOverride") {
			i, _ := strconv.Atoi(o.attrs["w:ilvl"])
			if s := o.child("w:startOverride"); s != nil {
				ls[i].start, _ = strconv.Atoi(s.attrs["w:val"])
			}
		}
		nb.levels[id] = ls
	}
	return nb
}

// number returns the number Word shows before paragraph p, "" for none.
func (nb *numberer) number(p *node) string {
	numID, ilvl := -1, 0
	style := ""
	ppr := p.child("w:pPr")
	if ppr != nil {
		if s := ppr.child("w:pStyle"); s != nil {
			style = s.attrs["w:val"]
		}
	}
	for s := style; s != "" && numID < 0; s = nb.styles[s].basedOn {
		if sn := nb.styles[s]; sn.numID >= 0 {
			numID, ilvl = sn.numID, sn.ilvl
		}
	}
	if ppr != nil {
		if np := ppr.child("w:numPr"); np != nil {
			numID, _ = strconv.Atoi(np.child("w:numId").attrs["w:val"])
			if l := np.child("w:ilvl"); l != nil {
				ilvl, _ = strconv.Atoi(l.attrs["w:val"])
			}
		}
	}
	ls, ok := nb.levels[numID]
	if numID <= 0 || !ok || ilvl >= len(ls) {
		return ""
	}
	c := nb.counts[numID]
	if c == nil {
		c = make([]int, len(ls))
		for i := range c {
			c[i] = ls[i].start - 1
		}
		nb.counts[numID] = c
	}
	c[ilvl]++
	for i := ilvl + 1; i < len(c); i++ {
		if !ls[i].never {
			c[i] = ls[i].start - 1
		}
	}
	text := ls[ilvl].text
	for i := len(ls); i >= 1; i-- {
		text = strings.ReplaceAll(text, "%"+strconv.Itoa(i), formatNumber(c[i-1], ls[i-1].format))
	}
	return text
}

func formatNumber(n int, f string) string {
	switch f {
	case "upperLetter":
		return string(rune('A' + (n-1)%26))
	case "lowerLetter":
		return string(rune('a' + (n-1)%26))
	case "lowerRoman":
		return lowerRoman(n)
	case "bullet", "none":
		return ""
	}
	return fmt.Sprint(n)
}

// lowerRoman writes n in lower-case Roman numerals.
func lowerRoman(n int) string {
	var b strings.Builder
	for _, d := range []struct {
		v int
		s string
	}{{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
		for ; n >= d.v; n -= d.v {
			b.WriteString(d.s)
		}
	}
	return b.String()
}

// zipParts writes parts as a DOCX file, the content types first.
func zipParts(t testing.TB, parts map[string][]byte) []byte {
	t.Helper()
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == "[Content_Types].xml") != (names[j] == "[Content_Types].xml") {
			return names[i] == "[Content_Types].xml"
		}
		return names[i] < names[j]
	})
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range names {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(parts[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
