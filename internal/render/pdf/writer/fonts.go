package writer

import (
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"sync"

	"github.com/klauspost/compress/zlib"

	"github.com/clausemark/clausemark/internal/render/pdf/font"
)

// Text is shown in Type 0 fonts with the Identity-H encoding and the
// character's code point as CID, so content streams read as UTF-16BE; a
// CIDToGIDMap maps each CID to its glyph, and one ToUnicode CMap serves
// every font. Each face a document uses is a subset (package font) of the
// characters it draws; a subset's encoded objects are made once and kept
// with it, so that documents sharing a subset share them.

// encodedFont is the part of a font's PDF objects that depends on the
// characters used: the embedded program, the CID-to-glyph map and the widths.
type encodedFont struct {
	name     string // subset tag and PostScript name, e.g. "ABCDEF+DejaVuSerif"
	program  []byte // the TrueType subset, zlib-compressed
	length1  int    // its size before compression
	cidToGID []byte // two bytes per CID from 0 to the highest used, zlib-compressed
	widths   []byte // the /W array
}

// encodeFont makes the objects' data of a subset; it is the subset's
// [font.Subset.Encoded].
func encodeFont(s *font.Subset) any {
	maxCID := 0
	if n := len(s.Chars); n > 0 {
		maxCID = int(s.Chars[n-1].Rune)
	}
	cidToGID := make([]byte, 2*(maxCID+1))
	w := []byte{'['}
	prev := -2
	for _, c := range s.Chars {
		r, g := int(c.Rune), c.Glyph
		cidToGID[2*r], cidToGID[2*r+1] = byte(g>>8), byte(g)
		if r != prev+1 {
			if prev >= 0 {
				w = append(w, "] "...)
			}
			w = strconv.AppendInt(w, int64(r), 10)
			w = append(w, " ["...)
		} else {
			w = append(w, ' ')
		}
		w = strconv.AppendInt(w, int64(c.Width), 10)
		prev = r
	}
	if prev >= 0 {
		w = append(w, ']')
	}
	w = append(w, ']')
	return &encodedFont{
		name:     s.Name,
		program:  deflateWith(&defaultWriters, s.Program),
		length1:  len(s.Program),
		cidToGID: deflateWith(&defaultWriters, cidToGID),
		widths:   w,
	}
}

// subsets returns the encoded subset of each face the document used.
func (d *Writer) subsets() ([font.NumFaces]*encodedFont, error) {
	var out [font.NumFaces]*encodedFont
	for face := range font.NumFaces {
		if d.used[face] == nil {
			continue
		}
		s, err := d.fonts.Subset(face, d.used[face])
		if err != nil {
			return out, err
		}
		out[face] = s.Encoded(encodeFont).(*encodedFont)
	}
	return out, nil
}

// toUnicodeCMap returns the fonts' ToUnicode CMap, compressed: made once,
// by toUnicodeCMapText and [deflate], and kept in tounicode.cmap.zlib, so
// that a process making one PDF does not make it again
// (TestToUnicodeCMapKept checks the file against the function).
func toUnicodeCMap() []byte { return toUnicodeCMapZlib }

//go:embed tounicode.cmap.zlib
var toUnicodeCMapZlib []byte

// toUnicodeCMapText maps every CID, a code point of the Basic
// Multilingual Plane outside the surrogates, to itself.
func toUnicodeCMapText() []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var ranges []int
	for hi := range 256 {
		if hi < 0xD8 || hi > 0xDF {
			ranges = append(ranges, hi)
		}
	}
	for len(ranges) > 0 {
		n := min(100, len(ranges)) // a block holds at most 100 entries
		fmt.Fprintf(&b, "%d beginbfrange\n", n)
		for _, hi := range ranges[:n] {
			fmt.Fprintf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi)
		}
		b.WriteString("endbfrange\n")
		ranges = ranges[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// deflate returns data zlib-compressed at the best level, as FlateDecode
// reads it: for images, the colour profile and the cross-reference
// stream, made once or small.
//
// A compressor at this level holds about a megabyte of tables, which a
// short process pays for in page faults more than in anything else, so
// the few made are kept for reuse.
func deflate(data []byte) []byte { return deflateWith(&bestWriters, data) }

// deflateWith returns data zlib-compressed by a writer of pool.
func deflateWith(pool *sync.Pool, data []byte) []byte {
	var b bytes.Buffer
	zw := pool.Get().(*zlib.Writer)
	defer pool.Put(zw)
	zw.Reset(&b)
	zw.Write(data) // to memory: cannot fail
	zw.Close()
	return b.Bytes()
}

var bestWriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestCompression) // a valid level
	return zw
}}

// defaultWriters compress, at the default level, the font subsets and
// the structure tree's object streams, the two that are made per
// document after the last page, side by side:
//   - the Ojoo agreement's font subsets come out 0.2% larger than at the
//     best level (237,147 bytes of PDF against 236,646), in three
//     quarters of the time (1.7 ms against 2.2 ms, in one process),
//     and the subsets are what a PDF process waits for last;
//   - the structure's objects as small within a tenth as at the best,
//     which costs them ten times the time (a few thousand small objects
//     are a worst case for its search).
var defaultWriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.DefaultCompression) // a valid level
	return zw
}}

// zlibWriters compress the pages' content, at the fastest level, as the
// layout goes (seal).
var zlibWriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed) // a valid level
	return zw
}}
