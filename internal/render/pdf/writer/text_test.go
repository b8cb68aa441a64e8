package writer

import (
	"bytes"
	"compress/zlib"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/clausemark/clausemark/internal/render/pdf/font"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// shown is a string a content stream shows and where its first glyph
// stands, in points, as a viewer computes it from the operators.
type shown struct {
	x, y float64
	s    string
}

// replay reads the text operators of content (BT, Tf, Td, TJ arrays and
// the numbers in them) as a viewer does, advancing by the W array's
// widths, and returns each string shown with its place. It fails on a
// string outside a text object's TJ array, another operator inside a
// text object, and content that ends inside one. A string shown before
// any Tf is taken as no wider than nothing: a page's later part relies
// on the face its earlier part set.
func replay(t *testing.T, fonts *font.Fonts, content []byte) []shown {
	t.Helper()
	var out []shown
	var nums []float64
	var lineX, lineY, x, size float64
	face, inArray, inText := font.Face(-1), false, false
	for i := 0; i < len(content); {
		switch c := content[i]; {
		case c == '(':
			var u []uint16
			j := i + 1
			var raw []byte
			for ; j < len(content) && content[j] != ')'; j++ {
				if content[j] == '\\' {
					j++
					if content[j] == 'r' {
						raw = append(raw, '\r')
						continue
					}
				}
				raw = append(raw, content[j])
			}
			for k := 0; k+1 < len(raw); k += 2 {
				u = append(u, uint16(raw[k])<<8|uint16(raw[k+1]))
			}
			s := string(utf16.Decode(u))
			if !inArray || !inText {
				t.Fatalf("a string outside a TJ array in a text object at %d: %q", i, content)
			}
			out = append(out, shown{x, lineY, s})
			if face >= 0 {
				x += float64(fonts.Width(face, s)) * size / 1000
			}
			i = j + 1
		case c == '[':
			inArray = true
			i++
		case c == ']':
			inArray = false
			i++
		case c == ' ' || c == '\n':
			i++
		default:
			j := i
			for j < len(content) && !strings.ContainsRune(" \n([]", rune(content[j])) {
				j++
			}
			tok := string(content[i:j])
			i = j
			if v, err := strconv.ParseFloat(tok, 64); err == nil {
				if inArray {
					x -= v / 1000 * size
				} else {
					nums = append(nums, v)
				}
				continue
			}
			switch tok {
			case "BT":
				lineX, lineY, x, inText = 0, 0, 0, true
			case "ET":
				inText = false
			case "Td":
				lineX += nums[0]
				lineY += nums[1]
				x = lineX
			case "Tf":
				size = nums[0]
			default:
				if strings.HasPrefix(tok, "/F") {
					n, _ := strconv.Atoi(tok[2:])
					face = font.Face(n)
				} else if inText && tok != "TJ" {
					t.Fatalf("operator %q inside a text object: %q", tok, content)
				}
			}
			nums = nums[:0]
		}
	}
	if inText {
		t.Fatalf("the content ends in a text object: %q", content)
	}
	return out
}

// TestTextRuns checks that words drawn one after another share a text
// object and a TJ array, line after line, and that each starts exactly
// where a text object of its own would have put it: for words set as they
// come, stretched apart, moved back, on new lines, in another face or
// size.
func TestTextRuns(t *testing.T) {
	fonts, err := font.LoadFonts()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"The ", "processor ", "shall ", "(notify) ", "the ", "customer\\ ", "without ", "undue ", "delay."}
	type call struct {
		x, y float64
		face font.Face
		size float64
		s    string
	}
	var calls []call
	d := newWriter(pdfdoc.Setup{Page: pdfdoc.A4, Fonts: fonts})
	d.AddPage()
	y := 30.0
	for line := range 40 {
		x := 20.0
		face, size := font.Face(line%3), []float64{10, 10.5, 8}[line%2]
		for i, w := range words {
			if line%5 == 4 && i == 4 {
				face = (face + 1) % font.Face(font.NumFaces) // another face mid-line
			}
			d.SetFont(face, size)
			d.Text(x, y, w)
			calls = append(calls, call{x, y, face, size, w})
			width := float64(fonts.Width(face, w)) * size / 1000 / ptPerMM
			switch line % 4 {
			case 0: // set as they come
				x += width
			case 1: // justified: stretched by up to a millimetre
				x += width + rng.Float64()
			case 2: // moved back, as a column drawn again
				x += width - rng.Float64()*3
			case 3: // far apart, as table cells
				x += width + 10*rng.Float64() + 5
			}
		}
		y += 5
	}
	d.closeMark(d.cur)
	content := d.cur.content
	var drawn []drawnText
	for _, c := range calls {
		drawn = append(drawn, drawnText{round2(c.x * ptPerMM), round2(d.h - c.y*ptPerMM), c.face, c.size, c.s})
	}
	checkShown(t, fonts, drawn, replay(t, fonts, content))
	if n := strings.Count(string(content), "BT"); n != 1 {
		t.Errorf("%d text objects for lines of words only, want 1", n)
	}
	if n := strings.Count(string(content), "TJ"); n != 40+8 {
		t.Errorf("%d TJ arrays, want one per line and one more per face changed", n)
	}
}

