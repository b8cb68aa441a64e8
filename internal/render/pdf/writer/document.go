package writer

import (
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/clausemark/clausemark/internal/render/pdf/font"
)

// Object numbers: the fixed objects first, then the pages, their content
// streams (page by page, each page's parts in order), annotations, fonts
// (five objects per face used), images (each with its soft mask if it
// has one), outline items, the metadata (PDF/A or tagged), the output
// intent's profile (PDF/A) and, for a tagged document, the object streams
// and the cross-reference stream that hold its structure, and last the
// structure's objects (tags.go).
const (
	objCatalog Ref = 1 + iota
	objPages
	objResources
	objInfo
	objToUnicode
	objOutlines
	objFirstPage
)

// numbering is where each object of the document goes.
type numbering struct {
	contents               [][]Ref // each page's content streams
	annots                 [][]Ref // each page's annotations
	fonts                  [font.NumFaces]Ref
	images                 []Ref // each image; its soft mask, if any, is the next
	firstOutline           Ref
	metadata, outputIntent Ref
	structure              structNumbers
	size                   int // objects plus one
}

// page returns the object of page i, from 0.
func (numbering) page(i int) Ref { return objFirstPage + Ref(i) }

// number numbers the document's objects.
func (d *Writer) number() numbering {
	var n numbering
	next := objFirstPage + Ref(len(d.pages))
	n.contents = make([][]Ref, len(d.pages))
	for i, p := range d.pages {
		for range p.parts {
			n.contents[i] = append(n.contents[i], next)
			next++
		}
	}
	n.annots = make([][]Ref, len(d.pages))
	for i, p := range d.pages {
		for range p.annots {
			n.annots[i] = append(n.annots[i], next)
			next++
		}
	}
	for face := range font.NumFaces {
		if d.used[face] != nil {
			n.fonts[face] = next
			next += 5
		}
	}
	n.images = make([]Ref, len(d.xobjects))
	for i, x := range d.xobjects {
		n.images[i] = next
		next++
		if x.alpha != nil {
			next++
		}
	}
	n.firstOutline = next
	next += Ref(len(d.outlines))
	if d.pdfa || d.tagged {
		n.metadata = next
		next++
	}
	if d.pdfa {
		n.outputIntent = next
		next++
	}
	next = d.numberStructure(&n.structure, next)
	n.size = int(next)
	return n
}

// Output writes the PDF to w.
func (d *Writer) Output(w io.Writer) error {
	if err := d.write(w); err != nil {
		return fmt.Errorf("pdf: write: %w", err)
	}
	return nil
}

func (d *Writer) write(w io.Writer) error {
	d.page()
	for _, p := range d.pages {
		d.closeMark(p)
		d.seal(p)
		if len(p.parts) == 0 { // a page with nothing drawn on it
			p.parts = append(p.parts, &part{})
			p.queued = 1
			p.parts[0].z = deflateWith(&zlibWriters, nil)
		}
	}
	d.encodeImages()
	n := d.number()
	// The fonts' subsets, from the cache or made now, while another
	// goroutine compresses the structure tree's object streams and the
	// pages' parts sealed last are compressed: after the layout, these
	// are most of a PDF's time, and none needs the others.
	var (
		ss *structureStreams
		wg sync.WaitGroup
	)
	wg.Go(func() { ss = d.prepareStructure(n) })
	subsets, err := d.subsets()
	d.compressCounts()
	wg.Wait()
	d.compressing.Wait()
	if err != nil {
		return err
	}
	items := d.outlineTree()
	f := newFile(w, n.size)
	f.header()
	d.writeCatalog(f, n)
	d.writePageTree(f, n)
	d.writeResources(f, n)
	d.writeImages(f, n)
	d.writeInfo(f)
	f.stream(objToUnicode, toUnicodeCMap(), 0, func(d *Dict) { d.Name("Filter", "FlateDecode") })
	writeOutlineRoot(f, n, items)
	d.writePages(f, n)
	d.writeAnnotations(f, n)
	d.writeFonts(f, n, subsets)
	d.writeOutlineItems(f, n, items)
	d.writeArchival(f, n)
	xrefStm := d.writeStructure(f, n, ss)
	return f.finish(objCatalog, objInfo, n.structure.first, xrefStm)
}

func (d *Writer) writeCatalog(f *file, n numbering) {
	f.dict(objCatalog, func(c *Dict) {
		c.Name("Type", "Catalog").Ref("Pages", objPages).Text("Lang", d.lang())
		if len(d.outlines) > 0 {
			c.Ref("Outlines", objOutlines).Name("PageMode", "UseOutlines")
		}
		if n.metadata != 0 {
			c.Ref("Metadata", n.metadata)
		}
		if n.structure.root != 0 {
			c.Dict("MarkInfo", func(m *Dict) { m.Bool("Marked", true) })
			c.Ref("StructTreeRoot", n.structure.root)
			c.Dict("ViewerPreferences", func(v *Dict) { v.Bool("DisplayDocTitle", true) })
		}
		if d.pdfa {
			c.Array("OutputIntents", func(a *Array) {
				a.Dict(func(o *Dict) {
					o.Name("Type", "OutputIntent").Name("S", "GTS_PDFA1")
					o.Literal("OutputConditionIdentifier", "sRGB IEC61966-2.1").Literal("Info", "sRGB IEC61966-2.1")
					o.Ref("DestOutputProfile", n.outputIntent)
				})
			})
		}
	})
}

