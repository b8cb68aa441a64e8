package writer

import (
	"strconv"

	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// A tagged PDF (ISO 32000-1 §14.8) has a structure tree whose elements
// hold the page content in reading order: each run of text drawn inside
// an element is a marked-content sequence with an identifier (MCID), a
// kid of the element; each link annotation is a kid too (an object
// reference, OBJR). A page's sequences follow one another, each closed
// before the next opens: text drawn in one element on one page, with
// nothing else in between, is one sequence, however many Text calls
// draw it. Lines, rectangles and what the layout marks as an artifact
// are artifacts, which screen readers skip. The soft hyphen the layout
// adds where a word breaks at a line's end is its paragraph's text, as
// ISO 32000-1 §14.8.2.2.3 has it: the ToUnicode map reads it as U+00AD,
// which a reader of the text drops, joining the word's parts, and no
// marked content of its own (nested in its paragraph's, which some
// readers end there) is needed.

// elem is a structure element. A document has thousands: they and
// their kids are kept in two slices of the Writer, each element's kids
// a list linked through the second, so that adding one seldom allocates.
type elem struct {
	tag         pdfdoc.Tag
	parent      int    // index in Writer.elems, -1 for the root's kids
	first, last int    // its first and last kids in Writer.kids, -1 for none
	text        []byte // a Link's text, for its annotations' Contents
}

// kid is a structure element's child: another element, a marked-content
// sequence on a page, or a page's annotation.
type kid struct {
	elem  int // the element, or -1
	page  int // the page, from 0, of a sequence or annotation
	mcid  int // the sequence, or -1 for an annotation
	annot int // the annotation's index on its page
	next  int // the element's next kid in Writer.kids, -1 for none
}

// addKid adds k as element e's last kid.
func (d *Writer) addKid(e int, k kid) {
	k.next = -1
	d.kids = append(d.kids, k)
	i := len(d.kids) - 1
	if el := &d.elems[e]; el.last < 0 {
		el.first, el.last = i, i
	} else {
		d.kids[el.last].next = i
		el.last = i
	}
}

// kidsOf returns element e's kids, in order.
func (d *Writer) kidsOf(e int) []kid {
	var out []kid
	for k := d.elems[e].first; k >= 0; k = d.kids[k].next {
		out = append(out, d.kids[k])
	}
	return out
}

// The marked-content sequence a page has open: none, an artifact, or an
// element's (its index, from 0).
const (
	markNone     = -2
	markArtifact = -1
)

// BeginTag opens a structure element inside the one open and returns its
// number; 0 when the document is not tagged.
func (d *Writer) BeginTag(t pdfdoc.Tag) int {
	if !d.tagged {
		return 0
	}
	parent := -1
	if n := len(d.open); n > 0 {
		parent = d.open[n-1]
	}
	i := len(d.elems)
	d.elems = append(d.elems, elem{tag: t, parent: parent, first: -1, last: -1})
	if parent >= 0 {
		d.addKid(parent, kid{elem: i, mcid: -1})
	}
	d.open = append(d.open, i)
	return i + 1
}

// ResumeTag opens element id again.
func (d *Writer) ResumeTag(id int) {
	if d.tagged && id >= 1 && id <= len(d.elems) {
		d.open = append(d.open, id-1)
	}
}

// EndTag closes the element opened last.
func (d *Writer) EndTag() {
	if n := len(d.open); n > 0 {
		d.open = d.open[:n-1]
	}
}

// BeginArtifact starts drawing what is not the document's text.
func (d *Writer) BeginArtifact() { d.artifact++ }

// EndArtifact ends what BeginArtifact started.
func (d *Writer) EndArtifact() { d.artifact = max(0, d.artifact-1) }

// textMark returns the sequence text drawn now belongs in: an artifact's,
// or the open element's. Text outside both is drawn as an artifact, and
// the document's structure is then incomplete.
func (d *Writer) textMark() int {
	if d.artifact > 0 {
		return markArtifact
	}
	if n := len(d.open); n > 0 {
		return d.open[n-1]
	}
	d.incomplete = true
	return markArtifact
}

// imageMark returns the sequence an image drawn now belongs in: a
// Figure's, or an artifact.
func (d *Writer) imageMark() int {
	if n := len(d.open); n > 0 && d.artifact == 0 && d.elems[d.open[n-1]].tag.Role == pdfdoc.Figure {
		return d.open[n-1]
	}
	return markArtifact
}

// mark makes want the sequence open on the current page, closing the one
// open if it is another; a tagged document's content is always in one.
func (d *Writer) mark(p *page, want int) {
	if !d.tagged || p.mark == want && want != markNone {
		return
	}
	d.endText(p)
	if p.mark != markNone {
		p.content = append(p.content, "EMC\n"...)
	}
	d.safe(p)
	p.mark = want
	switch {
	case want == markArtifact:
		p.content = append(p.content, "/Artifact BMC\n"...)
	case want >= 0:
		p.content = d.appendMCID(p.content, want)
	}
}

// appendMCID opens a new sequence of element e on the current page.
func (d *Writer) appendMCID(b []byte, e int) []byte {
	p := d.cur
	mcid := len(p.mcids)
	p.mcids = append(p.mcids, e)
	d.addKid(e, kid{elem: -1, page: d.curNo - 1, mcid: mcid})
	b = append(b, '/')
	b = append(b, d.elems[e].tag.Role...)
	b = append(b, " <</MCID "...)
	b = strconv.AppendInt(b, int64(mcid), 10)
	return append(b, ">> BDC\n"...)
}

// closeMark ends the text object and the sequence open on p, as a
// page's content must.
func (d *Writer) closeMark(p *page) {
	d.endText(p)
	if p != nil && p.mark != markNone {
		p.content = append(p.content, "EMC\n"...)
		p.mark = markNone
		d.safe(p)
	}
}

// linkText adds s to the text of the open element if it is a Link, for
// its annotations' Contents.
func (d *Writer) linkText(s string) {
	if n := len(d.open); n > 0 && d.artifact == 0 {
		if e := &d.elems[d.open[n-1]]; e.tag.Role == pdfdoc.Link {
			e.text = append(e.text, s...)
		}
	}
}

// tagAnnot makes the annotation just added on the current page a kid of
// the open element, so that it is read where its text stands.
func (d *Writer) tagAnnot(p *page) {
	if !d.tagged || len(d.open) == 0 {
		return
	}
	e := d.open[len(d.open)-1]
	a := &p.annots[len(p.annots)-1]
	a.elem = e
	d.addKid(e, kid{elem: -1, page: d.curNo - 1, mcid: -1, annot: len(p.annots) - 1})
}
