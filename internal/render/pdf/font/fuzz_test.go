package font

import (
	"encoding/binary"
	"slices"
	"testing"

	"github.com/go-fonts/dejavu/dejavusansmono"
	"golang.org/x/image/font/sfnt"
)

// FuzzSubset damages DejaVu Sans Mono with the fuzzer's bytes written at
// the fuzzer's offset, parses it as the fonts are parsed, and cuts a
// subset of the fuzzer's characters: the parse may fail, with an error,
// but a face that parses gives a subset that sfnt parses in turn, whose
// glyph count covers every character kept, and nothing panics.
func FuzzSubset(f *testing.F) {
	base := dejavusansmono.TTF
	f.Add(uint32(0), []byte{}, "Aé€’ﬁ")
	f.Add(uint32(4), []byte{0xff, 0xff}, "abc") // the table count
	// The start of each table the subset reads, overwritten.
	n := int(binary.BigEndian.Uint16(base[4:]))
	for i := range n {
		rec := base[12+16*i:]
		off := binary.BigEndian.Uint32(rec[8:])
		f.Add(off, []byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}, "Hello, world: € ½ ÿ")
		f.Add(uint32(12+16*i+8), []byte{0x7f, 0xff, 0xff, 0xff}, "x") // the table's offset
		f.Add(uint32(12+16*i+12), []byte{0, 0, 0, 1}, "x")            // the table's length
	}
	f.Fuzz(func(t *testing.T, at uint32, patch []byte, chars string) {
		data := slices.Clone(base)
		copy(data[int(at%uint32(len(data))):], patch)
		p, err := parse(data)
		if err != nil {
			return
		}
		var used RuneSet
		for _, r := range chars {
			used.Add(r)
		}
		s := p.subset(used.key())
		got, err := sfnt.Parse(s.Program)
		if err != nil {
			t.Fatalf("the subset of a font that parsed does not parse: %v", err)
		}
		for _, c := range s.Chars {
			if int(c.Glyph) >= got.NumGlyphs() {
				t.Fatalf("%q: glyph %d, the subset has %d", c.Rune, c.Glyph, got.NumGlyphs())
			}
		}
	})
}
