package registry

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Revisions are the incremental updates that follow a PDF's issued part.
type Revisions struct {
	Count int // updates, each ending in %%EOF
	// Signers are the names that the signature dictionaries (/Type /Sig)
	// of the updates give (/Name), in order, at most MaxSigners.
	Signers []string
}

const (
	// MaxSigners bounds the signers' names a verdict lists.
	MaxSigners = 8
	// MaxSignerName bounds the length, in bytes, of a signer's name as
	// listed; a longer one is cut, ending in "…".
	MaxSignerName = 128
	// maxDepth bounds the nesting of arrays and dictionaries read.
	maxDepth = 32
)

// RevisionError says why the bytes after a PDF's issued part are not a
// series of incremental updates.
type RevisionError struct {
	Offset int64  // in the whole file
	Reason string // what was expected there
}

func (e *RevisionError) Error() string {
	return fmt.Sprintf("not an incremental update at byte %d: %s", e.Offset, e.Reason)
}

// readRevisions reads tail, the bytes of a PDF from offset at on, as
// incremental updates of the part before it, whose last cross-reference
// section is at prev. Each update is a run of objects, then a
// cross-reference section and trailer, or a cross-reference stream, whose
// /Prev is the previous section's offset, then startxref with the new
// section's offset, then %%EOF. Anything else is a *RevisionError.
func readRevisions(tail []byte, at, prev int64) (*Revisions, error) {
	l := &lexer{b: tail, at: at}
	revs := &Revisions{}
	for {
		l.skipSpace()
		if l.pos == len(l.b) {
			break
		}
		if revs.Count == MaxMarkers {
			return nil, l.fail("no more than %d updates", MaxMarkers)
		}
		xref, err := l.update(prev, revs)
		if err != nil {
			return nil, err
		}
		prev = xref
		revs.Count++
	}
	if revs.Count == 0 {
		return nil, l.fail("an update")
	}
	return revs, nil
}

// update reads one incremental update, noting the signers it names, and
// returns the offset of its cross-reference section.
func (l *lexer) update(prev int64, revs *Revisions) (int64, error) {
	xref := int64(-1)
	for xref < 0 {
		l.skipSpace()
		start := l.offset()
		if l.keyword("xref") {
			if err := l.xrefTable(prev); err != nil {
				return 0, err
			}
			xref = start
			continue
		}
		obj, err := l.object()
		if err != nil {
			return 0, err
		}
		switch obj.dict["Type"].name() {
		case "Sig":
			if name, ok := obj.dict["Name"].text(); ok && len(revs.Signers) < MaxSigners {
				revs.Signers = append(revs.Signers, name)
			}
		case "XRef":
			if err := l.trailer(obj, prev, start); err != nil {
				return 0, err
			}
			xref = start
		}
	}
	l.skipSpace()
	if !l.keyword("startxref") {
		return 0, l.fail("startxref")
	}
	l.skipSpace()
	off := l.offset()
	n, ok := l.integer()
	if !ok || n != xref {
		return 0, &RevisionError{Offset: off, Reason: fmt.Sprintf("startxref %d, the offset of the update's cross-reference section", xref)}
	}
	l.skipWhite()
	if !bytes.HasPrefix(l.b[l.pos:], eofMarker) {
		return 0, l.fail("%s", eofMarker)
	}
	l.pos += len(eofMarker)
	return xref, nil
}

// xrefTable reads a cross-reference table after its "xref", then its
// trailer, whose /Prev must be prev.
func (l *lexer) xrefTable(prev int64) error {
	for {
		l.skipSpace()
		start := l.offset()
		if l.keyword("trailer") {
			l.skipSpace()
			v, err := l.value(0)
			if err != nil {
				return err
			}
			return l.trailer(v, prev, start)
		}
		first, ok1 := l.integer()
		l.skipSpace()
		count, ok2 := l.integer()
		if !ok1 || !ok2 || first < 0 || count < 0 || count > int64(len(l.b)-l.pos)/20 {
			return l.fail("a cross-reference subsection: first object number and count")
		}
		for range count {
			l.skipSpace()
			off, ok1 := l.integer()
			l.skipSpace()
			gen, ok2 := l.integer()
			l.skipSpace()
			if !ok1 || !ok2 || off < 0 || gen < 0 || !(l.keyword("n") || l.keyword("f")) {
				return l.fail("a cross-reference entry")
			}
		}
	}
}

