package font

import (
	"fmt"
	"slices"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestSubsetProgram checks each face's subset against the full font: the
// same number of glyphs, the same outline for every glyph kept (composite
// glyphs with their components), and no outline for the others.
func TestSubsetProgram(t *testing.T) {
	fonts, err := Parse(Serif)
	if err != nil {
		t.Fatal(err)
	}
	keep := "Aé€’ﬁ"
	for face := range NumFaces {
		t.Run(face.String(), func(t *testing.T) {
			if err := fonts.Load(face); err != nil {
				t.Fatal(err)
			}
			prog := fonts.faces[face].prog
			used := make([]bool, prog.numGlyphs)
			var chars []Char
			for _, r := range keep {
				if fonts.Has(face, r) {
					used[fonts.faces[face].glyphs[r]] = true
					chars = append(chars, Char{Rune: r, Glyph: fonts.faces[face].glyphs[r]})
				}
			}
			slices.SortFunc(chars, func(a, b Char) int { return int(a.Rune) - int(b.Rune) })
			sub := prog.subset(used, chars)
			full, err := sfnt.Parse(fonts.ttf[face])
			if err != nil {
				t.Fatal(err)
			}
			got, err := sfnt.Parse(sub)
			if err != nil {
				t.Fatalf("the subset does not parse: %v", err)
			}
			last := 0
			for g, u := range used {
				if u {
					last = g
				}
			}
			if got.NumGlyphs() <= last || got.NumGlyphs() > full.NumGlyphs() {
				t.Errorf("%d glyphs, want from %d to %d", got.NumGlyphs(), last+1, full.NumGlyphs())
			}
			if len(sub) > len(fonts.ttf[face])/4 {
				t.Errorf("the subset is %d bytes of the font's %d", len(sub), len(fonts.ttf[face]))
			}
			if checksum(sub) != 0xB1B0AFBA {
				t.Errorf("whole-font checksum %#x", checksum(sub))
			}
			var b sfnt.Buffer
			outline := func(f *sfnt.Font, g sfnt.GlyphIndex) string {
				segs, err := f.LoadGlyph(&b, g, fixed.I(1000), nil)
				if err != nil {
					return "error: " + err.Error()
				}
				return fmt.Sprint(segs)
			}
			for _, r := range keep + "Z" + "{" {
				if !fonts.Has(face, r) {
					continue
				}
				g := sfnt.GlyphIndex(fonts.faces[face].glyphs[r])
				want := outline(full, g)
				if r == 'Z' || r == '{' {
					want = "[]" // not kept
				}
				if int(g) >= got.NumGlyphs() {
					continue // beyond the last glyph kept
				}
				if have := outline(got, g); have != want {
					t.Errorf("%q: outline %.80s, want %.80s", r, have, want)
				}
				if r == 'Z' || r == '{' {
					continue
				}
				if gi, err := got.GlyphIndex(&b, r); err != nil || gi != g {
					t.Errorf("%q: the subset's cmap gives glyph %d, %v; want %d", r, gi, err, g)
				}
			}
		})
	}
}

// TestParseTTFRefusesDamage checks that a damaged font is an error, not a
// panic or an out-of-range read.
func TestParseTTFRefusesDamage(t *testing.T) {
	fonts, err := Parse(Serif)
	if err != nil {
		t.Fatal(err)
	}
	good := fonts.ttf[Bold]
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"an OpenType CFF font", append([]byte("OTTO"), good[4:]...)},
		{"cut after the directory", good[:400]},
		{"table count past the end", append(append([]byte{}, good[:4]...), 0xff, 0xff)},
	} {
		if _, err := parseProgram(tc.data); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// BenchmarkParseFonts is what a process pays once for all the faces.
func BenchmarkParseFonts(b *testing.B) {
	for b.Loop() {
		fs, err := Parse(Serif)
		if err != nil {
			b.Fatal(err)
		}
		for face := range NumFaces {
			if err := fs.Load(face); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestSubsetCacheBounded makes more subsets of a face than the cache
// keeps: it holds at most maxCachedSubsets, and a subset made again after
// its eviction has the same name and bytes.
func TestSubsetCacheBounded(t *testing.T) {
	fonts, err := Parse(Serif)
	if err != nil {
		t.Fatal(err)
	}
	subset := func(r rune) *Subset {
		var used RuneSet
		used.Add(r)
		s, err := fonts.Subset(Bold, &used)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	first := subset('À')
	for i := range maxCachedSubsets + 10 {
		subset('ĉ' + rune(i))
	}
	if n := fonts.cached(Bold); n > maxCachedSubsets {
		t.Errorf("%d subsets cached, at most %d", n, maxCachedSubsets)
	}
	again := subset('À')
	if again == first {
		t.Error("the first subset was never evicted")
	}
	if again.Name != first.Name || !slices.Equal(again.Program, first.Program) {
		t.Errorf("made again, the subset differs: %s and %s", again.Name, first.Name)
	}
}

// TestNames checks that a face is named by its family: the error that
// says a character cannot be drawn names the font that lacks it.
func TestNames(t *testing.T) {
	for _, tc := range []struct {
		family Family
		face   Face
		want   string
	}{
		{Serif, Regular, "DejaVu Serif"},
		{Serif, BoldItalic, "DejaVu Serif Bold Italic"},
		{Sans, Regular, "DejaVu Sans"},
		{Sans, BoldItalic, "DejaVu Sans Bold Oblique"},
		{Sans, Mono, "DejaVu Sans Mono"},
	} {
		fonts, err := LoadFamily(tc.family)
		if err != nil {
			t.Fatal(err)
		}
		if got := fonts.Name(tc.face); got != tc.want {
			t.Errorf("%v %v: %q, want %q", tc.family, tc.face, got, tc.want)
		}
	}
	if got := BoldItalic.String(); got != "Bold Italic" {
		t.Errorf("BoldItalic.String() = %q", got)
	}
}