// drawnText is a Text call: where, in points, as written, in what, what.
type drawnText struct {
	x, y float64
	face font.Face
	size float64
	s    string
}

// checkShown checks that the strings got, as replay read them, show the
// texts drawn, in order, each where it was drawn: a string may hold
// several drawn one after the other.
func checkShown(t *testing.T, fonts *font.Fonts, drawn []drawnText, got []shown) {
	t.Helper()
	at := 0
	for i, c := range drawn {
		if c.s == "" {
			// shown as a string of its own, or nothing in the last
			if at < len(got) && got[at].s == "" && math.Abs(got[at].x-c.x) <= 0.001 {
				at++
			}
			continue
		}
		if at >= len(got) {
			t.Fatalf("text %d (%q) shown nowhere", i, c.s)
		}
		g := got[at]
		if !strings.HasPrefix(g.s, c.s) {
			t.Fatalf("text %d: %q shown where %q is", i, c.s, g.s)
		}
		if math.Abs(g.x-c.x) > 0.001 || math.Abs(g.y-c.y) > 1e-9 {
			t.Errorf("text %d (%q): shown at (%.5f, %.5f), want (%.2f, %.2f)", i, c.s, g.x, g.y, c.x, c.y)
		}
		if rest := g.s[len(c.s):]; rest != "" {
			// the next text went on in the same string
			got[at] = shown{g.x + float64(fonts.Width(c.face, c.s))*c.size/1000, g.y, rest}
		} else {
			at++
		}
	}
	if at != len(got) {
		t.Errorf("%d strings shown, %d drawn", len(got), at)
	}
}

// TestTextEnds checks that what is not text ends the text object first,
// and that a string holding the page count stands alone, since its width
// is known only at the end.
func TestTextEnds(t *testing.T) {
	for _, tc := range []struct {
		name string
		draw func(d *Writer)
		want string
	}{
		{"a line", func(d *Writer) { d.Text(10, 10, "a"); d.Line(0, 0, 1, 1); d.Text(12, 10, "b") },
			"BT /F0 10 Tf 28.35 813.54 Td [(\x00a)] TJ ET\n0.57 w\n0 841.89 m 2.83 839.06 l S\nBT 34.02 813.54 Td [(\x00b)] TJ ET\n"},
		{"a colour", func(d *Writer) { d.Text(10, 10, "a"); d.SetTextColor(255, 0, 0); d.Text(12, 10, "b") },
			"BT /F0 10 Tf 28.35 813.54 Td [(\x00a)] TJ ET\n1 0 0 rg\nBT 34.02 813.54 Td [(\x00b)] TJ ET\n"},
		{"the page count", func(d *Writer) { d.Text(10, 10, "a"); d.Text(12, 10, "of "+totalPagesAlias); d.Text(20, 10, "b") },
			"BT /F0 10 Tf 28.35 813.54 Td [(\x00a)] TJ ET\nBT 34.02 813.54 Td [(\x00o\x00f\x00 \x001)] TJ ET\nBT 56.69 813.54 Td [(\x00b)] TJ ET\n"},
		{"a new page", func(d *Writer) { d.Text(10, 10, "a"); d.AddPage(); d.SetPage(1); d.Text(12, 10, "b") },
			"BT /F0 10 Tf 28.35 813.54 Td [(\x00a)] TJ ET\nBT 34.02 813.54 Td [(\x00b)] TJ ET\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fonts, err := font.LoadFonts()
			if err != nil {
				t.Fatal(err)
			}
			d := newWriter(pdfdoc.Setup{Page: pdfdoc.A4, Fonts: fonts})
			d.AddPage()
			d.SetFont(font.Regular, 10)
			tc.draw(d)
			d.closeMark(d.cur)
			// the page count where it goes, as Output writes it for one page
			s := d.pages[0].content
			if sp := d.pages[0].splices; len(sp) > 0 {
				s = append(append(append([]byte(nil), s[:sp[0]]...), 0, '1'), s[sp[0]:]...)
			}
			if string(s) != tc.want {
				t.Errorf("content\n%q\nwant\n%q", s, tc.want)
			}
		})
	}
}