// lang is the document's language, English unless its Info names another.
func (d *Writer) lang() string {
	if d.info.Lang == "" {
		return "en"
	}
	return d.info.Lang
}

func (d *Writer) writePageTree(f *file, n numbering) {
	kids := make([]Ref, len(d.pages))
	for i := range d.pages {
		kids[i] = n.page(i)
	}
	f.dict(objPages, func(p *Dict) {
		p.Name("Type", "Pages").Refs("Kids", kids).Int("Count", len(d.pages))
		p.Array("MediaBox", func(a *Array) { a.Int(0).Int(0).Num(d.w).Num(d.h) })
	})
}

// writeResources writes the resources every page shares: the fonts and
// the images.
func (d *Writer) writeResources(f *file, n numbering) {
	f.dict(objResources, func(r *Dict) {
		r.Array("ProcSet", func(a *Array) { a.Name("PDF").Name("Text") })
		r.Dict("Font", func(fonts *Dict) {
			for face, ref := range n.fonts {
				if ref != 0 {
					fonts.Ref("F"+strconv.Itoa(face), ref)
				}
			}
		})
		if len(d.xobjects) > 0 {
			r.Dict("XObject", func(x *Dict) {
				for i, ref := range n.images {
					x.Ref("Im"+strconv.Itoa(i), ref)
				}
			})
		}
	})
}

// writeInfo writes the document information dictionary.
func (d *Writer) writeInfo(f *file) {
	f.dict(objInfo, func(info *Dict) {
		for _, kv := range d.infoEntries() {
			info.Text(kv[0], kv[1])
		}
	})
}

// writeOutlineRoot writes the outline's root, whose items are the
// entries at the top level.
func writeOutlineRoot(f *file, n numbering, items []outlineItem) {
	f.dict(objOutlines, func(o *Dict) {
		o.Name("Type", "Outlines")
		if len(items) == 0 {
			return
		}
		top, last := 0, 0
		for i, it := range items {
			if it.parent < 0 {
				top++
				last = i
			}
		}
		o.Ref("First", n.firstOutline).Ref("Last", n.firstOutline+Ref(last)).Int("Count", top)
	})
}

// writePages writes each page and its content streams, as seal and
// compressCounts compressed them.
func (d *Writer) writePages(f *file, n numbering) {
	for i, p := range d.pages {
		f.dict(n.page(i), func(pg *Dict) {
			pg.Name("Type", "Page").Ref("Parent", objPages).Ref("Resources", objResources)
			if c := n.contents[i]; len(c) == 1 {
				pg.Ref("Contents", c[0])
			} else {
				pg.Refs("Contents", c)
			}
			if len(p.annots) > 0 {
				pg.Refs("Annots", n.annots[i])
			}
			if k := n.structure.pageKeyOf(i); k >= 0 {
				pg.Int("StructParents", k)
			}
			if n.structure.root != 0 && len(p.annots) > 0 {
				pg.Name("Tabs", "S") // annotations in the structure's order
			}
		})
		for j, pt := range p.parts {
			f.stream(n.contents[i][j], pt.z, 0, func(d *Dict) { d.Name("Filter", "FlateDecode") })
		}
	}
}

// compressCounts compresses the parts that show the page count, the
// count written where it goes.
func (d *Writer) compressCounts() {
	var count, b []byte
	for _, r := range strconv.Itoa(len(d.pages)) {
		count = appendUTF16(count, r)
	}
	for _, p := range d.pages {
		for _, pt := range p.parts {
			if !pt.count {
				continue
			}
			b = b[:0]
			at := pt.start
			for _, s := range p.splices {
				if s >= pt.start && s < pt.end {
					b = append(append(b, p.content[at:s]...), count...)
					at = s
				}
			}
			pt.z = deflateWith(&zlibWriters, append(b, p.content[at:pt.end]...))
		}
	}
}

