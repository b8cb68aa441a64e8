// Package assemble builds one document: it executes each clause of a
// document template with a resolved variables tree, numbers sections and
// subsections, resolves cross-references and returns the Markdown.
//
// Numbering is the engine's: a clause writes its subsections as "## Title"
// (and "### Title" below that) and assembly turns them into "### 2.1 Title"
// under the section heading "## 2. Title", or "### A.1 Title" in an
// appendix. Dropping a clause therefore renumbers everything after it, and
// every {{ ref "id" }} follows.
package assemble

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"text/template"

	"github.com/clausemark/clausemark/internal/clause"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/funcs"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/vars"
)

// Section is a numbered part of an assembled document.
type Section struct {
	ClauseID string
	Number   string // "3" for a section, "A" for an appendix, "" if unnumbered
	Title    string
	Kind     library.PartKind
	Clause   *clause.Alternative // the wording used
	Text     string              // the section's Markdown, without its heading
	// Start and End are where the part stands in the document's
	// Markdown, its heading included.
	Start, End int
}

// Model returns the section as the renderers read it, without the wording
// it came from.
func (s Section) Model() document.Section {
	return document.Section{ClauseID: s.ClauseID, Number: s.Number, Title: s.Title, Kind: document.Kind(s.Kind), Text: s.Text, Start: s.Start, End: s.End}
}

// Anchor returns the id a Markdown viewer gives the section's heading, the
// target of cross-references to it.
func (s Section) Anchor() string { return s.Model().Anchor() }

// Label returns how a cross-reference names the section:
// "Section 3 (Title)" or "Appendix A (Title)".
func (s Section) Label() string { return s.Model().Label() }

// Short returns the section's number with its kind: "Section 3" or "Appendix A".
func (s Section) Short() string { return s.Model().Short() }

// Heading returns the section's heading text: "3. Title", "Appendix A – Title" or "Title".
func (s Section) Heading() string { return s.Model().Heading() }

// Document is an assembled document.
type Document struct {
	Title    string
	Template *library.Template
	Sections []Section
	Markdown []byte
	Meta     Meta
	// Headings are the headings assembly numbered, in order: where each
	// is in Markdown and the number typed into its text, so that a format
	// with numbering of its own (DOCX) can number them itself.
	Headings []Heading
}

// Model returns the document as the renderers read it: its Markdown,
// sections, headings, the numbers of its paragraphs and list items by the
// template's style, metadata and the template's page style.
func (d *Document) Model() *document.Document {
	m := d.Unnumbered()
	m.Numbers = document.NumberMarkdown(m.Markdown, m.Style.Numbering())
	return m
}

// Unnumbered is [Document.Model] without the numbers of the paragraphs
// and list items, for a renderer to number as it parses the Markdown
// ([document.Document.Numbered], [document.Document.NumberedTree]),
// rather than having the Markdown parsed once more for them.
func (d *Document) Unnumbered() *document.Document {
	m := &document.Document{
		Title:    d.Title,
		Markdown: d.Markdown,
		Sections: make([]document.Section, len(d.Sections)),
		Headings: d.Headings,
		Meta:     d.Meta.Meta,
	}
	for i, s := range d.Sections {
		m.Sections[i] = s.Model()
	}
	m.Style = StyleOf(d.Template)
	return m
}

// StyleOf returns the page style of documents of template t, nil where t
// is nil or declares none.
func StyleOf(t *library.Template) *document.Style {
	if t == nil || t.Style == nil {
		return nil
	}
	return style(t.Style)
}

// style is the page style st declares.
func style(st *library.Style) *document.Style {
	out := &document.Style{
		Font: st.Font, Size: st.Size, Lists: st.Lists, Paragraphs: st.Paragraphs,
		Contents: st.Contents, Logo: st.LogoData,
		NoHyphenation: st.NoHyphenation, SignaturePlace: st.SignaturePlace, Language: st.Language,
	}
	if m := st.Margins; m != nil {
		out.Margins = &document.Margins{Top: m.Top, Right: m.Right, Bottom: m.Bottom, Left: m.Left}
	}
	return out
}

// Heading is a heading assembly numbered.
type Heading = document.Heading

// Meta describes a document for its metadata and running text: what the
// renderers read, and the jurisdiction's row for the checks.
type Meta struct {
	document.Meta
	Jurisdiction vars.Record // the jurisdiction's row, nil if the template has none
}

