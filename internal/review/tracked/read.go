package tracked

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/clausemark/clausemark/internal/docid"
)

// Kind is what a change does.
type Kind string

// The kinds of change.
const (
	Insert   Kind = "insertion"
	Delete   Kind = "deletion"
	MoveFrom Kind = "moved from"
	MoveTo   Kind = "moved to"
	Comment  Kind = "comment"
)

// Removes reports whether accepting a change of kind k removes its text.
func (k Kind) Removes() bool { return k == Delete || k == MoveFrom }

// Change is one tracked change or comment.
type Change struct {
	Kind     Kind
	ID       string // the file's w:id
	Author   string
	Date     string // as written, ISO 8601
	Para     int    // the paragraph it starts in
	Bookmark string // the nearest "_Ref_" bookmark at or before that paragraph
	Mark     bool   // the change is to a paragraph mark: a paragraph inserted, split, joined or deleted
	Table    bool   // in a table
	Contents bool   // in a table of contents
	Text     string // the text inserted, deleted or moved; for a comment, the text it is anchored to
	Comment  string // a comment's own text
}

// Piece is a run of text, or a paragraph's end, in one state.
type Piece struct {
	Text   string
	Change int  // index in Document.Changes; -1 for text no change touches
	Break  bool // the end of a paragraph
}

// Paragraph is one paragraph of the file as saved.
type Paragraph struct {
	Bookmark   string // the nearest "_Ref_" bookmark at or before its end
	Table      bool
	Contents   bool // an entry of a table of contents, which Word makes again from the headings
	Start, End int  // its pieces, Pieces[Start:End]; the last is its Break
}

// Document is a Word file's body with its tracked changes.
type Document struct {
	// ID is the document id the file carries: the identifier of its
	// core properties, else the one id its footers and headers write
	// ("Ref. CM-…"), as when the properties were removed; "" for none.
	ID         string
	IDFrom     string // FromProperties or FromFooter; "" for no id
	Pieces     []Piece
	Paragraphs []Paragraph
	Changes    []Change // tracked changes in the order they start, then comments
	Formatting int      // tracked changes of formatting alone, which Read does not weigh
}

// Where a Document's ID was found.
const (
	FromProperties = "properties"
	FromFooter     = "footer"
)

// Read reads a Word file's body, tracked changes and comments.
func Read(data []byte) (*Document, error) {
	p, err := openPackage(data)
	if err != nil {
		return nil, err
	}
	main, err := p.mainPart()
	if err != nil {
		return nil, err
	}
	rels, err := p.documentRels(main)
	if err != nil {
		return nil, err
	}
	comments, err := p.comments(rels.comments)
	if err != nil {
		return nil, err
	}
	id, from := docid.Find(data), FromProperties
	if id == "" {
		if id, err = p.footerID(rels.footers); err != nil {
			return nil, err
		}
		from = FromFooter
	}
	if id == "" {
		from = ""
	}
	rc, err := p.open(main, MaxDocument)
	if err != nil {
		return nil, err
	}
	if rc == nil {
		return nil, &Error{Part: main, Err: fmt.Errorf("missing: %w", ErrNotDOCX)}
	}
	defer rc.Close()
	w := &walker{d: newDecoder(rc, main), doc: &Document{ID: id, IDFrom: from}, mark: -1, anchors: map[string]int{}}
	if err := w.walk(); err != nil {
		return nil, err
	}
	w.addComments(comments)
	return w.doc, nil
}

// walker reads the main part's tokens into a Document.
type walker struct {
	d        *decoder
	doc      *Document
	changes  []int          // open change containers, innermost last
	fields   []field        // open fields, innermost last
	sdts     []bool         // open content controls: whether each is a table of contents
	inInstr  bool           // inside a field's instruction (w:instrText)
	contents bool           // the current paragraph is part of a table of contents
	inText   bool           // inside w:t or w:delText
	inPPr    bool           // inside a paragraph's properties
	inPara   bool           // inside a paragraph
	tables   int            // open tables
	mark     int            // the change to the current paragraph's mark; -1 for none
	bookmark string         // the latest "_Ref_" bookmark started
	start    int            // the current paragraph's first piece
	first    int            // the current paragraph's first change
	barrier  int            // pieces before it take no more text: a comment is anchored there
	anchors  map[string]int // comment ids: the piece their range starts at
	ranges   [][3]int       // comment ranges: id's index in order, start piece, end piece
	order    []string       // comment ids in the order their ranges start
}

