package writer

import (
	"strconv"
	"strings"
	"sync"

	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// The structure tree's objects, many and small (a few thousand for a
// long agreement), are written compressed in object streams, which a
// cross-reference stream lists beside the file's table: the tree then
// costs about a tenth of what it would written out plainly.

// objsPerStream is the most objects an object stream holds.
const objsPerStream = 500

// structNumbers is where the structure's objects go.
type structNumbers struct {
	streams  Ref // the first object stream
	nstreams int
	xref     Ref // the cross-reference stream
	first    Ref // the first object in an object stream: the root
	root     Ref
	parents  Ref     // the parent tree
	elems    []Ref   // each element's object; 0 for an empty one, left out
	pageKey  []int   // each page's key in the parent tree, -1 for none
	annotKey [][]int // each annotation's, by page
	keys     int     // the parent tree's keys
}

// pageKeyOf returns page i's key in the parent tree, or -1.
func (s *structNumbers) pageKeyOf(i int) int {
	if i < len(s.pageKey) {
		return s.pageKey[i]
	}
	return -1
}

// annotKeyOf returns the key of annotation j of page i, or -1.
func (s *structNumbers) annotKeyOf(i, j int) int {
	if i < len(s.annotKey) {
		return s.annotKey[i][j]
	}
	return -1
}

// numberStructure numbers the structure's objects from next and returns
// the number after them; a document without structure has none.
func (d *Writer) numberStructure(s *structNumbers, next Ref) Ref {
	if !d.tagged || len(d.elems) == 0 {
		return next
	}
	keep := d.kept()
	count := 2
	for _, k := range keep {
		if k {
			count++
		}
	}
	s.nstreams = (count + objsPerStream - 1) / objsPerStream
	s.streams, next = next, next+Ref(s.nstreams)
	s.xref, next = next, next+1
	s.first, s.root, s.parents = next, next, next+1
	next += 2
	s.elems = make([]Ref, len(d.elems))
	for i, k := range keep {
		if k {
			s.elems[i], next = next, next+1
		}
	}
	s.pageKey = make([]int, len(d.pages))
	s.annotKey = make([][]int, len(d.pages))
	for i, p := range d.pages {
		s.pageKey[i] = -1
		if len(p.mcids) > 0 {
			s.pageKey[i], s.keys = s.keys, s.keys+1
		}
	}
	for i, p := range d.pages {
		s.annotKey[i] = make([]int, len(p.annots))
		for j, a := range p.annots {
			s.annotKey[i][j] = -1
			if a.elem >= 0 {
				s.annotKey[i][j], s.keys = s.keys, s.keys+1
			}
		}
	}
	return next
}

// kept reports, for each element, whether it is written: whether it has
// content, or an element with content below it. An element's kids come
// after it, so one pass from the end finds them.
func (d *Writer) kept() []bool {
	keep := make([]bool, len(d.elems))
	for i := len(d.elems) - 1; i >= 0; i-- {
		e := &d.elems[i]
		for k := e.first; k >= 0 && !keep[i]; k = d.kids[k].next {
			keep[i] = d.kids[k].elem < 0
		}
		if keep[i] && e.parent >= 0 {
			keep[e.parent] = true
		}
	}
	return keep
}

// structureStreams are the structure tree's object streams, compressed,
// and its cross-reference stream, as [Writer.writeStructure] writes
// them: none of it depends on where in the file anything is, so it is
// made while the pages and fonts are (see [Writer.write]).
type structureStreams struct {
	objects []objectStream
	xref    []byte // type 2 entries, filtered by pngUp
	count   int    // objects in the streams
	row     int    // bytes of an entry of xref
	width   int    // bytes of an object stream's number in an entry
}

// objectStream is an object stream: n objects, their numbers and offsets
// first bytes long, compressed.
type objectStream struct {
	n, first int
	data     []byte
}

// prepareStructure returns the structure tree's streams, nil for an
// untagged document.
func (d *Writer) prepareStructure(n numbering) *structureStreams {
	s := &n.structure
	if s.root == 0 {
		return nil
	}
	// The objects, one after the other in body, each starting at its
	// offset in at.
	body := make([]byte, 0, 64*len(d.elems))
	at := make([]int, 0, n.size-int(s.first)+1)
	at = append(at, 0)
	body = d.appendRoot(body, n)
	at = append(at, len(body))
	body = d.appendParentTree(body, n)
	for i, ref := range s.elems {
		if ref != 0 {
			at = append(at, len(body))
			body = d.appendElem(body, n, i)
		}
	}
	at = append(at, len(body))
	count := len(at) - 1
	ss := &structureStreams{count: count, objects: make([]objectStream, s.nstreams)}
	compress := func(first, last int) { // streams first to last-1
		for k := first; k < last; k++ {
			from, to := k*objsPerStream, min(count, (k+1)*objsPerStream)
			ss.objects[k] = makeObjectStream(s.first+Ref(from), body, at[from:to+1])
		}
	}
	// Two goroutines compress the streams, another taking the first half:
	// they are what a tagged PDF waits for last when its fonts' subsets
	// come from the cache.
	var wg sync.WaitGroup
	half := s.nstreams / 2
	wg.Go(func() { compress(0, half) })
	compress(half, s.nstreams)
	wg.Wait()
	// Type 2 entries: the object stream and the index in it, in one
	// byte for the type, as many as the streams' numbers need, two.
	width := 1
	for last := int(s.streams) + s.nstreams; last >= 1<<(8*width); {
		width++
	}
	row := 3 + width
	xref := make([]byte, 0, count*row)
	for i := range count {
		xref = append(xref, 2)
		stm := int(s.streams) + i/objsPerStream
		for b := width - 1; b >= 0; b-- {
			xref = append(xref, byte(stm>>(8*b)))
		}
		xref = append(xref, byte(i%objsPerStream>>8), byte(i%objsPerStream))
	}
	// The cross-reference stream is compressed as it is written, by the
	// compressor the fonts used.
	ss.xref, ss.row, ss.width = pngUp(xref, row), row, width
	return ss
}

// writeStructure writes the structure tree's streams, as prepareStructure
// made them, and returns the offset of its cross-reference stream, 0 for
// an untagged document.
func (d *Writer) writeStructure(f *file, n numbering, ss *structureStreams) int64 {
	s := &n.structure
	if s.root == 0 || ss == nil {
		return 0
	}
	for k, o := range ss.objects {
		f.stream(s.streams+Ref(k), o.data, 0, func(x *Dict) {
			x.Name("Type", "ObjStm").Int("N", o.n).Int("First", o.first).Name("Filter", "FlateDecode")
		})
	}
	f.stream(s.xref, deflate(ss.xref), 0, func(x *Dict) {
		x.Name("Type", "XRef").Int("Size", n.size).Name("Filter", "FlateDecode")
		x.Dict("DecodeParms", func(p *Dict) { p.Int("Predictor", 12).Int("Columns", ss.row) })
		x.Array("Index", func(a *Array) { a.Int(int(s.first)).Int(ss.count) })
		x.Array("W", func(a *Array) { a.Int(1).Int(ss.width).Int(2) })
	})
	return f.offsets[s.xref]
}

// pngUp returns rows of data, each row bytes long, filtered by the PNG
// predictor Up (ISO 32000-1 §7.4.4.4, predictor 12): each row a filter
// byte, 2, then each byte less the one above it, so that the entries of
// a cross-reference stream, which differ little from one to the next,
// compress to almost nothing.
func pngUp(data []byte, row int) []byte {
	out := make([]byte, 0, len(data)+len(data)/row)
	for at := 0; at < len(data); at += row {
		out = append(out, 2)
		for i := at; i < at+row; i++ {
			v := data[i]
			if at > 0 {
				v -= data[i-row]
			}
			out = append(out, v)
		}
	}
	return out
}

// makeObjectStream returns the objects in body, from offset at[0] to at[len(at)-1],
// numbered from first, as an object stream, compressed.
func makeObjectStream(first Ref, body []byte, at []int) objectStream {
	n := len(at) - 1
	head := make([]byte, 0, 12*n)
	for i := range n {
		head = strconv.AppendInt(head, int64(first)+int64(i), 10)
		head = append(head, ' ')
		head = strconv.AppendInt(head, int64(at[i]-at[0]), 10)
		head = append(head, ' ')
	}
	data := append(head, body[at[0]:at[n]]...)
	return objectStream{n: n, first: len(head), data: deflateWith(&defaultWriters, data)}
}

// appendRoot appends the structure tree's root.
func (d *Writer) appendRoot(b []byte, n numbering) []byte {
	s := &n.structure
	return appendDict(b, func(r *Dict) {
		r.Name("Type", "StructTreeRoot")
		r.Array("K", func(a *Array) {
			for i, e := range d.elems {
				if e.parent < 0 && s.elems[i] != 0 {
					a.Ref(s.elems[i])
				}
			}
		})
		r.Ref("ParentTree", s.parents).Int("ParentTreeNextKey", s.keys)
	})
}

// appendParentTree appends the parent tree: for each page's key, the
// element of each of its marked-content sequences; for each
// annotation's, its element.
func (d *Writer) appendParentTree(b []byte, n numbering) []byte {
	s := &n.structure
	return appendDict(b, func(t *Dict) {
		t.Array("Nums", func(a *Array) {
			for i, p := range d.pages {
				if k := s.pageKey[i]; k >= 0 {
					a.Int(k).Array(func(refs *Array) {
						for _, e := range p.mcids {
							refs.Ref(s.elems[e])
						}
					})
				}
			}
			for i, p := range d.pages {
				for j, an := range p.annots {
					if k := s.annotKey[i][j]; k >= 0 {
						a.Int(k).Ref(s.elems[an.elem])
					}
				}
			}
		})
	})
}

// appendElem appends element i: its type, page, parent and kids, a
// sequence on its page as its MCID, on another as a reference to it; a
// single kid is written bare, without an array. A few thousand of these
// make most of a tagged file's overhead, so they are written tightly,
// without the optional /Type /StructElem and without spaces where PDF
// needs none (ISO 32000-1 §7.2.2: names and dictionaries delimit
// themselves), their constant parts first: "<</S/LBody/Pg 9 0 R/P 388 0
// R/K 7>>".
func (d *Writer) appendElem(b []byte, n numbering, i int) []byte {
	s := &n.structure
	e := &d.elems[i]
	parent := s.root
	if e.parent >= 0 {
		parent = s.elems[e.parent]
	}
	pg := -1
	for k := e.first; k >= 0; k = d.kids[k].next {
		if d.kids[k].elem < 0 {
			pg = d.kids[k].page
			break
		}
	}
	b = append(append(b, "<</S/"...), e.tag.Role...)
	if pg >= 0 {
		b = appendRef(append(b, "/Pg "...), n.page(pg))
	}
	b = appendRef(append(b, "/P "...), parent)
	x := Dict{b: b}
	if e.tag.Role == pdfdoc.Figure || e.tag.Alt != "" {
		x.Text("Alt", e.tag.Alt)
	}
	if e.tag.Role == pdfdoc.TH {
		x.Dict("A", func(a *Dict) { a.Name("O", "Table").Name("Scope", "Column") })
	}
	kids := Array{b: append(x.b, "/K"...)}
	at := len(kids.b)
	kids.b = append(kids.b, ' ')
	for k := e.first; k >= 0; k = d.kids[k].next {
		d.appendKid(&kids, n, d.kids[k], pg)
	}
	if b = kids.b; kids.n != 1 { // an array: [ in place of the space
		b[at] = '['
		b = append(b, ']')
	}
	return append(b, ">>"...)
}

// appendKid appends one of an element's kids; pg is the element's page.
func (d *Writer) appendKid(a *Array, n numbering, k kid, pg int) {
	s := &n.structure
	switch {
	case k.elem >= 0:
		if s.elems[k.elem] != 0 {
			a.Ref(s.elems[k.elem])
		}
	case k.mcid >= 0 && k.page == pg:
		a.Int(k.mcid)
	case k.mcid >= 0:
		a.Dict(func(m *Dict) { m.Name("Type", "MCR").Ref("Pg", n.page(k.page)).Int("MCID", k.mcid) })
	default:
		a.Dict(func(o *Dict) {
			o.Name("Type", "OBJR").Ref("Obj", n.annots[k.page][k.annot]).Ref("Pg", n.page(k.page))
		})
	}
}

// annotContents is a link annotation's description (its Contents, which
// PDF/UA asks of every annotation): the text of its Link element, or
// else where it leads.
func (d *Writer) annotContents(a annot) string {
	if a.elem >= 0 {
		if t := strings.Join(strings.Fields(string(d.elems[a.elem].text)), " "); t != "" {
			return t
		}
	}
	if a.link < 0 {
		return a.url
	}
	return "Link"
}
