package font

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
)

// A TrueType font's tables, read once per process so that each document
// only copies the glyphs it uses (see [program.subset]). The table
// directory, loca and glyf are read here, as subsetting needs them; the
// metrics come from sfnt (font.go).
//
// The subset keeps every glyph id: unused glyphs become empty entries in
// glyf, so a map from characters to glyphs made from the full font's cmap
// stays valid and no glyph is renumbered. The tables kept are those a
// document format embedding the program needs (ISO 32000-1 §9.9 for PDF: head, hhea, hmtx, loca,
// glyf, maxp, and the hinting tables cvt, fpgm, prep), and a cmap of the
// characters kept and a post table without glyph names (version 3), so
// that font tools read the subset as a font; the layout tables are left out.
type program struct {
	tables    map[string][]byte
	numGlyphs int
	loca      []uint32 // numGlyphs+1 offsets into glyf
}

// keptTables are the tables a subset carries, in the order of their tags.
var keptTables = []string{"cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "post", "prep"}

var errTTF = errors.New("malformed TrueType font")

// parseProgram reads the table directory and the glyph locations of data.
func parseProgram(data []byte) (*program, error) {
	if len(data) < 12 {
		return nil, errTTF
	}
	if v := binary.BigEndian.Uint32(data); v != 0x00010000 && v != 0x74727565 {
		return nil, fmt.Errorf("%w: not a TrueType outline font", errTTF)
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, errTTF
	}
	t := &program{tables: map[string][]byte{}}
	for i := range n {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off, length := uint64(binary.BigEndian.Uint32(rec[8:])), uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+length > uint64(len(data)) {
			return nil, fmt.Errorf("%w: table %q out of bounds", errTTF, tag)
		}
		t.tables[tag] = data[off : off+length]
	}
	for _, tag := range []string{"head", "hhea", "hmtx", "loca", "glyf", "maxp"} {
		if t.tables[tag] == nil {
			return nil, fmt.Errorf("%w: no %q table", errTTF, tag)
		}
	}
	head, maxp := t.tables["head"], t.tables["maxp"]
	if len(head) < 54 || len(maxp) < 6 || len(t.tables["hhea"]) < 36 {
		return nil, errTTF
	}
	t.numGlyphs = int(binary.BigEndian.Uint16(maxp[4:]))
	long := binary.BigEndian.Uint16(head[50:]) != 0
	loca, glyf := t.tables["loca"], t.tables["glyf"]
	t.loca = make([]uint32, t.numGlyphs+1)
	for i := range t.loca {
		switch {
		case long && 4*i+4 <= len(loca):
			t.loca[i] = binary.BigEndian.Uint32(loca[4*i:])
		case !long && 2*i+2 <= len(loca):
			t.loca[i] = 2 * uint32(binary.BigEndian.Uint16(loca[2*i:]))
		default:
			return nil, fmt.Errorf("%w: loca too short", errTTF)
		}
		if i > 0 && t.loca[i] < t.loca[i-1] || int(t.loca[i]) > len(glyf) {
			return nil, fmt.Errorf("%w: loca out of order", errTTF)
		}
	}
	return t, nil
}

// glyph returns the glyf data of glyph g, empty for a glyph without outline.
func (t *program) glyph(g int) []byte {
	if g < 0 || g >= t.numGlyphs {
		return nil
	}
	return t.tables["glyf"][t.loca[g]:t.loca[g+1]]
}

// components appends the glyphs a composite glyph is built from.
func (t *program) components(g int, out []int) []int {
	b := t.glyph(g)
	if len(b) < 10 || int16(binary.BigEndian.Uint16(b)) >= 0 {
		return out
	}
	const (
		argsAreWords  = 0x0001
		haveScale     = 0x0008
		moreComps     = 0x0020
		haveXYScale   = 0x0040
		haveTwoByTwo  = 0x0080
		componentHead = 4
	)
	// Each component is at least 6 bytes, so the loop ends within len(b)/6
	// iterations even for a malformed glyph.
	for p := 10; p+componentHead <= len(b); {
		flags := binary.BigEndian.Uint16(b[p:])
		out = append(out, int(binary.BigEndian.Uint16(b[p+2:])))
		p += componentHead + 2
		if flags&argsAreWords != 0 {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if flags&moreComps == 0 {
			break
		}
	}
	return out
}

// subset returns a font program holding the glyphs in used (a bitmap by
// glyph id), the components of composite glyphs among them, and glyph 0,
// with a cmap of chars (sorted by character).
func (t *program) subset(used []bool, chars []Char) []byte {
	keep := make([]bool, t.numGlyphs)
	var queue []int
	add := func(g int) {
		if g >= 0 && g < t.numGlyphs && !keep[g] {
			keep[g] = true
			queue = append(queue, g)
		}
	}
	add(0)
	for g, u := range used {
		if u {
			add(g)
		}
	}
	// Every glyph enters the queue at most once, so this ends.
	var comps []int
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		comps = t.components(g, comps[:0])
		for _, c := range comps {
			add(c)
		}
	}

	n, glyf, loca := t.glyphs(keep)
	head := slices.Clone(t.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1) // indexToLocFormat: long offsets
	maxp := slices.Clone(t.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(n))
	hhea := slices.Clone(t.tables["hhea"])
	metrics := min(int(binary.BigEndian.Uint16(hhea[34:])), n)
	binary.BigEndian.PutUint16(hhea[34:], uint16(metrics))
	hmtx := t.tables["hmtx"]
	hmtx = hmtx[:min(len(hmtx), 4*metrics+2*(n-metrics))] // long metrics, then left side bearings
	tables := map[string][]byte{"glyf": glyf, "loca": loca, "head": head, "maxp": maxp, "hhea": hhea, "hmtx": hmtx, "cmap": cmapTable(chars)}
	if post := t.tables["post"]; len(post) >= 32 {
		p := slices.Clone(post[:32])
		binary.BigEndian.PutUint32(p, 0x00030000)
		tables["post"] = p
	}
	var tags []string
	for _, tag := range keptTables {
		if tables[tag] == nil && t.tables[tag] != nil {
			tables[tag] = t.tables[tag]
		}
		if tables[tag] != nil {
			tags = append(tags, tag)
		}
	}
	return assembleTTF(tags, tables)
}

// glyphs returns the number of glyphs of a subset keeping the glyphs in
// keep, and its glyf and loca tables (long offsets). The font ends at the
// last glyph kept: the ids above it are not used, so loca and hmtx stop
// there too.
func (t *program) glyphs(keep []bool) (n int, glyf, loca []byte) {
	n = 1
	for g := t.numGlyphs - 1; g > 0; g-- {
		if keep[g] {
			n = g + 1
			break
		}
	}
	size := 0
	for g := range n {
		if keep[g] {
			size += (int(t.loca[g+1]-t.loca[g]) + 3) &^ 3
		}
	}
	glyf = make([]byte, 0, size)
	loca = make([]byte, 4*(n+1))
	for g := range n {
		binary.BigEndian.PutUint32(loca[4*g:], uint32(len(glyf)))
		if keep[g] {
			glyf = append(glyf, t.glyph(g)...)
			for len(glyf)%4 != 0 {
				glyf = append(glyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(loca[4*n:], uint32(len(glyf)))
	return n, glyf, loca
}

// cmapTable returns a cmap with one subtable, Windows Unicode BMP (3, 1)
// in format 4, mapping chars: one segment per run of characters whose
// glyph ids are consecutive, and the closing segment at U+FFFF.
func cmapTable(chars []Char) []byte {
	type segment struct{ start, end, delta uint16 }
	var segs []segment
	for _, c := range chars {
		r := uint16(c.Rune)
		if c.Rune < 0 || c.Rune >= 0xFFFF {
			continue
		}
		if n := len(segs); n > 0 && segs[n-1].end+1 == r && c.Glyph-r == segs[n-1].delta {
			segs[n-1].end = r
			continue
		}
		segs = append(segs, segment{r, r, c.Glyph - r})
	}
	segs = append(segs, segment{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	entrySelector := log2(n)
	searchRange := 2 << entrySelector
	length := 16 + 8*n
	b := make([]byte, 12, 12+length)
	binary.BigEndian.PutUint16(b[2:], 1)  // one subtable
	binary.BigEndian.PutUint16(b[4:], 3)  // Windows
	binary.BigEndian.PutUint16(b[6:], 1)  // Unicode BMP
	binary.BigEndian.PutUint32(b[8:], 12) // its offset
	u16 := func(v int) { b = binary.BigEndian.AppendUint16(b, uint16(v)) }
	u16(4)
	u16(length)
	u16(0) // language
	u16(2 * n)
	u16(searchRange)
	u16(entrySelector)
	u16(2*n - searchRange)
	for _, s := range segs {
		u16(int(s.end))
	}
	u16(0) // reserved pad
	for _, s := range segs {
		u16(int(s.start))
	}
	for _, s := range segs {
		u16(int(s.delta))
	}
	for range segs {
		u16(0) // idRangeOffset: glyph = character + delta
	}
	return b
}

// log2 is the largest e with 2^e <= n (n > 0): the entrySelector of an
// sfnt table directory and of a cmap's format 4 segments.
func log2(n int) int { return bits.Len(uint(n)) - 1 }

// assembleTTF writes an sfnt file of the tables, in tag order, each padded
// to four bytes, with the whole-font checksum in head.
func assembleTTF(tags []string, tables map[string][]byte) []byte {
	n := len(tags)
	entrySelector := log2(n)
	searchRange := 16 << entrySelector
	size := 12 + 16*n
	for _, tag := range tags {
		size += (len(tables[tag]) + 3) &^ 3
	}
	out := make([]byte, 12+16*n, size)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(out[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-searchRange))
	headAt := 0
	for i, tag := range tags {
		data := tables[tag]
		rec := out[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(data))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(data)))
		if tag == "head" {
			headAt = len(out)
		}
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the sfnt table checksum: the sum of big-endian uint32 words,
// the last one padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	var last [4]byte
	copy(last[:], b)
	return sum + binary.BigEndian.Uint32(last[:])
}