// TestPageParts checks the parts a page's content is written in: they
// follow one another over the whole content; none ends inside a text
// object or a marked-content sequence; the page count's text is in a part
// of its own, compressed with the count written in, the others as they
// are; and a page drawn on again (a table of contents filled in at the
// end) gains a part. Tagged and untagged.
func TestPageParts(t *testing.T) {
	fonts, err := font.LoadFonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, tagged := range []bool{false, true} {
		t.Run(map[bool]string{false: "untagged", true: "tagged"}[tagged], func(t *testing.T) {
			d := newWriter(pdfdoc.Setup{Page: pdfdoc.A4, Fonts: fonts, Tagged: tagged})
			body := func(s string) {
				d.BeginTag(pdfdoc.Tag{Role: pdfdoc.P})
				d.SetFont(font.Regular, 10)
				d.Text(20, 30, s)
				d.Text(40, 30, "text")
				d.EndTag()
			}
			page := func(n int) {
				d.AddPage()
				body("before")
				d.BeginArtifact()
				d.SetFont(font.Regular, 8)
				d.Text(20, 280, "Page "+strconv.Itoa(n)+" of "+d.TotalPagesAlias())
				d.Text(150, 280, "Ref. 1")
				d.Line(20, 278, 190, 278)
				d.EndArtifact()
				body("after")
			}
			page(1)
			page(2)
			d.SetPage(1) // as the contents are filled in
			d.BeginTag(pdfdoc.Tag{Role: pdfdoc.P})
			d.Text(20, 40, "2")
			d.EndTag()
			d.SetPage(2)
			var out bytes.Buffer
			if err := d.Output(&out); err != nil {
				t.Fatal(err)
			}
			if _, err := validate(out.Bytes()); err != nil {
				t.Fatalf("pdfcpu: %v", err)
			}
			for i, p := range d.pages {
				at, counted := 0, 0
				for j, pt := range p.parts {
					if pt.start != at || pt.end < pt.start {
						t.Fatalf("page %d part %d is %d:%d, after %d", i+1, j, pt.start, pt.end, at)
					}
					at = pt.end
					raw := p.content[pt.start:pt.end]
					fields := strings.Fields(string(raw))
					open := 0
					for _, f := range fields {
						switch f {
						case "BT", "BDC", "BMC":
							open++
						case "ET", "EMC":
							open--
						}
						if open < 0 {
							t.Errorf("page %d part %d closes what it did not open: %q", i+1, j, raw)
						}
					}
					if open != 0 {
						t.Errorf("page %d part %d leaves %d open: %q", i+1, j, open, raw)
					}
					plain, err := inflate(pt.z)
					if err != nil {
						t.Fatal(err)
					}
					want := string(raw)
					if pt.count {
						if bytes.Contains(raw, utf16be("text")) {
							t.Errorf("page %d part %d shows the count and more: %q", i+1, j, raw)
						}
						counted++
						want = strings.Replace(want, "\x00o\x00f\x00 ", "\x00o\x00f\x00 \x002", 1)
					}
					if string(plain) != want {
						t.Errorf("page %d part %d is compressed as %q, want %q", i+1, j, plain, want)
					}
				}
				if at != len(p.content) {
					t.Errorf("page %d: the parts end at %d of %d", i+1, at, len(p.content))
				}
				if counted != 1 || len(p.splices) != 1 {
					t.Errorf("page %d: %d parts with the count, %d splices", i+1, counted, len(p.splices))
				}
				for j, pt := range p.parts {
					if pt.count != (len(p.splices) > 0 && p.splices[0] >= pt.start && p.splices[0] < pt.end) {
						t.Errorf("page %d part %d: count %v, splices at %v", i+1, j, pt.count, p.splices)
					}
				}
			}
			if a, b := len(d.pages[0].parts), len(d.pages[1].parts); a != b+1 {
				t.Errorf("page 1 in %d parts, page 2 in %d: drawn on again, page 1 should have one more", a, b)
			}
		})
	}
}

