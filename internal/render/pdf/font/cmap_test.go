package font

import (
	"math"
	"slices"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestGlyphsFromCmapRanges checks every embedded face's glyphs and widths,
// read from the ranges its cmap maps, against asking sfnt about every
// character of the Basic Multilingual Plane.
func TestGlyphsFromCmapRanges(t *testing.T) {
	for family := range NumFamilies {
		fonts, err := Parse(family)
		if err != nil {
			t.Fatal(err)
		}
		for face := range NumFaces {
			t.Run(fonts.Name(face), func(t *testing.T) {
				if err := fonts.Load(face); err != nil {
					t.Fatal(err)
				}
				p := fonts.faces[face]
				if _, ok := cmapRanges(p.prog.tables["cmap"]); !ok {
					t.Fatal("the cmap's ranges were not read: every character is asked about")
				}
				f, err := sfnt.Parse(fonts.ttf[face])
				if err != nil {
					t.Fatal(err)
				}
				var buf sfnt.Buffer
				upem := fixed.Int26_6(f.UnitsPerEm())
				mapped := 0
				for r := rune(0); r < 0x10000; r++ {
					var glyph, width uint16
					if g, err := f.GlyphIndex(&buf, r); err == nil && g != 0 && int(g) < p.prog.numGlyphs && r >= 0x20 && r < 0xFFFF && (r < 0xD800 || r >= 0xE000) {
						adv, err := f.GlyphAdvance(&buf, g, upem, 0)
						if err != nil {
							t.Fatal(err)
						}
						glyph, width = uint16(g), uint16(min(math.MaxUint16, max(1, math.Round(float64(adv)*1000/float64(upem)))))
						mapped++
					}
					if p.glyphs[r] != glyph || p.widths[r] != width {
						t.Fatalf("%U: glyph %d width %d, sfnt says glyph %d width %d", r, p.glyphs[r], p.widths[r], glyph, width)
					}
				}
				if mapped < 1000 {
					t.Errorf("%d characters mapped, want the face's thousands", mapped)
				}
			})
		}
	}
}

// TestCmapRanges reads the ranges of hand-made cmaps: those it cannot
// trust (unsorted, overlapping, cut short, of a format without ranges)
// are refused, so that parse asks about every character.
func TestCmapRanges(t *testing.T) {
	u16 := func(v ...int) []byte {
		var b []byte
		for _, x := range v {
			b = append(b, byte(x>>8), byte(x))
		}
		return b
	}
	// cmap with one subtable (3, 1) at offset 12.
	table := func(sub []byte) []byte { return append(u16(0, 1, 3, 1, 0, 12), sub...) }
	format4 := func(segs ...[2]int) []byte {
		n := len(segs)
		b := u16(4, 0, 0, 2*n, 0, 0, 0)
		for _, s := range segs {
			b = append(b, u16(s[1])...)
		}
		b = append(b, u16(0)...)
		for _, s := range segs {
			b = append(b, u16(s[0])...)
		}
		b = append(b, make([]byte, 4*n)...) // deltas and range offsets
		return b
	}
	format12 := func(groups ...[2]int) []byte {
		b := u16(12, 0, 0, 16+12*len(groups), 0, 0, 0, len(groups))
		for _, g := range groups {
			b = append(b, u16(g[0]>>16, g[0], g[1]>>16, g[1], 0, 1)...)
		}
		return b
	}
	for _, tc := range []struct {
		name string
		cmap []byte
		want []cmapRange // nil: refused
	}{
		{"format 4", table(format4([2]int{0x20, 0x7e}, [2]int{0xa0, 0xff}, [2]int{0xffff, 0xffff})), []cmapRange{{0x20, 0x7e}, {0xa0, 0xff}, {0xffff, 0xffff}}},
		{"format 12", table(format12([2]int{0x41, 0x5a}, [2]int{0x1f600, 0x1f64f})), []cmapRange{{0x41, 0x5a}, {0x1f600, 0x1f64f}}},
		{"unsorted", table(format4([2]int{0xa0, 0xff}, [2]int{0x20, 0x7e})), nil},
		{"overlapping", table(format12([2]int{0x20, 0x80}, [2]int{0x7e, 0xff})), nil},
		{"reversed", table(format4([2]int{0x7e, 0x20})), nil},
		{"beyond Unicode", table(format12([2]int{0x20, 0x110000})), nil},
		{"cut short", table(format12([2]int{0x20, 0x7e}))[:30], nil},
		{"odd segment count", table(append(u16(4, 0, 0, 3), make([]byte, 20)...)), nil},
		{"format 6", table(u16(6, 0, 0, 0x20, 1, 5)), nil},
		{"no subtable", u16(0, 0), nil},
		{"subtable outside", u16(0, 1, 3, 1, 0, 200), nil},
		{"empty", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := cmapRanges(tc.cmap)
			if ok != (tc.want != nil) {
				t.Fatalf("read %v (%v), want %v", got, ok, tc.want)
			}
			if ok && !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
