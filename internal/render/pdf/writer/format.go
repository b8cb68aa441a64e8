package writer

import (
	"math"
	"strconv"
)

// appendNum appends v rounded to two decimals, without trailing zeros.
func appendNum(b []byte, v float64) []byte {
	n := int64(math.Round(v * 100))
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	if f := n % 100; f != 0 {
		b = append(b, '.', byte('0'+f/10))
		if f%10 != 0 {
			b = append(b, byte('0'+f%10))
		}
	}
	return b
}

// appendPoint appends the page coordinates of (x, y) in millimetres from
// the top left.
func appendPoint(b []byte, x, y, h float64) []byte {
	b = appendNum(b, x*ptPerMM)
	b = append(b, ' ')
	return appendNum(b, h-y*ptPerMM)
}

func appendColor(b []byte, c [3]uint8) []byte {
	for i, v := range c {
		if i > 0 {
			b = append(b, ' ')
		}
		// three decimals: 255 levels need more than two
		n := (int(v)*1000 + 127) / 255
		b = strconv.AppendInt(b, int64(n/1000), 10)
		if f := n % 1000; f != 0 {
			b = append(b, '.')
			b = append(b, byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
			for b[len(b)-1] == '0' {
				b = b[:len(b)-1]
			}
		}
	}
	return b
}

// appendTextString appends s as a PDF text string: a literal of printable
// ASCII as it is, else of UTF-16BE with a byte order mark (where the
// document id is then found by its UTF-16 bytes, see docid.Find).
func appendTextString(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return appendLiteral(b, s)
	}
	b = append(b, '(', 0xFE, 0xFF)
	for _, r := range s {
		b = appendUTF16(b, r)
	}
	return append(b, ')')
}

// appendLiteral appends s as a literal string, escaping what must be.
func appendLiteral(b []byte, s string) []byte {
	b = append(b, '(')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', ')', '\\':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		case '\n':
			b = append(b, '\\', 'n')
		default:
			b = append(b, c)
		}
	}
	return append(b, ')')
}

// uriASCII returns a URI as the 7-bit ASCII a PDF's URI action holds
// (ISO 32000-1, 12.6.4.7): each byte of a character outside printable
// ASCII, and each space, percent-encoded as RFC 3986 does for UTF-8
// ("é" as %C3%A9); what is ASCII already, percent signs included, stays.
func uriASCII(s string) string {
	const hex = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c > ' ' && c < 0x7f {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(s)+16), s[:i]...)
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	if b == nil {
		return s
	}
	return string(b)
}
