package font

import "encoding/binary"

// A face maps a few thousand of the Basic Multilingual Plane's 65,536
// characters to glyphs. Rather than asking sfnt for the glyph of every
// character, parse reads the ranges of characters that the cmap subtable
// sfnt chose maps (its segments, format 4, or groups, format 12) and asks
// sfnt only about the characters in them, so the glyphs stay sfnt's own.
//
// The ranges are used only when they are sorted and apart, so that sfnt's
// binary search over them finds a character exactly when it lies in one;
// otherwise, and for the other formats, every character is asked about.

// cmapRange is a range of characters, first to last inclusive.
type cmapRange struct{ first, last rune }

// maxCmapRanges bounds the ranges read, as sfnt bounds the segments and
// groups it accepts.
const maxCmapRanges = 20000

// cmapRanges returns the ranges of characters the subtable sfnt reads maps,
// and false when they cannot be read or are not sorted and apart.
func cmapRanges(cmap []byte) ([]cmapRange, bool) {
	sub, format, ok := bestCmapSubtable(cmap)
	if !ok {
		return nil, false
	}
	var ranges []cmapRange
	switch format {
	case 4:
		// Header: format, length, language, segCountX2, searchRange,
		// entrySelector, rangeShift; then the segments' end codes.
		if len(sub) < 14 {
			return nil, false
		}
		segX2 := int(binary.BigEndian.Uint16(sub[6:]))
		n := segX2 / 2
		if segX2%2 != 0 || n > maxCmapRanges || len(sub) < 14+4*n+2 {
			return nil, false
		}
		ends, starts := sub[14:], sub[14+2*n+2:]
		ranges = make([]cmapRange, n)
		for i := range n {
			ranges[i] = cmapRange{rune(binary.BigEndian.Uint16(starts[2*i:])), rune(binary.BigEndian.Uint16(ends[2*i:]))}
		}
	case 12:
		// Header: format, reserved, length, language, numGroups; then
		// the groups, each start, end and start glyph.
		if len(sub) < 16 {
			return nil, false
		}
		n := binary.BigEndian.Uint32(sub[12:])
		if n > maxCmapRanges || uint64(len(sub)) < 16+12*uint64(n) {
			return nil, false
		}
		ranges = make([]cmapRange, n)
		for i := range int(n) {
			g := sub[16+12*i:]
			first, last := binary.BigEndian.Uint32(g), binary.BigEndian.Uint32(g[4:])
			if first > 0x10FFFF || last > 0x10FFFF {
				return nil, false
			}
			ranges[i] = cmapRange{rune(first), rune(last)}
		}
	default:
		return nil, false
	}
	for i, r := range ranges {
		if r.first > r.last || i > 0 && ranges[i-1].last >= r.first {
			return nil, false
		}
	}
	return ranges, true
}

// bestCmapSubtable returns the subtable of cmap that sfnt reads, as it
// chooses it: the widest encoding of a format it reads, the first of
// equal width. The subtable runs to the end of the table; its own length
// field is not trusted.
func bestCmapSubtable(cmap []byte) (sub []byte, format uint16, ok bool) {
	if len(cmap) < 4 {
		return nil, 0, false
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	if len(cmap) < 4+8*n {
		return nil, 0, false
	}
	best := 0
	for i := range n {
		rec := cmap[4+8*i:]
		pid, psid := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		width := encodingWidth(pid, psid)
		if width <= best {
			continue
		}
		off := uint64(binary.BigEndian.Uint32(rec[4:]))
		if off+4 > uint64(len(cmap)) {
			return nil, 0, false
		}
		f := binary.BigEndian.Uint16(cmap[off:])
		switch {
		case f == 4 || f == 6 || f == 12:
		case f == 0 && pid == 1 && psid == 0:
		default:
			continue
		}
		best, sub, format = width, cmap[off:], f
	}
	return sub, format, best > 0
}

// encodingWidth is the bytes per character of a cmap encoding, by platform
// and encoding id, 0 for one sfnt does not read.
func encodingWidth(pid, psid uint16) int {
	switch {
	case pid == 0 && psid == 3, pid == 3 && (psid == 0 || psid == 1):
		return 2
	case pid == 0 && psid == 4, pid == 3 && psid == 10:
		return 4
	case pid == 1 && psid == 0:
		return 1
	}
	return 0
}
