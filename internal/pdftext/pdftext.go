// Package pdftext reads back the PDFs Clausemark writes, for tests and
// checks: it validates a file with pdfcpu and extracts its body text in
// reading order, leaving out the running header and footer.
//
// It understands the text operators the PDF writer uses (Tj and TJ, Td,
// Tf, and Identity-H fonts whose codes are UTF-16), not every PDF.
package pdftext

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Doc is what a PDF holds.
type Doc struct {
	Pages    int
	Text     string   // body text, running header and footer left out
	Page     []string // each page's body text
	Outlines bool     // the PDF has an outline
}

// Read validates data with pdfcpu, strictly, and extracts its text, for a
// page of height pageHeight millimetres with the given margin.
func Read(data []byte, pageHeight, margin float64) (Doc, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), conf)
	if err != nil {
		return Doc{}, fmt.Errorf("pdfcpu validation: %w", err)
	}
	cat, err := ctx.XRefTable.Catalog()
	if err != nil {
		return Doc{}, err
	}
	d := Doc{Pages: ctx.PageCount, Outlines: cat["Outlines"] != nil}
	var b strings.Builder
	for p := 1; p <= ctx.PageCount; p++ {
		r, err := pdfcpu.ExtractPageContent(ctx, p)
		if err != nil {
			return Doc{}, err
		}
		content, _ := io.ReadAll(r)
		t := pageText(content, pageHeight, margin)
		d.Page = append(d.Page, t)
		b.WriteString(t)
		b.WriteByte('\n')
	}
	d.Text = b.String()
	return d, nil
}

// softHyphen is what a line's added hyphen reads as.
const softHyphen = "\u00ad"

type textOp struct {
	x, y float64
	s    string
}

// pageText reads the text-showing operators of a content stream, keeps
// the body (between the margins), and joins it in reading order: top to
// bottom, then left to right.
//
// A string's place is where the text object's Td operators moved the
// line to (BT starts at the origin; Td moves from the line's start), and,
// for the second and later strings of a TJ array, past the strings
// before it: by an estimate of their width, half the size a character,
// and by the numbers between them (thousandths of the size, subtracted),
// which is enough to order the strings of a line.
func pageText(content []byte, pageHeight, margin float64) string {
	var ops []textOp
	var nums []float64
	var lineX, lineY, x, size float64
	inArray := false
	for i := 0; i < len(content); {
		c := content[i]
		switch {
		case c == '(':
			lit, n := literal(content[i:])
			i += n
			s := decodeUTF16(lit)
			if inArray {
				ops = append(ops, textOp{x, lineY, s})
				x += float64(utf8.RuneCountInString(s)) * size / 2
				continue
			}
			rest := strings.TrimLeft(string(content[i:min(len(content), i+8)]), " ")
			if strings.HasPrefix(rest, "Tj") {
				ops = append(ops, textOp{x, lineY, s})
			}
			nums = nums[:0]
		case c == '[':
			inArray = true
			nums = nums[:0]
			i++
		case c == ']':
			inArray = false
			i++
		case c == ' ' || c == '\n' || c == '\r':
			i++
		default:
			j := i
			for j < len(content) && !strings.ContainsRune(" \n\r([]", rune(content[j])) {
				j++
			}
			tok := string(content[i:j])
			i = max(j, i+1)
			f, err := strconv.ParseFloat(tok, 64)
			switch {
			case err == nil && inArray:
				x -= f / 1000 * size
			case err == nil:
				nums = append(nums, f)
				continue
			case tok == "BT":
				lineX, lineY, x = 0, 0, 0
			case tok == "Td" && len(nums) >= 2:
				lineX += nums[len(nums)-2]
				lineY += nums[len(nums)-1]
				x = lineX
			case tok == "Tf" && len(nums) >= 1:
				size = nums[len(nums)-1]
			}
			nums = nums[:0]
		}
	}
	const ptPerMM = 72 / 25.4
	top := (pageHeight - margin) * ptPerMM
	bottom := margin * ptPerMM
	var body []textOp
	for _, op := range ops {
		if op.y <= top+1 && op.y >= bottom-3 {
			body = append(body, op)
		}
	}
	sort.SliceStable(body, func(i, j int) bool {
		if d := body[i].y - body[j].y; d > 1.5 || d < -1.5 {
			return body[i].y > body[j].y
		}
		return body[i].x < body[j].x
	})
	var b strings.Builder
	for i, op := range body {
		if i > 0 {
			if d := body[i-1].y - op.y; d > 1.5 || d < -1.5 {
				// A word hyphenated at the end of a line is joined again:
				// the hyphen added (a soft hyphen, U+00AD, as PDF asks)
				// dropped, one the word has kept.
				switch t := b.String(); {
				case strings.HasSuffix(t, softHyphen):
					s := b.String()
					b.Reset()
					b.WriteString(strings.TrimSuffix(s, softHyphen))
				case strings.HasSuffix(t, "-") && len(t) > 1 && t[len(t)-2] != ' ':
				default:
					b.WriteByte('\n')
				}
			} else if !strings.HasSuffix(b.String(), " ") {
				// A word drawn with the space after it needs no other.
				b.WriteByte(' ')
			}
		}
		b.WriteString(op.s)
	}
	return b.String()
}

// literal parses a PDF literal string at the start of b.
func literal(b []byte) ([]byte, int) {
	var out []byte
	depth := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\\' && i+1 < len(b):
			i++
			switch e := b[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			default:
				if e >= '0' && e <= '7' {
					v, n := 0, 0
					for n < 3 && i < len(b) && b[i] >= '0' && b[i] <= '7' {
						v = v*8 + int(b[i]-'0')
						i++
						n++
					}
					i--
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
		case c == '(':
			if depth > 0 {
				out = append(out, c)
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return out, i + 1
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out, len(b)
}

func decodeUTF16(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}