// trailer checks a trailer dictionary, or a cross-reference stream's,
// read at offset start: its /Size and /Root, and its /Prev, which must
// be prev.
func (l *lexer) trailer(v value, prev, start int64) error {
	fail := func(reason string) error { return &RevisionError{Offset: start, Reason: reason} }
	if v.kind != kindDict {
		return fail("a trailer dictionary")
	}
	if p := v.dict["Prev"]; p.kind != kindInt || p.num != prev {
		return fail(fmt.Sprintf("a trailer whose /Prev is %d, the previous cross-reference section", prev))
	}
	if s := v.dict["Size"]; s.kind != kindInt || s.num < 1 {
		return fail("a trailer with a /Size")
	}
	if v.dict["Root"].kind != kindRef {
		return fail("a trailer with a /Root")
	}
	return nil
}

// object reads "N G obj", a value, its stream if it has one, and
// "endobj".
func (l *lexer) object() (value, error) {
	num, ok1 := l.integer()
	l.skipSpace()
	gen, ok2 := l.integer()
	l.skipSpace()
	if !ok1 || !ok2 || num < 1 || gen < 0 || !l.keyword("obj") {
		return value{}, l.fail("an object (N G obj), a cross-reference section, or startxref")
	}
	l.skipSpace()
	v, err := l.value(0)
	if err != nil {
		return value{}, err
	}
	l.skipSpace()
	if l.keyword("stream") {
		if v.kind != kindDict {
			return value{}, l.fail("a stream's dictionary")
		}
		if err := l.stream(v.dict["Length"]); err != nil {
			return value{}, err
		}
		l.skipSpace()
	}
	if !l.keyword("endobj") {
		return value{}, l.fail("endobj")
	}
	return v, nil
}

// stream skips a stream's data, after its "stream", to past its
// "endstream": length bytes on, where given directly, else at the first
// "endstream".
func (l *lexer) stream(length value) error {
	if bytes.HasPrefix(l.b[l.pos:], []byte("\r\n")) {
		l.pos += 2
	} else if l.pos < len(l.b) && l.b[l.pos] == '\n' {
		l.pos++
	}
	end := []byte("endstream")
	if length.kind == kindInt && length.num >= 0 && length.num <= int64(len(l.b)-l.pos) {
		save := l.pos
		l.pos += int(length.num)
		l.skipWhite()
		if bytes.HasPrefix(l.b[l.pos:], end) {
			l.pos += len(end)
			return nil
		}
		l.pos = save
	}
	i := bytes.Index(l.b[l.pos:], end)
	if i < 0 {
		return l.fail("endstream")
	}
	l.pos += i + len(end)
	return nil
}

// kind is the kind of a PDF value, as far as reading updates needs.
type kind uint8

const (
	kindNone kind = iota
	kindInt
	kindReal
	kindBool
	kindNull
	kindName
	kindString
	kindArray
	kindDict
	kindRef
)

// value is a PDF value: for an array, only its kind.
type value struct {
	kind kind
	num  int64
	str  string // a name, or a string's bytes
	dict map[string]value
}

// name returns the name v is, or "".
func (v value) name() string {
	if v.kind != kindName {
		return ""
	}
	return v.str
}

// text returns the text string v is, decoded (UTF-16 or UTF-8 with their
// byte order marks, else PDFDocEncoding read as Latin-1), without control
// or format characters, and cut to MaxSignerName bytes.
func (v value) text() (string, bool) {
	if v.kind != kindString {
		return "", false
	}
	var s string
	switch b := []byte(v.str); {
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		u := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		s = string(utf16.Decode(u))
	case bytes.HasPrefix(b, []byte{0xef, 0xbb, 0xbf}):
		s = strings.ToValidUTF8(string(b[3:]), "\uFFFD")
	default:
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		s = string(r)
	}
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || (r >= 0x80 && r <= 0x9f)
	}), " ")
	if len(s) > MaxSignerName {
		cut := MaxSignerName - len("…")
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s, s != ""
}

