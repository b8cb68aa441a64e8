package docx

// The document model: the blocks of a Word body, built from the AST and
// written as XML. A redline marks runs, paragraph marks and table rows of
// the model as inserted or deleted.

// props are a run's character formatting.
type props uint8

const (
	bold props = 1 << iota
	italic
	code
	strike
	// unmarked sets a link as the text around it, not in the Hyperlink
	// style: the contents' entries, black as in the PDF.
	unmarked
)

// change marks a run, a paragraph mark or a table row in a redline.
type change uint8

const (
	kept change = iota
	inserted
	deleted
)

type runKind uint8

const (
	textRun  runKind = iota
	breakRun         // a line break within the paragraph
	pageRun          // a page break
	fieldRun         // a field: instr is its instruction, text its result
	logoRun          // the house's logo
	tabRun           // a tab, to the paragraph's next tab stop
)

// run is a piece of a paragraph in one formatting.
type run struct {
	kind   runKind
	text   string // the text, or a field's pre-filled result
	instr  string // a field's instruction, e.g. `REF _Ref_x \w \h`
	dirty  bool   // a field whose result Word computes again on opening
	props  props
	link   int    // 1-based index of an external link, 0 for none
	anchor string // the bookmark an internal link goes to
	change change
}

// para is a paragraph.
type para struct {
	style    string
	numID    int // numbering instance; 0 for the style's, -1 for none
	ilvl     int
	indent   int // left indent in twips, 0 for the style's
	space    int // space before in twips, 0 for the style's
	align    string
	keepNext bool
	newPage  bool   // the paragraph starts a page
	bookmark string // a bookmark around the paragraph's text
	markFrom int    // the first run inside the bookmark
	runs     []run
	mark     change // the paragraph mark, in a redline
	// was is the style and numbering the paragraph had in a redline's
	// first document, where they differ: a tracked change of its
	// properties.
	was *shape
	// comments are the comments on the paragraph's text, indices in
	// the file's comments (comments.go).
	comments []int
}

// shape is what makes a paragraph a heading or a list item: its style and
// its place in a numbering, the instance (0 for its style's, -1 for none)
// and level.
type shape struct {
	style       string
	numID, ilvl int
}

func (p *para) shape() shape { return shape{p.style, p.numID, p.ilvl} }

// table is a table; sig marks a borderless signature block.
type table struct {
	widths []int // column widths in twips
	rows   []row
	sig    bool
}

type row struct {
	header bool
	cells  [][]*para
	change change
}

// toc is a table of contents: its entries, each a link to its heading
// with the heading's page as a PAGEREF field.
type toc struct {
	entries []*para
}

// block is a paragraph, a table or a table of contents.
type block struct {
	p   *para
	t   *table
	toc *toc
}

// text returns the paragraph's text, fields by their results.
func (p *para) text() string {
	n := 0
	for _, r := range p.runs {
		n += len(r.text)
	}
	b := make([]byte, 0, n)
	for _, r := range p.runs {
		b = append(b, r.text...)
	}
	return string(b)
}
