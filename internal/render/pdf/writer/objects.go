package writer

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strconv"
)

// The objects of a file are written as typst's pdf-writer writes them: a
// [Ref] names an object, a [Dict] or an [Array] writes a value's entries
// and closes itself when the function that fills it returns, and each
// kind of object has a small function of its own (document.go).

// Ref is an indirect object's number.
type Ref int

// appendRef appends "n 0 R".
func appendRef(b []byte, r Ref) []byte {
	b = strconv.AppendInt(b, int64(r), 10)
	return append(b, " 0 R"...)
}

// Dict writes a dictionary's entries, each as " /Key value".
type Dict struct{ b []byte }

func (d *Dict) key(k string) {
	d.b = append(d.b, " /"...)
	d.b = append(d.b, k...)
	d.b = append(d.b, ' ')
}

// Name writes /k /v.
func (d *Dict) Name(k, v string) *Dict {
	d.key(k)
	d.b = append(append(d.b, '/'), v...)
	return d
}

// Bool writes true or false.
func (d *Dict) Bool(k string, v bool) *Dict {
	d.key(k)
	d.b = strconv.AppendBool(d.b, v)
	return d
}

// Ref writes a reference to object r.
func (d *Dict) Ref(k string, r Ref) *Dict {
	d.key(k)
	d.b = appendRef(d.b, r)
	return d
}

// Int writes an integer.
func (d *Dict) Int(k string, v int) *Dict {
	d.key(k)
	d.b = strconv.AppendInt(d.b, int64(v), 10)
	return d
}

// Num writes a real number, rounded to two decimals.
func (d *Dict) Num(k string, v float64) *Dict {
	d.key(k)
	d.b = appendNum(d.b, v)
	return d
}

// Text writes a text string: readable ASCII as it is, anything else in
// UTF-16.
func (d *Dict) Text(k, s string) *Dict {
	d.key(k)
	d.b = appendTextString(d.b, s)
	return d
}

// Literal writes a byte string as a literal.
func (d *Dict) Literal(k, s string) *Dict {
	d.key(k)
	d.b = appendLiteral(d.b, s)
	return d
}

// Raw writes a value already in PDF syntax.
func (d *Dict) Raw(k string, v []byte) *Dict {
	d.key(k)
	d.b = append(d.b, v...)
	return d
}

// Dict writes a dictionary, filled by fill.
func (d *Dict) Dict(k string, fill func(*Dict)) *Dict {
	d.key(k)
	d.b = appendDict(d.b, fill)
	return d
}

// Array writes an array, filled by fill.
func (d *Dict) Array(k string, fill func(*Array)) *Dict {
	d.key(k)
	d.b = appendArray(d.b, fill)
	return d
}

// Refs writes an array of references, each followed by a space, as the
// page tree's kids and a page's annotations have always been written.
func (d *Dict) Refs(k string, refs []Ref) *Dict {
	d.key(k)
	d.b = append(d.b, '[')
	for _, r := range refs {
		d.b = append(appendRef(d.b, r), ' ')
	}
	d.b = append(d.b, ']')
	return d
}

func appendDict(b []byte, fill func(*Dict)) []byte {
	d := Dict{b: append(b, "<<"...)}
	fill(&d)
	return append(d.b, " >>"...)
}

// Array writes an array's items, separated by spaces.
type Array struct {
	b []byte
	n int
}

func (a *Array) item() {
	if a.n > 0 {
		a.b = append(a.b, ' ')
	}
	a.n++
}

// Ref writes a reference to object r.
func (a *Array) Ref(r Ref) *Array {
	a.item()
	a.b = appendRef(a.b, r)
	return a
}

// Name writes /v.
func (a *Array) Name(v string) *Array {
	a.item()
	a.b = append(append(a.b, '/'), v...)
	return a
}

// Int writes an integer.
func (a *Array) Int(v int) *Array {
	a.item()
	a.b = strconv.AppendInt(a.b, int64(v), 10)
	return a
}