// Assemble builds the document that r describes.
func Assemble(r *library.Resolved) (*Document, error) {
	t := r.Template
	doc := &Document{Title: t.Title, Template: t, Meta: meta(r)}
	var parts []*library.Part
	var errs diag.List
	sectionN, appendixN := 0, 0
	for _, p := range t.Parts {
		ok, err := p.Include(r.Tree)
		if err != nil {
			errs.Add(err)
			continue
		}
		if !ok {
			continue
		}
		alt := p.Wording(r.Tree)
		s := Section{ClauseID: p.Clause.ID, Title: alt.Title, Kind: p.Kind, Clause: alt}
		switch p.Kind {
		case library.Section:
			sectionN++
			s.Number = fmt.Sprint(sectionN)
		case library.Appendix:
			appendixN++
			s.Number = appendixLetter(appendixN)
		}
		parts = append(parts, p)
		doc.Sections = append(doc.Sections, s)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	byID := make(map[string]int, len(doc.Sections))
	for i, s := range doc.Sections {
		byID[s.ClauseID] = i
	}

	texts, ok, err := execute(r, parts, doc.Sections, &errs)
	if err != nil {
		return nil, err
	}
	ps := &places{sections: doc.Sections, texts: texts, ok: ok, rules: numbering(t), found: map[int]*sectionPlaces{}}
	var out bytes.Buffer
	fmt.Fprintf(&out, "# %s\n", t.Title)
	numberedBefore, ruled := false, false
	for i, p := range parts {
		s := doc.Sections[i]
		if !ok[i] {
			continue
		}
		text, err := resolveRefs(texts[i], byID, ps, s.Clause)
		if err != nil {
			errs.Add(err)
			continue
		}
		doc.Sections[i].Text = text
		out.WriteString("\n")
		doc.Sections[i].Start = out.Len()
		switch {
		case p.PageBreak || s.Kind == library.Appendix:
			// Every appendix starts a page of its own.
			out.WriteString(PageBreak + "\n\n")
		case s.Kind == library.Unnumbered && numberedBefore && !ruled:
			// Closing words and signatures after the last section are
			// set off by a rule, not read as part of that section.
			out.WriteString(SectionsEnd + "\n\n")
			ruled = true
		}
		if s.Kind != library.Unnumbered {
			numberedBefore = true
			ruled = false
		}
		if s.Kind != library.Unnumbered {
			out.WriteString("## ")
			doc.Headings = append(doc.Headings, Heading{Offset: out.Len(), Level: 2, Number: s.Number, Prefix: strings.TrimSuffix(s.Heading(), s.Title), Section: i})
			fmt.Fprintf(&out, "%s\n\n", s.Heading())
		}
		doc.Headings = number(&out, text, s, i, doc.Headings)
		doc.Sections[i].End = out.Len()
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	doc.Markdown = out.Bytes()
	return doc, nil
}

// execute runs the wording of each part, in order, with r's variables,
// before any reference is resolved, since a reference may name a place in
// a part after it. texts holds each part's output; ok says which ran
// without a problem, the problems going to errs. A bound passed stops the
// document: err is then the bound's, the rest would only pass it again.
func execute(r *library.Resolved, parts []*library.Part, sections []Section, errs *diag.List) (texts []string, ok []bool, err error) {
	data := map[string]any(r.Tree)
	// One budget for the whole document: what its clauses write, the
	// loops and template calls they run, the work their functions do and
	// the time they take. Every command that builds a document comes here.
	var fm template.FuncMap
	if r.Library != nil {
		fm = r.Library.Funcs
	} else {
		fm = funcs.Map()
	}
	budget := funcs.NewBudget(fm, funcs.DefaultLimits)
	texts, ok = make([]string, len(parts)), make([]bool, len(parts))
	var next atomic.Int64
	defer next.Store(math.MaxInt64)
	go parseAhead(parts, sections, &next)
	var body bytes.Buffer
	for i, p := range parts {
		next.Store(int64(i))
		s := sections[i]
		body.Reset()
		if err := budget.Execute(p.Clause.Template(s.Clause.Name), &body, data, p.Clause.File); err != nil {
			if le := (*funcs.LimitError)(nil); errors.As(err, &le) {
				return nil, nil, err
			}
			// A library function's own diagnostic (a variable a rule needs)
			// is the problem to report, once, not the template's wrapping;
			// a clause that lacks several values gives them all.
			var des diag.List
			if !errors.As(err, &des) {
				var de *diag.Error
				if errors.As(err, &de) {
					des = diag.List{de}
				}
			}
			if len(des) > 0 {
				for _, de := range des {
					if !slices.ContainsFunc(*errs, func(e *diag.Error) bool { return e.Variable == de.Variable && errors.Is(e.Err, de.Err) }) {
						errs.Add(de)
					}
				}
				continue
			}
			errs.Add(err)
			continue
		}
		if strings.Contains(body.String(), "<no value>") {
			errs.Add(unsetPrinted(s.Clause, r.Tree))
			continue
		}
		texts[i], ok[i] = body.String(), true
	}
	return texts, ok, nil
}

// parseAhead parses the wordings of parts, last first, down to the part
// execute runs, which next holds. A clause of the embedded library is
// parsed on its first use ([clause.Restore]): a process's first document
// waits for its clauses to parse, and on a second core this halves the
// wait, while a clause parsed already costs a look. It ends once it meets
// the part being run, or execute is done; a parse it has begun runs to
// its end, once, whoever asks for it ([clause.Clause.Template]).
func parseAhead(parts []*library.Part, sections []Section, next *atomic.Int64) {
	for i := len(parts) - 1; int64(i) > next.Load(); i-- {
		parts[i].Clause.Template(sections[i].Clause.Name)
	}
}

// PageBreak is the line a template's page_break puts before a part. It is
// an HTML comment, so Markdown viewers show nothing; the PDF renderer starts
// a new page.
const PageBreak = "<!-- pagebreak -->"

// SectionsEnd is the rule put between the numbered sections and the
// unnumbered words after them (the closing, the signatures).
const SectionsEnd = "* * *"

func appendixLetter(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s
}

// resolveRefs replaces each reference marker with a link to the referenced
// section, labelled "Section 14 (Title)" or, for refShort, "Section 14";
// or, for a place within it, to the place's heading, labelled "Section
// 14.2(2)(b)".
func resolveRefs(text string, byID map[string]int, ps *places, alt *clause.Alternative) (string, error) {
	if !strings.Contains(text, funcs.RefOpen) {
		return text, nil
	}
	var b strings.Builder
	var errs diag.List
	for {
		i := strings.Index(text, funcs.RefOpen)
		if i < 0 {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		rest := text[i+len(funcs.RefOpen):]
		j := strings.Index(rest, funcs.RefClose)
		if j < 0 {
			b.WriteString(rest)
			break
		}
		id, at, _ := strings.Cut(rest[:j], funcs.RefPlaceSep)
		id, short := strings.CutSuffix(id, funcs.RefShortSuffix)
		text = rest[j+len(funcs.RefClose):]
		k, ok := byID[id]
		switch {
		case !ok:
			line, col := refPos(alt, id, at)
			errs.Add(diag.Errorf(alt.Clause.File, line, col, "", "ref %q: clause %q is not in this document", id, id))
		case ps.sections[k].Kind == library.Unnumbered:
			line, col := refPos(alt, id, at)
			errs.Add(diag.Errorf(alt.Clause.File, line, col, "", "ref %q: clause %q has no number to refer to", id, id))
		case at != "":
			label, anchor, err := ps.find(k, at)
			if err != nil {
				line, col := refPos(alt, id, at)
				errs.Add(diag.Errorf(alt.Clause.File, line, col, "", "ref %q %q: %w", id, at, err))
				continue
			}
			fmt.Fprintf(&b, "[%s](#%s)", label, anchor)
		case short:
			fmt.Fprintf(&b, "[%s](#%s)", ps.sections[k].Short(), ps.sections[k].Anchor())
		default:
			fmt.Fprintf(&b, "[%s](#%s)", ps.sections[k].Label(), ps.sections[k].Anchor())
		}
	}
	return b.String(), errs.Err()
}

// places finds the places within the document's parts that references
// name: their subsections, numbered paragraphs and list items, as the
// document will number them.
type places struct {
	sections []Section
	texts    []string // each part's output, references unresolved
	ok       []bool   // which parts have an output
	rules    document.Numbering
	found    map[int]*sectionPlaces // by part, made on first use
}

// sectionPlaces are the places within one part.
type sectionPlaces struct {
	cites   map[string]int    // how many of its paragraphs and items each cite names: "12.2(2)(b)"
	anchors map[string]string // its subsections' anchors by number: "12.2"
}

// PlaceError is the error of a reference to a place its clause does not
// have in this document, or no longer has once its wording is chosen and
// its conditions are read.
type PlaceError struct {
	Section string // "Section 12", "Appendix B"
	Place   string // the place as the document would cite it: "12.2(2)(b)"
	// Subsection is set for a reference to a subsection, "12.2"; it is
	// unset for one to a numbered paragraph or a list item.
	Subsection bool
	// Twice is set where the place names more than one list item: two
	// lists under one heading, after no numbered paragraph, both have an
	// item (a).
	Twice bool
}

func (e *PlaceError) Error() string {
	switch {
	case e.Subsection:
		return fmt.Sprintf("%s has no subsection %s in this document", e.Section, e.Place)
	case e.Twice:
		return fmt.Sprintf("%s has more than one list item %s in this document: two lists under one heading start again at (a); refer to the section or subsection", e.Section, e.Place)
	}
	return fmt.Sprintf("%s has no numbered paragraph or list item %s in this document", e.Section, e.Place)
}

// find returns the label of the place at within part k and the anchor of
// the heading it stands under.
func (ps *places) find(k int, at string) (label, anchor string, err error) {
	s := ps.sections[k]
	sp := ps.of(k)
	sub, rest := at, ""
	if i := strings.IndexByte(at, '('); i >= 0 {
		sub, rest = at[:i], at[i:]
	}
	head, anchor := s.Number, s.Anchor()
	if sub != "" {
		head += "." + sub
		a, ok := sp.anchors[head]
		if !ok {
			return "", "", &PlaceError{Section: s.Short(), Place: head, Subsection: true}
		}
		anchor = a
	}
	cite := head + rest
	if s.Kind == library.Appendix && sub == "" {
		cite = "Appendix " + cite
	}
	switch n := sp.cites[cite]; {
	case rest == "":
	case n == 0:
		return "", "", &PlaceError{Section: s.Short(), Place: cite}
	case n > 1:
		return "", "", &PlaceError{Section: s.Short(), Place: cite, Twice: true}
	}
	word := "Section "
	if s.Kind == library.Appendix {
		word = "Appendix "
	}
	return word + head + rest, anchor, nil
}

// of returns the places within part k, numbered as the document numbers
// them: its heading and text as assembly writes them, numbered by the
// style's rules. A part numbers its paragraphs the same alone as in the
// document, since a heading, a rule or a page break precedes every part.
func (ps *places) of(k int) *sectionPlaces {
	if sp, ok := ps.found[k]; ok {
		return sp
	}
	sp := &sectionPlaces{cites: map[string]int{}, anchors: map[string]string{}}
	ps.found[k] = sp
	if !ps.ok[k] {
		return sp
	}
	s := ps.sections[k]
	var b bytes.Buffer
	fmt.Fprintf(&b, "## %s\n\n", s.Heading())
	hs := number(&b, ps.texts[k], s, k, nil)
	src := b.Bytes()
	for _, n := range document.NumberMarkdown(src, ps.rules) {
		if n.Cite != "" {
			sp.cites[n.Cite]++
		}
	}
	for _, h := range hs {
		line, _, _ := bytes.Cut(src[h.Offset:], []byte("\n"))
		sp.anchors[h.Number] = mdext.Slug(string(line))
	}
	return sp
}

// numbering returns how t's style numbers paragraphs and list items.
func numbering(t *library.Template) document.Numbering {
	if t.Style == nil {
		return document.Numbering{}
	}
	return style(t.Style).Numbering()
}

// unsetPrinted names the variables that a part printed without a value:
// the fields its wording prints as they are, that hold nil and that no
// enclosing {{ if }} tests. When none can be told (a value printed through
// a function), the error names the wording alone.
func unsetPrinted(alt *clause.Alternative, tree vars.Tree) error {
	var errs diag.List
	for _, u := range alt.Uses {
		if !u.Printed || u.Ref {
			continue
		}
		path, ok := valuePath(tree, u.Path)
		if !ok || guarded(u.Guards, path) {
			continue
		}
		errs.Add(diag.Errorf(alt.Clause.File, u.Line, u.Col, path, "has no value here; give it one or guard it with {{ if .%s }}", path))
	}
	if len(errs) == 0 {
		return diag.Errorf(alt.Clause.File, alt.Line, 0, "", "alternative %q prints a variable that has no value; guard it with {{ if }}", alt.Name)
	}
	return errs.Err()
}

// valuePath finds the variable a field path such as "deletion.days.Words"
// reads, and reports whether it holds no value.
func valuePath(tree vars.Tree, field string) (string, bool) {
	var cur any = map[string]any(tree)
	parts := strings.Split(field, ".")
	for i, part := range parts {
		m, ok := cur.(map[string]any)
		if !ok {
			m2, ok2 := cur.(vars.Tree)
			if !ok2 {
				return "", false
			}
			m = m2
		}
		v, ok := m[part]
		if !ok {
			return "", false
		}
		if v == nil {
			return strings.Join(parts[:i+1], "."), true
		}
		cur = v
	}
	return "", false
}

// guarded reports whether one of the enclosing conditions tests path.
func guarded(guards []string, path string) bool {
	for _, g := range guards {
		if g == path || strings.HasPrefix(path, g+".") || strings.HasPrefix(g, path+".") {
			return true
		}
	}
	return false
}

func refPos(alt *clause.Alternative, id, at string) (line, col int) {
	for _, u := range alt.Uses {
		if u.Ref && u.Path == id && u.At == at {
			return u.Line, u.Col
		}
	}
	return 0, 0
}

// number copies a clause's output to w, numbering its subsection headings
// under section s, dropping trailing spaces and runs of blank lines.
func number(w *bytes.Buffer, text string, s Section, index int, hs []Heading) []Heading {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	var sub, subsub int
	fence := ""
	blank := 0
	for _, line := range lines {
		line = strings.TrimRight(line, " \t")
		trimmed := strings.TrimLeft(line, " ")
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			w.WriteString(line + "\n")
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
		}
		if line == "" {
			blank++
			if blank > 1 {
				continue
			}
			w.WriteString("\n")
			continue
		}
		blank = 0
		switch {
		case strings.HasPrefix(line, "## "):
			sub++
			subsub = 0
			p := prefix(s, fmt.Sprint(sub))
			if p != "" {
				hs = append(hs, Heading{Offset: w.Len() + 4, Level: 3, Number: strings.TrimSpace(p), Prefix: p, Section: index})
			}
			line = "### " + p + strings.TrimSpace(line[3:])
		case strings.HasPrefix(line, "### "):
			subsub++
			p := prefix(s, fmt.Sprintf("%d.%d", sub, subsub))
			if p != "" {
				hs = append(hs, Heading{Offset: w.Len() + 5, Level: 4, Number: strings.TrimSpace(p), Prefix: p, Section: index})
			}
			line = "#### " + p + strings.TrimSpace(line[4:])
		}
		w.WriteString(line + "\n")
	}
	return hs
}

func prefix(s Section, n string) string {
	if s.Number == "" {
		return ""
	}
	return s.Number + "." + n + " "
}

// meta collects a document's metadata from the values of the variables
// with the roles it needs.
func meta(r *library.Resolved) Meta {
	m := Meta{Meta: document.Meta{Title: r.Template.Title, Template: r.Template.ID, TemplateVer: r.Template.Version}}
	if r.Library != nil {
		m.Library, m.LibraryVersion = r.Library.Name, r.Library.Version
	}
	s := r.Template.Schema
	raw := func(role vars.Role) string {
		if p, ok := s.RolePath(role); ok {
			if v, ok := r.Values[p]; ok {
				if t, ok := v.V.(vars.Text); ok {
					return string(t)
				}
			}
		}
		return ""
	}
	m.Processor = raw(vars.RoleProcessorLegalName)
	m.Customer = raw(vars.RoleCustomerName)
	m.Parties = []document.Party{
		{Name: m.Processor, Role: partyRole(s, vars.RoleProcessorLegalName)},
		{Name: m.Customer, Role: partyRole(s, vars.RoleCustomerName)},
	}
	if p, ok := s.RolePath(vars.RoleDate); ok {
		if v, ok := r.Values[p]; ok {
			if d, ok := v.V.(vars.Date); ok {
				m.Date = d.Time()
			}
		}
	}
	if d, ok := s.Role(r.Tree, vars.RoleDate).(vars.Date); ok {
		m.DateText = d.String()
		m.DateLabel = roleLabel(s, vars.RoleDate)
	}
	if j, ok := s.Role(r.Tree, vars.RoleJurisdiction).(vars.Record); ok {
		m.Jurisdiction = j
		m.Law, _ = j["law_short"].(string)
	}
	return m
}

// roleLabel returns the label the library gives the variable with role
// r ("Date of the agreement"), "" where it gives none.
func roleLabel(s *vars.Schema, r vars.Role) string {
	if p, ok := s.RolePath(r); ok {
		if v := s.Lookup(p); v != nil {
			return strings.TrimSpace(v.Label)
		}
	}
	return ""
}

// partyRole returns the role of the party whose name the variable with
// role r holds, as the library declares it: the group the variable stands
// under ("group: Customer" on customer.name), or, without one, the first
// part of its path, capitalized ("processor.legal_name": "Processor"); ""
// where no variable has the role.
func partyRole(s *vars.Schema, r vars.Role) string {
	p, ok := s.RolePath(r)
	if !ok {
		return ""
	}
	if v := s.Lookup(p); v != nil && v.Group != "" {
		return v.Group
	}
	first, _, _ := strings.Cut(p, ".")
	rs := []rune(first)
	if len(rs) == 0 {
		return ""
	}
	return strings.ToUpper(string(rs[0])) + string(rs[1:])
}