func inflate(z []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func utf16be(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}

// FuzzTextRuns draws what the fuzzer's bytes say (text in any face and
// size anywhere, with characters to escape, the page count and
// characters beyond the BMP; lines, colours, tags, artifacts, new pages
// and going back to one), and checks the file with pdfcpu's strict
// validation; that each page's parts cover its content, none ending
// inside a text object or a sequence; and, replaying each page's
// operators as a viewer does, that every text is shown where it was
// drawn.
func FuzzTextRuns(f *testing.F) {
	f.Add([]byte{0, 10, 20, 1, 0, 30, 20, 2, 7, 1, 5, 0, 40, 20, 3, 3, 0, 5, 5, 0, 4, 0, 0, 9, 9, 4})
	f.Add([]byte{6, 0, 0, 0, 1, 1, 8, 6, 1, 2, 3, 3, 3, 3, 4, 1, 5, 1, 0, 2, 2, 5, 2})
	f.Add([]byte{7, 2, 2, 0, 200, 200, 6, 0, 201, 200, 7, 0, 0, 202, 200, 5, 2, 9, 9, 9, 0, 0, 0, 0})
	f.Add([]byte{7, 0, 3, 0, 10, 10, 0, 0, 20, 10, 0, 0, 30, 10, 1}) // size 0: words along a line
	fonts, err := font.LoadFonts()
	if err != nil {
		f.Fatal(err)
	}
	texts := []string{"word ", "(paren) ", "back\\slash ", "cr\r ", "€ ", "\U0001D11E ", "Page 1 of " + totalPagesAlias, "", ")(", "text"}
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 400 {
			return
		}
		for _, tagged := range []bool{false, true} {
			d := newWriter(pdfdoc.Setup{Page: pdfdoc.A4, Fonts: fonts, Tagged: tagged})
			d.AddPage()
			drawn := map[int][]drawnText{}
			tags, artifacts := 0, 0
			next := func(i *int) byte {
				*i++
				if *i < len(ops) {
					return ops[*i]
				}
				return 0
			}
			for i := 0; i < len(ops); i++ {
				switch ops[i] % 8 {
				case 0:
					x, y := float64(next(&i)), float64(next(&i))
					s := texts[int(next(&i))%len(texts)]
					if d.face >= 0 {
						drawn[d.curNo] = append(drawn[d.curNo], drawnText{round2(x * ptPerMM), round2(d.h - y*ptPerMM), d.face, d.size, s})
					}
					d.Text(x, y, s)
				case 1:
					d.Line(float64(next(&i)), 10, 20, float64(next(&i)))
				case 2:
					d.SetTextColor(int(next(&i))%2*255, 0, 0)
				case 3:
					if len(d.pages) < 8 { // pdfcpu takes long over hundreds of pages
						d.AddPage()
					}
				case 4:
					d.SetPage(1 + int(next(&i))%len(d.pages))
				case 5:
					if tags > 0 && next(&i)%2 == 0 {
						d.EndTag()
						tags--
					} else {
						d.BeginTag(pdfdoc.Tag{Role: pdfdoc.P})
						tags++
					}
				case 6:
					if artifacts > 0 {
						d.EndArtifact()
						artifacts--
					} else {
						d.BeginArtifact()
						artifacts++
					}
				case 7:
					d.SetFont(font.Face(next(&i)%3), []float64{8, 10, 10.5, 0}[next(&i)%4])
				}
			}
			for ; artifacts > 0; artifacts-- {
				d.EndArtifact()
			}
			for ; tags > 0; tags-- {
				d.EndTag()
			}
			var out bytes.Buffer
			if err := d.Output(&out); err != nil {
				t.Fatal(err)
			}
			if _, err := validate(out.Bytes()); err != nil {
				t.Fatalf("pdfcpu: %v", err)
			}
			count := strconv.Itoa(len(d.pages))
			for n, p := range d.pages {
				var content []byte
				at := 0
				for _, pt := range p.parts {
					if pt.start != at {
						t.Fatalf("page %d: a part starts at %d, after %d", n+1, pt.start, at)
					}
					at = pt.end
					plain, err := inflate(pt.z)
					if err != nil {
						t.Fatal(err)
					}
					replay(t, fonts, plain) // fails on a part left inside a text object
					content = append(content, plain...)
				}
				if at != len(p.content) {
					t.Fatalf("page %d: the parts end at %d of %d", n+1, at, len(p.content))
				}
				want := drawn[n+1]
				for k := range want {
					want[k].s = strings.ReplaceAll(want[k].s, totalPagesAlias, count)
				}
				checkShown(t, fonts, want, replay(t, fonts, content))
			}
		}
	})
}
