package writer

import (
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
// widths, and returns each string shown with its place.
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
			x += float64(fonts.Width(face, s)) * size / 1000
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
	got := replay(t, fonts, content)
	// the strings shown, split where one went on into the next
	at := 0
	for i, c := range calls {
		if at >= len(got) {
			t.Fatalf("call %d (%q) shown nowhere", i, c.s)
		}
		g := got[at]
		if !strings.HasPrefix(g.s, c.s) {
			t.Fatalf("call %d: %q shown where %q is", i, c.s, g.s)
		}
		wantX, wantY := round2(c.x*ptPerMM), round2(d.h-c.y*ptPerMM)
		if math.Abs(g.x-wantX) > 0.001 || math.Abs(g.y-wantY) > 1e-9 {
			t.Errorf("call %d (%q): shown at (%.5f, %.5f), want (%.2f, %.2f)", i, c.s, g.x, g.y, wantX, wantY)
		}
		if rest := g.s[len(c.s):]; rest != "" {
			// the next call's text went on in the same string
			got[at] = shown{g.x + float64(fonts.Width(c.face, c.s))*c.size/1000, g.y, rest}
		} else {
			at++
		}
	}
	if at != len(got) {
		t.Errorf("%d strings shown, %d drawn", len(got), at)
	}
	if n := strings.Count(string(content), "BT"); n != 1 {
		t.Errorf("%d text objects for lines of words only, want 1", n)
	}
	if n := strings.Count(string(content), "TJ"); n != 40+8 {
		t.Errorf("%d TJ arrays, want one per line and one more per face changed", n)
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