// skipped are elements whose content is not the document's text: drawn
// objects (whose text boxes Word also writes as a fallback), section
// properties, and recorded formatting.
var skipped = map[string]bool{"AlternateContent": true, "drawing": true, "pict": true, "object": true, "sectPr": true, "delInstrText": true, "fldData": true}

// formatting are the recorded changes of formatting.
var formatting = map[string]bool{"rPrChange": true, "pPrChange": true, "sectPrChange": true, "tblPrChange": true, "trPrChange": true, "tcPrChange": true, "tblGridChange": true, "numberingChange": true, "tblPrExChange": true}

var containers = map[string]Kind{"ins": Insert, "del": Delete, "moveFrom": MoveFrom, "moveTo": MoveTo}

func (w *walker) walk() error {
	for {
		tok, err := w.d.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case nil:
			if w.inPara {
				return &Error{Part: w.d.part, Err: fmt.Errorf("ends inside a paragraph")}
			}
			return nil
		case xml.StartElement:
			if err := w.open(t); err != nil {
				return err
			}
		case xml.EndElement:
			if err := w.end(t); err != nil {
				return err
			}
		case xml.CharData:
			if w.inInstr {
				w.instruction(string(t))
			} else if w.inText && w.inPara && w.visibleField() {
				w.text(string(t))
			}
		}
	}
}

func (w *walker) open(t xml.StartElement) error {
	name := t.Name.Local
	switch {
	case skipped[name]:
		return w.d.skip()
	case formatting[name]:
		w.doc.Formatting++
		return w.d.skip()
	}
	switch name {
	case "p":
		return w.paragraph()
	case "pPr":
		w.inPPr = true
	case "tbl":
		w.tables++
	case "t", "delText":
		w.inText = true
	case "tab":
		w.text("\t")
	case "br", "cr":
		w.text("\n")
	case "noBreakHyphen":
		w.text("-")
	case "fldChar":
		w.field(attr(t, "fldCharType"))
	case "instrText":
		w.inInstr = true
	case "fldSimple":
		w.fields = append(w.fields, field{result: true, toc: isTOC(attr(t, "instr"))})
	case "sdt":
		w.sdts = append(w.sdts, false)
	case "docPartGallery":
		if n := len(w.sdts); n > 0 && strings.Contains(attr(t, "val"), "Table of Contents") {
			w.sdts[n-1] = true
		}
	case "bookmarkStart":
		if n := attr(t, "name"); strings.HasPrefix(n, "_Ref_") {
			w.bookmark = n
		}
	case "commentRangeStart":
		w.commentStart(attr(t, "id"))
	case "commentRangeEnd":
		w.commentEnd(attr(t, "id"))
	case "commentReference":
		id := attr(t, "id")
		if _, ok := w.anchors[id]; !ok {
			w.commentStart(id)
			w.commentEnd(id)
		}
	}
	if kind, ok := containers[name]; ok {
		return w.change(t, kind)
	}
	return nil
}

// paragraph begins a paragraph.
func (w *walker) paragraph() error {
	if w.inPara {
		return &Error{Part: w.d.part, Err: fmt.Errorf("a paragraph inside a paragraph")}
	}
	if len(w.doc.Paragraphs) >= MaxParagraphs {
		return &Error{Part: w.d.part, Err: fmt.Errorf("more than %d paragraphs", MaxParagraphs)}
	}
	w.inPara, w.mark = true, -1
	w.start, w.first = len(w.doc.Pieces), len(w.doc.Changes)
	return nil
}

// change opens a change container, or records the change to a
// paragraph's mark written in its properties.
func (w *walker) change(t xml.StartElement, kind Kind) error {
	if len(w.doc.Changes) >= MaxChanges {
		return &Error{Part: w.d.part, Err: fmt.Errorf("more than %d tracked changes", MaxChanges)}
	}
	c := Change{Kind: kind, ID: attr(t, "id"), Author: attr(t, "author"), Date: attr(t, "date"), Para: len(w.doc.Paragraphs), Table: w.tables > 0}
	w.doc.Changes = append(w.doc.Changes, c)
	i := len(w.doc.Changes) - 1
	if w.inPPr {
		w.doc.Changes[i].Mark = true
		w.mark = i
		return w.d.skip()
	}
	if !w.inPara {
		// A row or cell inserted or deleted: its paragraphs carry their
		// own changes.
		w.doc.Changes = w.doc.Changes[:i]
		return nil
	}
	w.changes = append(w.changes, i)
	return nil
}