// lexer reads PDF values from b, which is the file from offset at on.
type lexer struct {
	b   []byte
	pos int
	at  int64
}

func (l *lexer) offset() int64 { return l.at + int64(l.pos) }

func (l *lexer) fail(format string, args ...any) error {
	return &RevisionError{Offset: l.offset(), Reason: fmt.Sprintf(format, args...)}
}

func isWhite(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return strings.IndexByte("()<>[]{}/%", c) >= 0
}

// skipWhite skips white space.
func (l *lexer) skipWhite() {
	for l.pos < len(l.b) && isWhite(l.b[l.pos]) {
		l.pos++
	}
}

// skipSpace skips white space and comments, but not a %%EOF marker.
func (l *lexer) skipSpace() {
	for {
		l.skipWhite()
		if l.pos == len(l.b) || l.b[l.pos] != '%' || bytes.HasPrefix(l.b[l.pos:], eofMarker) {
			return
		}
		for l.pos < len(l.b) && l.b[l.pos] != '\r' && l.b[l.pos] != '\n' {
			l.pos++
		}
	}
}

// keyword consumes the keyword kw if it comes next, whole.
func (l *lexer) keyword(kw string) bool {
	if !bytes.HasPrefix(l.b[l.pos:], []byte(kw)) {
		return false
	}
	end := l.pos + len(kw)
	if end < len(l.b) && !isWhite(l.b[end]) && !isDelim(l.b[end]) {
		return false
	}
	l.pos = end
	return true
}

// integer consumes an unsigned integer of at most 18 digits.
func (l *lexer) integer() (int64, bool) {
	i := l.pos
	for i < len(l.b) && i-l.pos < 19 && l.b[i] >= '0' && l.b[i] <= '9' {
		i++
	}
	if i == l.pos || i-l.pos > 18 || (i < len(l.b) && !isWhite(l.b[i]) && !isDelim(l.b[i])) {
		return 0, false
	}
	n, err := strconv.ParseInt(string(l.b[l.pos:i]), 10, 64)
	if err != nil {
		return 0, false
	}
	l.pos = i
	return n, true
}

// value reads one value, at nesting depth.
func (l *lexer) value(depth int) (value, error) {
	if depth > maxDepth {
		return value{}, l.fail("arrays and dictionaries nested at most %d deep", maxDepth)
	}
	if l.pos == len(l.b) {
		return value{}, l.fail("a value")
	}
	switch c := l.b[l.pos]; {
	case bytes.HasPrefix(l.b[l.pos:], []byte("<<")):
		return l.dict(depth)
	case c == '<':
		return l.hexString()
	case c == '(':
		return l.literalString()
	case c == '[':
		return l.array(depth)
	case c == '/':
		return value{kind: kindName, str: l.name()}, nil
	case c >= '0' && c <= '9':
		return l.number()
	case c == '+' || c == '-' || c == '.':
		return l.real()
	}
	for _, kw := range []struct {
		word string
		kind kind
	}{{"true", kindBool}, {"false", kindBool}, {"null", kindNull}} {
		if l.keyword(kw.word) {
			return value{kind: kw.kind}, nil
		}
	}
	return value{}, l.fail("a value")
}

// number reads an integer, a real or a reference (N G R).
func (l *lexer) number() (value, error) {
	n, ok := l.integer()
	if !ok {
		return l.real()
	}
	after := l.pos
	l.skipSpace()
	if _, ok := l.integer(); ok {
		l.skipSpace()
		if l.keyword("R") {
			return value{kind: kindRef, num: n}, nil
		}
	}
	l.pos = after
	return value{kind: kindInt, num: n}, nil
}