// Num writes a real number, rounded to two decimals.
func (a *Array) Num(v float64) *Array {
	a.item()
	a.b = appendNum(a.b, v)
	return a
}

// Null writes null.
func (a *Array) Null() *Array {
	a.item()
	a.b = append(a.b, "null"...)
	return a
}

// Dict writes a dictionary, filled by fill.
func (a *Array) Dict(fill func(*Dict)) *Array {
	a.item()
	a.b = appendDict(a.b, fill)
	return a
}

// Array writes an array, filled by fill.
func (a *Array) Array(fill func(*Array)) *Array {
	a.item()
	a.b = appendArray(a.b, fill)
	return a
}

func appendArray(b []byte, fill func(*Array)) []byte {
	a := Array{b: append(b, '[')}
	fill(&a)
	return append(a.b, ']')
}

// file writes numbered objects, remembering their offsets for the
// cross-reference table, and hashes what it writes for the file identifier.
type file struct {
	bw      *bufio.Writer
	sum     hash.Hash
	n       int64
	size    int // objects plus one
	offsets []int64
	buf     []byte
	err     error
}

func newFile(w io.Writer, size int) *file {
	return &file{bw: bufio.NewWriterSize(w, 64<<10), sum: sha256.New(), size: size, offsets: make([]int64, size)}
}

func (f *file) write(b []byte) {
	if f.err != nil {
		return
	}
	f.sum.Write(b)
	n, err := f.bw.Write(b)
	f.n += int64(n)
	f.err = err
}

// header writes the version and a comment of bytes above 127, which marks
// the file as binary (ISO 19005-2 §6.1.2).
func (f *file) header() { f.write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")) }

// begin starts object r and returns a buffer for its body.
func (f *file) begin(r Ref) []byte {
	f.offsets[r] = f.n
	b := strconv.AppendInt(f.buf[:0], int64(r), 10)
	return append(b, " 0 obj\n"...)
}

// dict writes object r, a dictionary filled by fill.
func (f *file) dict(r Ref, fill func(*Dict)) {
	b := appendDict(f.begin(r), fill)
	f.buf = append(b, "\nendobj\n"...)
	f.write(f.buf)
}

// stream writes object r, a stream of data whose dictionary fill fills;
// its /Length follows, and length1, when not zero, as /Length1: a font
// program's size before compression.
func (f *file) stream(r Ref, data []byte, length1 int, fill func(*Dict)) {
	b := appendDict(f.begin(r), func(d *Dict) {
		fill(d)
		d.Int("Length", len(data))
		if length1 > 0 {
			d.Int("Length1", length1)
		}
	})
	f.buf = append(b, "\nstream\n"...)
	f.write(f.buf)
	f.write(data)
	f.buf = append(f.buf[:0], "\nendstream\nendobj\n"...)
	f.write(f.buf)
}

// finish writes the cross-reference table and the trailer, whose file
// identifier is a hash of everything before it. The table lists the
// objects below listed, or all when listed is 0; the others are in
// object streams, which the cross-reference stream at offset xrefStm
// lists (a hybrid-reference file, ISO 32000-1 §7.5.8.4, so that the
// trailer stays a dictionary that tools appending to the file read).
func (f *file) finish(root, info Ref, listed Ref, xrefStm int64) error {
	xref := f.n
	id := hex.EncodeToString(f.sum.Sum(nil)[:16])
	if listed == 0 {
		listed = Ref(f.size)
	}
	b := fmt.Appendf(f.buf[:0], "xref\n0 %d\n0000000000 65535 f \n", listed)
	for _, off := range f.offsets[1:listed] {
		b = fmt.Appendf(b, "%010d 00000 n \n", off)
	}
	b = fmt.Appendf(b, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]", f.size, root, info, id, id)
	if xrefStm > 0 {
		b = fmt.Appendf(b, " /XRefStm %d", xrefStm)
	}
	b = fmt.Appendf(b, " >>\nstartxref\n%d\n%%%%EOF\n", xref)
	f.write(b)
	if f.err != nil {
		return f.err
	}
	return f.bw.Flush()
}
