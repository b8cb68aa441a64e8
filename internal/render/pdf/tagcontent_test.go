package pdf_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"regexp"
	"strconv"
	"testing"
	"unicode/utf16"
)

// pageMarks is what a page's content stream shows, by marked content.
type pageMarks struct {
	text     map[int]string // the text of each marked-content sequence, by MCID
	artifact int            // text strings shown as artifacts
	untagged []string       // what is shown or painted outside marked content
}

// pdfName is a name in a content stream, without its slash.
type pdfName string

// mark is an open marked-content sequence: its MCID, -1 for none.
type mark struct {
	mcid     int
	artifact bool
}

// readMarks reads a content stream's operators and gathers the text
// each marked-content sequence shows (strings shown with Tj, TJ, ' and
// ", read as the writer's Identity-H code points), and what is shown or
// painted outside any.
func readMarks(content []byte) (pageMarks, error) {
	m := pageMarks{text: map[int]string{}}
	var stack []mark
	var operands []any
	for lx := (lexer{b: content}); ; {
		v, op, err := lx.next()
		if err != nil {
			return m, err
		}
		if v == nil && op == "" {
			break
		}
		if op == "" {
			operands = append(operands, v)
			continue
		}
		switch op {
		case "BDC", "BMC":
			mk := mark{mcid: -1}
			if len(operands) > 0 {
				mk.artifact = operands[0] == pdfName("Artifact")
			}
			if len(operands) > 1 {
				if d, ok := operands[1].(map[string]any); ok {
					if n, ok := d["MCID"].(float64); ok {
						mk.mcid = int(n)
					}
				}
			}
			if mk.mcid >= 0 {
				if _, seen := m.text[mk.mcid]; seen {
					return m, fmt.Errorf("MCID %d opens twice", mk.mcid)
				}
				m.text[mk.mcid] = ""
			}
			stack = append(stack, mk)
		case "EMC":
			if len(stack) == 0 {
				return m, errors.New("EMC without a sequence open")
			}
			stack = stack[:len(stack)-1]
		case "Tj", "TJ", "'", "\"":
			m.show(stack, shownText(operands))
		case "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh":
			if len(stack) == 0 {
				m.untagged = append(m.untagged, "painting ("+op+")")
			}
		}
		operands = operands[:0]
	}
	if len(stack) > 0 {
		return m, fmt.Errorf("%d sequences left open", len(stack))
	}
	return m, nil
}

// show adds text shown inside the sequences of stack: to the innermost
// with an MCID, unless one is an artifact.
func (m *pageMarks) show(stack []mark, text string) {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].artifact {
			m.artifact++
			return
		}
	}
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].mcid >= 0 {
			m.text[stack[i].mcid] += text
			return
		}
	}
	m.untagged = append(m.untagged, fmt.Sprintf("text %q", text))
}

// shownText is the text of a text-showing operator's string operands, each
// two bytes a UTF-16 code unit.
func shownText(operands []any) string {
	var units []uint16
	var add func(v any)
	add = func(v any) {
		switch v := v.(type) {
		case []byte:
			for i := 0; i+1 < len(v); i += 2 {
				units = append(units, uint16(v[i])<<8|uint16(v[i+1]))
			}
		case []any:
			for _, x := range v {
				add(x)
			}
		}
	}
	for _, o := range operands {
		add(o)
	}
	return string(utf16.Decode(units))
}

// lexer reads a content stream's objects and operators.
type lexer struct {
	b  []byte
	at int
}

func isSpace(c byte) bool { return bytes.IndexByte([]byte(" \t\r\n\f\x00"), c) >= 0 }
func isDelim(c byte) bool { return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0 }

// next returns the next object (a number, name, string, array or
// dictionary), or else the next operator; neither at the end.
func (l *lexer) next() (any, string, error) {
	for l.at < len(l.b) && (isSpace(l.b[l.at]) || l.b[l.at] == '%') {
		if l.b[l.at] == '%' {
			for l.at < len(l.b) && l.b[l.at] != '\n' {
				l.at++
			}
		}
		l.at++
	}
	if l.at >= len(l.b) {
		return nil, "", nil
	}
	switch c := l.b[l.at]; {
	case c == '(':
		s, err := l.literal()
		return s, "", err
	case c == '<' && l.at+1 < len(l.b) && l.b[l.at+1] == '<':
		d, err := l.dict()
		return d, "", err
	case c == '<':
		s, err := l.hex()
		return s, "", err
	case c == '[':
		a, err := l.array()
		return a, "", err
	case c == '/':
		l.at++
		return pdfName(l.word()), "", nil
	case c == ']' || c == '>' || c == ')':
		return nil, "", fmt.Errorf("offset %d: unexpected %q", l.at, c)
	}
	w := l.word()
	if n, err := strconv.ParseFloat(w, 64); err == nil {
		return n, "", nil
	}
	return nil, w, nil
}

