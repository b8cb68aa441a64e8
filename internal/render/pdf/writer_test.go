package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestSubsetProgram checks each face's subset against the full font: the
// same number of glyphs, the same outline for every glyph kept (composite
// glyphs with their components), and no outline for the others.
func TestSubsetProgram(t *testing.T) {
	fonts, err := parseFonts(Serif)
	if err != nil {
		t.Fatal(err)
	}
	keep := "Aé€’ﬁ"
	for face := range numFaces {
		t.Run(face.String(), func(t *testing.T) {
			if err := fonts.load(face); err != nil {
				t.Fatal(err)
			}
			prog := fonts.tables[face]
			used := make([]bool, prog.numGlyphs)
			var chars []mapping
			for _, r := range keep {
				if fonts.has(face, r) {
					used[fonts.glyphs[face][r]] = true
					chars = append(chars, mapping{uint16(r), fonts.glyphs[face][r]})
				}
			}
			slices.SortFunc(chars, func(a, b mapping) int { return int(a.r) - int(b.r) })
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
				if !fonts.has(face, r) {
					continue
				}
				g := sfnt.GlyphIndex(fonts.glyphs[face][r])
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
	fonts, err := parseFonts(Serif)
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
		if _, err := parseTTF(tc.data); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// render typesets src with fonts, as the renderer does.
func render(t testing.TB, fonts *Fonts, src string, info Info) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := NewRenderer(WithFonts(fonts), WithInfo(info)).Convert([]byte(src), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSubsetCacheKeepsBytes renders documents with many character sets
// at once on fonts shared by every goroutine, more sets than the cache
// keeps, and checks every file against the same document rendered alone
// on fonts of its own: what the cache holds never changes the bytes.
func TestSubsetCacheKeepsBytes(t *testing.T) {
	shared, err := parseFonts(Serif)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Ærø Shipping ApS", "Łódź Logistics sp. z o.o.", "Şişli Yazılım A.Ş.", "Đà Nẵng Data", "Ōsaka Trading"}
	for i := range maxCachedSubsets + 10 {
		names = append(names, fmt.Sprintf("Customer %c%c", 'À'+rune(i%30), 'ĉ'+rune(i)))
	}
	doc := func(name string) string {
		return "# Agreement\n\nBetween **" + name + "** and the Processor.\n\n## 1. Scope\n\nThe Processor deletes the data within 30 days.\n"
	}
	got := make([][]byte, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = render(t, shared, doc(name), Info{Title: "Agreement", Subject: name})
		}()
	}
	wg.Wait()
	for i, name := range names {
		alone, err := parseFonts(Serif)
		if err != nil {
			t.Fatal(err)
		}
		if want := render(t, alone, doc(name), Info{Title: "Agreement", Subject: name}); !bytes.Equal(got[i], want) {
			t.Errorf("%s: rendered among others, the bytes differ from alone", name)
		}
		// and again, after the cache has evicted the first sets
		if again := render(t, shared, doc(name), Info{Title: "Agreement", Subject: name}); !bytes.Equal(again, got[i]) {
			t.Errorf("%s: rendered again, the bytes differ", name)
		}
	}
	for face := range numFaces {
		if n := len(shared.cache.faces[face]); n > maxCachedSubsets {
			t.Errorf("%s: %d subsets cached, at most %d", Face(face), n, maxCachedSubsets)
		}
	}
}

// TestPageCountAlias checks that the footer's page count is filled in,
// and that "{nb}", which fpdf replaced wherever it stood, stays as written
// in a document's text.
func TestPageCountAlias(t *testing.T) {
	fonts, err := LoadFonts()
	if err != nil {
		t.Fatal(err)
	}
	src := "# T\n\nThere are {nb} pages.\n\n<!-- pagebreak -->\n\nSecond page.\n"
	text := contentText(t, render(t, fonts, src, Info{}))
	for _, want := range []string{"There are {nb} pages.", "Page 1 of 2", "Page 2 of 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in the pages' text:\n%s", want, text)
		}
	}
}

// contentText decodes the strings shown in each page's content.
func contentText(t *testing.T, data []byte) string {
	t.Helper()
	var b strings.Builder
	streams := regexp.MustCompile(`(?s)/Filter /FlateDecode /Length (\d+) >>\nstream\n`)
	for _, m := range streams.FindAllSubmatchIndex(data, -1) {
		n, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		raw, err := inflate(data[m[1] : m[1]+n])
		if err != nil || !bytes.Contains(raw, []byte(" Tj ET")) {
			continue
		}
		for _, s := range regexp.MustCompile(`(?s)\((.*?[^\\])\) Tj`).FindAllSubmatch(raw, -1) {
			u := bytes.NewBuffer(nil)
			lit := s[1]
			for i := 0; i < len(lit); i++ {
				if lit[i] == '\\' && i+1 < len(lit) {
					i++
					if lit[i] == 'r' {
						u.WriteByte('\r')
						continue
					}
				}
				u.WriteByte(lit[i])
			}
			units := u.Bytes()
			for i := 0; i+1 < len(units); i += 2 {
				b.WriteRune(rune(units[i])<<8 | rune(units[i+1]))
			}
			b.WriteByte(' ')
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestOutlineTree checks the outline's links for levels that rise and
// fall, and a level that jumps two deeper.
func TestOutlineTree(t *testing.T) {
	d := newWriter(nil, A4, Info{}, false)
	d.AddPage()
	for i, level := range []int{0, 1, 1, 0, 2, 1, 0} {
		d.Bookmark(strconv.Itoa(i), level, 0)
	}
	var got []string
	for _, it := range d.outlineTree() {
		got = append(got, fmt.Sprintf("%s: parent %d prev %d next %d first %d last %d children %d", it.title, it.parent, it.prev, it.next, it.first, it.last, it.children))
	}
	want := []string{
		"0: parent -1 prev -1 next 3 first 1 last 2 children 2",
		"1: parent 0 prev -1 next 2 first -1 last -1 children 0",
		"2: parent 0 prev 1 next -1 first -1 last -1 children 0",
		"3: parent -1 prev 0 next 6 first 4 last 5 children 2",
		"4: parent 3 prev -1 next 5 first -1 last -1 children 0", // level 2 under a level 0: one deeper
		"5: parent 3 prev 4 next -1 first -1 last -1 children 0",
		"6: parent -1 prev 3 next -1 first -1 last -1 children 0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outline\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestAppendNum(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{0, "0"}, {1, "1"}, {0.5, "0.5"}, {841.889, "841.89"}, {-12.345, "-12.35"}, {70.9, "70.9"}, {100.004, "100"}, {-0.001, "0"}} {
		if got := string(appendNum(nil, tc.v)); got != tc.want {
			t.Errorf("appendNum(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func inflate(b []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// BenchmarkParseFonts is what a process pays once for all the faces.
func BenchmarkParseFonts(b *testing.B) {
	for b.Loop() {
		fs, err := parseFonts(Serif)
		if err != nil {
			b.Fatal(err)
		}
		for face := range numFaces {
			if err := fs.load(face); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestCharactersMatchSfnt checks the cmap and hmtx read by parseFonts
// against golang.org/x/image/font/sfnt for every character of the Basic
// Multilingual Plane: the same glyph, the same rounded width.
func TestCharactersMatchSfnt(t *testing.T) {
	fonts, err := parseFonts(Serif)
	if err != nil {
		t.Fatal(err)
	}
	var b sfnt.Buffer
	for face := range numFaces {
		if err := fonts.load(face); err != nil {
			t.Fatal(err)
		}
		f, err := sfnt.Parse(fonts.ttf[face])
		if err != nil {
			t.Fatal(err)
		}
		upem := float64(f.UnitsPerEm())
		bad := 0
		for r := rune(0x20); r < 0x10000 && bad < 5; r++ {
			if r >= 0xD800 && r < 0xE000 {
				continue
			}
			var wantG, wantW uint16
			if gi, err := f.GlyphIndex(&b, r); err == nil && gi != 0 {
				adv, err := f.GlyphAdvance(&b, gi, fixed.Int26_6(f.UnitsPerEm()), 0)
				if err != nil {
					t.Fatal(err)
				}
				wantG, wantW = uint16(gi), uint16(max(1, math.Round(float64(adv)*1000/upem)))
			}
			if fonts.glyphs[face][r] != wantG || fonts.widths[face][r] != wantW {
				t.Errorf("%s %U: glyph %d width %d, sfnt says %d and %d", Face(face), r, fonts.glyphs[face][r], fonts.widths[face][r], wantG, wantW)
				bad++
			}
		}
	}
}