func (w *walker) end(t xml.EndElement) error {
	switch name := t.Name.Local; name {
	case "p":
		w.endParagraph()
	case "pPr":
		w.inPPr = false
	case "tbl":
		w.tables--
	case "t", "delText":
		w.inText = false
	case "instrText":
		w.inInstr = false
	case "fldSimple":
		if n := len(w.fields); n > 0 {
			w.fields = w.fields[:n-1]
		}
	case "sdt":
		if n := len(w.sdts); n > 0 {
			w.sdts = w.sdts[:n-1]
		}
	default:
		if _, ok := containers[name]; ok && len(w.changes) > 0 && w.inPara {
			w.changes = w.changes[:len(w.changes)-1]
		}
	}
	return nil
}

func (w *walker) endParagraph() {
	w.doc.Pieces = append(w.doc.Pieces, Piece{Break: true, Change: w.mark})
	if w.mark >= 0 {
		w.doc.Changes[w.mark].Text = "\n"
	}
	p := Paragraph{Bookmark: w.bookmark, Table: w.tables > 0, Contents: w.contents || w.inContents(), Start: w.start, End: len(w.doc.Pieces)}
	w.doc.Paragraphs = append(w.doc.Paragraphs, p)
	for i := w.first; i < len(w.doc.Changes); i++ {
		w.doc.Changes[i].Bookmark = w.bookmark
		w.doc.Changes[i].Contents = p.Contents
	}
	w.contents = false
	w.inPara, w.mark, w.changes = false, -1, w.changes[:0]
}

// field is an open field: a complex field (w:fldChar) or a simple one.
type field struct {
	result bool // past its instruction: its text is the document's
	toc    bool // a table of contents
}

func isTOC(instr string) bool { return strings.HasPrefix(strings.TrimSpace(instr), "TOC") }

// field follows a complex field: its instruction is not text, its
// result is.
func (w *walker) field(typ string) {
	switch typ {
	case "begin":
		w.fields = append(w.fields, field{})
	case "separate":
		if n := len(w.fields); n > 0 {
			w.fields[n-1].result = true
		}
	case "end":
		if n := len(w.fields); n > 0 {
			w.fields = w.fields[:n-1]
		}
	}
}

func (w *walker) visibleField() bool {
	for _, f := range w.fields {
		if !f.result {
			return false
		}
	}
	return true
}

// inContents reports whether a table of contents is open.
func (w *walker) inContents() bool {
	for _, f := range w.fields {
		if f.toc {
			return true
		}
	}
	for _, toc := range w.sdts {
		if toc {
			return true
		}
	}
	return false
}

// instruction reads a complex field's instruction for a table of
// contents.
func (w *walker) instruction(s string) {
	if n := len(w.fields); n > 0 && !w.fields[n-1].result && isTOC(s) {
		w.fields[n-1].toc = true
	}
}

// text adds s to the current paragraph, in the innermost open change.
func (w *walker) text(s string) {
	if !w.inPara || !w.visibleField() {
		return
	}
	w.contents = w.contents || w.inContents()
	c := -1
	if n := len(w.changes); n > 0 {
		c = w.changes[n-1]
		w.doc.Changes[c].Text += s
	}
	if n := len(w.doc.Pieces); n > w.start && n > w.barrier && !w.doc.Pieces[n-1].Break && w.doc.Pieces[n-1].Change == c {
		w.doc.Pieces[n-1].Text += s
		return
	}
	w.doc.Pieces = append(w.doc.Pieces, Piece{Text: s, Change: c})
}

func (w *walker) commentStart(id string) {
	if _, ok := w.anchors[id]; ok || len(w.anchors) >= MaxChanges {
		return
	}
	w.anchors[id] = len(w.doc.Pieces)
	w.barrier = len(w.doc.Pieces)
	w.order = append(w.order, id)
	w.ranges = append(w.ranges, [3]int{len(w.order) - 1, len(w.doc.Pieces), -1})
}

func (w *walker) commentEnd(id string) {
	for i := range w.ranges {
		if w.order[w.ranges[i][0]] == id && w.ranges[i][2] < 0 {
			w.ranges[i][2] = len(w.doc.Pieces)
			w.barrier = len(w.doc.Pieces)
		}
	}
}