// real reads a signed or fractional number.
func (l *lexer) real() (value, error) {
	i := l.pos
	if i < len(l.b) && (l.b[i] == '+' || l.b[i] == '-') {
		i++
	}
	digits := 0
	for i < len(l.b) && (l.b[i] >= '0' && l.b[i] <= '9' || l.b[i] == '.') {
		i++
		digits++
	}
	if digits == 0 {
		return value{}, l.fail("a number")
	}
	l.pos = i
	return value{kind: kindReal}, nil
}

// name reads a name after its "/", decoding #xx escapes.
func (l *lexer) name() string {
	l.pos++
	var b []byte
	for l.pos < len(l.b) && !isWhite(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		c := l.b[l.pos]
		if c == '#' && l.pos+2 < len(l.b) {
			if x, err := strconv.ParseUint(string(l.b[l.pos+1:l.pos+3]), 16, 8); err == nil {
				c = byte(x)
				l.pos += 2
			}
		}
		b = append(b, c)
		l.pos++
	}
	return string(b)
}

// literalString reads a (string), decoding its escapes.
func (l *lexer) literalString() (value, error) {
	start := l.pos
	l.pos++
	var b []byte
	depth := 0
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return value{kind: kindString, str: string(b)}, nil
			}
			depth--
		case '\r':
			if l.pos < len(l.b) && l.b[l.pos] == '\n' {
				l.pos++
			}
			c = '\n'
		case '\\':
			var ok bool
			if c, ok = l.escape(); !ok {
				continue
			}
		}
		b = append(b, c)
	}
	return value{}, &RevisionError{Offset: l.at + int64(start), Reason: "a string's closing parenthesis"}
}

// escape reads what follows a backslash in a literal string: the byte it
// stands for, or false for a line continuation (or the string's end).
func (l *lexer) escape() (byte, bool) {
	if l.pos == len(l.b) {
		return 0, false
	}
	c := l.b[l.pos]
	l.pos++
	switch c {
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case '\r':
		if l.pos < len(l.b) && l.b[l.pos] == '\n' {
			l.pos++
		}
		return 0, false
	case '\n':
		return 0, false
	}
	if c < '0' || c > '7' {
		return c, true
	}
	n := int(c - '0')
	for range 2 {
		if l.pos == len(l.b) || l.b[l.pos] < '0' || l.b[l.pos] > '7' {
			break
		}
		n = n*8 + int(l.b[l.pos]-'0')
		l.pos++
	}
	return byte(n), true
}

// hexString reads a <hex string>.
func (l *lexer) hexString() (value, error) {
	start := l.pos
	l.pos++
	var b []byte
	var hi byte
	half := false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		var d byte
		switch {
		case c == '>':
			if half {
				b = append(b, hi<<4)
			}
			return value{kind: kindString, str: string(b)}, nil
		case isWhite(c):
			continue
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return value{}, &RevisionError{Offset: l.at + int64(l.pos-1), Reason: "a hexadecimal digit"}
		}
		if half {
			b = append(b, hi<<4|d)
		} else {
			hi = d
		}
		half = !half
	}
	return value{}, &RevisionError{Offset: l.at + int64(start), Reason: "a hexadecimal string's closing >"}
}

// array reads an [array], keeping only that it is one.
func (l *lexer) array(depth int) (value, error) {
	l.pos++
	for {
		l.skipSpace()
		if l.pos < len(l.b) && l.b[l.pos] == ']' {
			l.pos++
			return value{kind: kindArray}, nil
		}
		if _, err := l.value(depth + 1); err != nil {
			return value{}, err
		}
	}
}

// dict reads a <<dictionary>>.
func (l *lexer) dict(depth int) (value, error) {
	l.pos += 2
	d := map[string]value{}
	for {
		l.skipSpace()
		if bytes.HasPrefix(l.b[l.pos:], []byte(">>")) {
			l.pos += 2
			return value{kind: kindDict, dict: d}, nil
		}
		if l.pos == len(l.b) || l.b[l.pos] != '/' {
			return value{}, l.fail("a dictionary key or >>")
		}
		key := l.name()
		l.skipSpace()
		v, err := l.value(depth + 1)
		if err != nil {
			return value{}, err
		}
		d[key] = v
	}
}