// word reads a regular token.
func (l *lexer) word() string {
	start := l.at
	for l.at < len(l.b) && !isSpace(l.b[l.at]) && !isDelim(l.b[l.at]) {
		l.at++
	}
	if l.at == start { // a delimiter the cases above do not take
		l.at++
	}
	return string(l.b[start:l.at])
}

// literal reads a literal string, its escapes resolved.
func (l *lexer) literal() ([]byte, error) {
	var out []byte
	depth := 0
	for l.at++; l.at < len(l.b); l.at++ {
		c := l.b[l.at]
		switch {
		case c == '\\' && l.at+1 < len(l.b):
			l.at++
			e := l.b[l.at]
			switch e {
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
				out = append(out, e)
			}
		case c == '(':
			depth++
			out = append(out, c)
		case c == ')' && depth == 0:
			l.at++
			return out, nil
		case c == ')':
			depth--
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return nil, errors.New("a literal string does not end")
}

// hex reads a hexadecimal string.
func (l *lexer) hex() ([]byte, error) {
	end := bytes.IndexByte(l.b[l.at:], '>')
	if end < 0 {
		return nil, errors.New("a hexadecimal string does not end")
	}
	digits := bytes.Map(func(r rune) rune {
		if isSpace(byte(r)) {
			return -1
		}
		return r
	}, l.b[l.at+1:l.at+end])
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	for i := range out {
		v, err := strconv.ParseUint(string(digits[2*i:2*i+2]), 16, 8)
		if err != nil {
			return nil, err
		}
		out[i] = byte(v)
	}
	l.at += end + 1
	return out, nil
}

// array reads an array.
func (l *lexer) array() ([]any, error) {
	l.at++
	var out []any
	for {
		for l.at < len(l.b) && isSpace(l.b[l.at]) {
			l.at++
		}
		if l.at >= len(l.b) {
			return nil, errors.New("an array does not end")
		}
		if l.b[l.at] == ']' {
			l.at++
			return out, nil
		}
		v, op, err := l.next()
		if err != nil {
			return nil, err
		}
		if op != "" {
			return nil, fmt.Errorf("operator %s in an array", op)
		}
		out = append(out, v)
	}
}

// dict reads a dictionary.
func (l *lexer) dict() (map[string]any, error) {
	l.at += 2
	out := map[string]any{}
	for {
		for l.at < len(l.b) && isSpace(l.b[l.at]) {
			l.at++
		}
		if l.at+1 < len(l.b) && l.b[l.at] == '>' && l.b[l.at+1] == '>' {
			l.at += 2
			return out, nil
		}
		k, _, err := l.next()
		if err != nil {
			return nil, err
		}
		key, ok := k.(pdfName)
		if !ok {
			return nil, fmt.Errorf("offset %d: a dictionary key %v", l.at, k)
		}
		v, op, err := l.next()
		if err != nil || op != "" {
			return nil, fmt.Errorf("offset %d: the value of /%s: %v %s", l.at, key, err, op)
		}
		out[string(key)] = v
	}
}

// TestReadMarks: the reader of marked content finds text in its
// sequence, in a span inside it, as an artifact, and outside all; and
// refuses what does not close.
func TestReadMarks(t *testing.T) {
	m, err := readMarks([]byte("/P <</MCID 0>> BDC\nBT /F0 10 Tf 1 2 Td (\x00a\x00\\)) Tj /Span <</ActualText <FEFF00AD>>> BDC <00ad> Tj EMC ET\nEMC\n" +
		"/Artifact BMC BT [(\x00x) -20 (\x00y)] TJ ET 1 2 m 3 4 l S EMC BT (\x00z) Tj ET 0 0 1 1 re f"))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.text[0]; got != "a)\u00ad" {
		t.Errorf("MCID 0: %q", got)
	}
	if m.artifact != 1 || len(m.untagged) != 2 || m.untagged[0] != `text "z"` || m.untagged[1] != "painting (f)" {
		t.Errorf("artifacts %d, untagged %q", m.artifact, m.untagged)
	}
	for _, bad := range []string{"/P <</MCID 0>> BDC", "EMC", "/P <</MCID 0>> BDC EMC /P <</MCID 0>> BDC EMC", "(open"} {
		if _, err := readMarks([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// pngBytes returns a PNG of w by h pixels.
func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func regexpMatch(re string, b []byte) bool { return regexp.MustCompile(re).Match(b) }