// writeAnnotations writes the link annotations, printable (flag 4) as
// PDF/A asks, without a border.
func (d *Writer) writeAnnotations(f *file, n numbering) {
	for i, p := range d.pages {
		for j, a := range p.annots {
			f.dict(n.annots[i][j], func(an *Dict) {
				an.Name("Type", "Annot").Name("Subtype", "Link").Int("F", 4)
				an.Array("Border", func(b *Array) { b.Int(0).Int(0).Int(0) })
				an.Array("Rect", func(r *Array) { r.Num(a.x1).Num(a.y1).Num(a.x2).Num(a.y2) })
				if a.link < 0 {
					an.Dict("A", func(act *Dict) { act.Name("S", "URI").Literal("URI", uriASCII(a.url)) })
				} else {
					an.Array("Dest", func(dst *Array) { d.dest(dst, n, d.links[a.link-1]) })
				}
				if k := n.structure.annotKeyOf(i, j); k >= 0 {
					an.Text("Contents", d.annotContents(a)).Int("StructParent", k)
				}
			})
		}
	}
}

// dest writes a destination: the top of the window at t on its page.
func (d *Writer) dest(a *Array, n numbering, t dest) {
	p := min(max(t.page, 1), len(d.pages))
	a.Ref(n.page(p - 1)).Name("XYZ").Int(0).Num(t.y).Null()
}

// writeFonts writes, for each face used, its Type 0 font, the CID font
// below it, the font descriptor, the embedded program and the
// CID-to-glyph map.
func (d *Writer) writeFonts(f *file, n numbering, subsets [font.NumFaces]*encodedFont) {
	for face, ref := range n.fonts {
		if ref == 0 {
			continue
		}
		sf := subsets[face]
		f.dict(ref, func(t0 *Dict) {
			t0.Name("Type", "Font").Name("Subtype", "Type0").Name("BaseFont", sf.name).Name("Encoding", "Identity-H")
			t0.Array("DescendantFonts", func(a *Array) { a.Ref(ref + 1) }).Ref("ToUnicode", objToUnicode)
		})
		f.dict(ref+1, func(cid *Dict) {
			cid.Name("Type", "Font").Name("Subtype", "CIDFontType2").Name("BaseFont", sf.name)
			cid.Dict("CIDSystemInfo", func(si *Dict) { si.Literal("Registry", "Adobe").Literal("Ordering", "Identity").Int("Supplement", 0) })
			cid.Ref("FontDescriptor", ref+2).Ref("CIDToGIDMap", ref+4).Int("DW", 0).Raw("W", sf.widths)
		})
		d.writeFontDescriptor(f, ref+2, font.Face(face), sf.name, ref+3)
		f.stream(ref+3, sf.program, sf.length1, func(d *Dict) { d.Name("Filter", "FlateDecode") })
		f.stream(ref+4, sf.cidToGID, 0, func(d *Dict) { d.Name("Filter", "FlateDecode") })
	}
}

// Font descriptor flags (ISO 32000-1, table 123).
const (
	flagFixedPitch = 1 << 0
	flagSerif      = 1 << 1
	flagSymbolic   = 1 << 2 // the font is addressed by glyph, not by a standard encoding
	flagItalic     = 1 << 6
)

// writeFontDescriptor writes the descriptor of face, subset as name, its
// program in object program.
func (d *Writer) writeFontDescriptor(f *file, ref Ref, face font.Face, name string, program Ref) {
	m := d.fonts.Metrics(face)
	flags := flagSymbolic
	if m.FixedPitch {
		flags |= flagFixedPitch
	}
	if m.Serif {
		flags |= flagSerif
	}
	if m.ItalicAngle != 0 {
		flags |= flagItalic
	}
	f.dict(ref, func(fd *Dict) {
		fd.Name("Type", "FontDescriptor").Name("FontName", name).Int("Flags", flags)
		fd.Array("FontBBox", func(a *Array) { a.Int(m.BBox[0]).Int(m.BBox[1]).Int(m.BBox[2]).Int(m.BBox[3]) })
		fd.Num("ItalicAngle", m.ItalicAngle).Int("Ascent", m.Ascent).Int("Descent", m.Descent).Int("CapHeight", m.CapHeight)
		fd.Int("StemV", m.StemV).Ref("FontFile2", program)
	})
}

// writeOutlineItems writes the outline's entries, each linked to its
// parent, its siblings and its children; an entry with children is
// closed, so that its children show when it is opened.
func (d *Writer) writeOutlineItems(f *file, n numbering, items []outlineItem) {
	for i, it := range items {
		f.dict(n.firstOutline+Ref(i), func(o *Dict) {
			o.Text("Title", it.title)
			parent := objOutlines
			if it.parent >= 0 {
				parent = n.firstOutline + Ref(it.parent)
			}
			o.Ref("Parent", parent)
			for _, rel := range [...]struct {
				key string
				i   int
			}{{"Prev", it.prev}, {"Next", it.next}, {"First", it.first}, {"Last", it.last}} {
				if rel.i >= 0 {
					o.Ref(rel.key, n.firstOutline+Ref(rel.i))
				}
			}
			if it.children > 0 {
				o.Int("Count", -it.children)
			}
			o.Array("Dest", func(a *Array) { d.dest(a, n, it.dest) })
		})
	}
}
