package rows

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// workbook is an opened .xlsx: what is needed to read its first sheet.
type workbook struct {
	file      string
	parts     map[string]*zip.File // by lower-case name
	sheetName string
	sheetPart string
	sstPart   string  // "" if none
	dates     []bool  // by style (the cell's s), whether it shows a date
	date1904  bool    // day counts are from 1904
	strings   *shared // the shared strings the sheet's rows use
	nonEmpty  int     // the sheet's rows with text, or that cannot be read
}

func openWorkbook(file string, data []byte) (*workbook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &WorkbookError{File: file, Err: err}
	}
	b := &workbook{file: file, parts: map[string]*zip.File{}}
	for _, f := range zr.File {
		b.parts[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	wbPart := "xl/workbook.xml"
	if rels, err := b.rels("_rels/.rels"); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				wbPart = r.target
				break
			}
		}
	}
	sheetID, err := b.readWorkbook(wbPart)
	if err != nil {
		return nil, err
	}
	rels, err := b.rels(relsOf(wbPart))
	if err != nil {
		return nil, err
	}
	stylesPart := ""
	for _, r := range rels {
		switch {
		case r.id == sheetID:
			b.sheetPart = r.target
		case strings.HasSuffix(r.typ, "/sharedStrings"):
			b.sstPart = r.target
		case strings.HasSuffix(r.typ, "/styles"):
			stylesPart = r.target
		}
	}
	if b.sheetPart == "" || b.parts[strings.ToLower(b.sheetPart)] == nil {
		return nil, &WorkbookError{File: file, Part: wbPart, Err: fmt.Errorf("sheet %q has no part", b.sheetName)}
	}
	if b.sstPart != "" && b.parts[strings.ToLower(b.sstPart)] == nil {
		b.sstPart = ""
	}
	var unzipped uint64
	for _, p := range []string{b.sheetPart, b.sstPart} {
		if f := b.parts[strings.ToLower(p)]; p != "" {
			unzipped += f.UncompressedSize64
		}
	}
	if unzipped > maxWorkbookUnzipped {
		return nil, &WorkbookError{File: file, Err: fmt.Errorf("its sheet and shared strings unpack to %d MiB; at most %d MiB are read: save it as CSV, or split it", unzipped>>20, maxWorkbookUnzipped>>20)}
	}
	if stylesPart != "" && b.parts[strings.ToLower(stylesPart)] != nil {
		if err := b.readStyles(stylesPart); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// open returns a part's unpacked XML, bounded: in bytes (limit), and in
// the length of any text or markup, so that the XML reader buffers little.
func (b *workbook) open(part string, limit int64) (io.ReadCloser, error) {
	f := b.parts[strings.ToLower(part)]
	if f == nil {
		return nil, &WorkbookError{File: b.file, Part: part, Err: errors.New("missing")}
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, &WorkbookError{File: b.file, Part: part, Err: fmt.Errorf("unpacks to %d MiB; at most %d MiB are read", f.UncompressedSize64>>20, limit>>20)}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &WorkbookError{File: b.file, Part: part, Err: err}
	}
	return &runLimiter{r: rc, c: rc}, nil
}

// runLimiter fails a read once more than maxMarkupRun bytes pass without
// a < or a >: no text, attribute or name may be longer.
type runLimiter struct {
	r   io.Reader
	c   io.Closer
	run int
}

var errLongRun = fmt.Errorf("a text or markup longer than %d KiB", maxMarkupRun>>10)

func (l *runLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		if c == '<' || c == '>' {
			l.run = 0
		} else if l.run++; l.run > maxMarkupRun {
			return 0, errLongRun
		}
	}
	return n, err
}

func (l *runLimiter) Close() error { return l.c.Close() }

// decoder reads a part's XML. Names are compared by their local part, so
// that the strict format's prefixed names read as the usual ones.
func (b *workbook) decoder(part string, limit int64) (*partDecoder, error) {
	rc, err := b.open(part, limit)
	if err != nil {
		return nil, err
	}
	d := xmlDecoder(rc)
	return &partDecoder{d: d, rc: rc, part: part, file: b.file}, nil
}

type relation struct{ id, typ, target string }

// relsOf is the relationships part of a part: xl/workbook.xml's is
// xl/_rels/workbook.xml.rels.
func relsOf(part string) string {
	dir, name := path.Split(part)
	return dir + "_rels/" + name + ".rels"
}

// rels reads a relationships part, resolving each target against the
// folder of the part it belongs to.
func (b *workbook) rels(part string) ([]relation, error) {
	d, err := b.decoder(part, maxWorkbookPart)
	if err != nil {
		return nil, err
	}
	defer d.close()
	base := path.Dir(path.Dir(part)) // xl/_rels/workbook.xml.rels -> xl
	var out []relation
	for {
		tok, err := d.token()
		if err != nil {
			return nil, err
		}
		if tok == nil {
			return out, nil
		}
		if se, ok := tok.(startElement); ok && se.local == "Relationship" {
			r := relation{id: se.attr("Id"), typ: se.attr("Type"), target: se.attr("Target")}
			if se.attr("TargetMode") == "External" {
				continue
			}
			if strings.HasPrefix(r.target, "/") {
				r.target = path.Clean(strings.TrimPrefix(r.target, "/"))
			} else {
				r.target = path.Join(base, r.target)
			}
			out = append(out, r)
		}
	}
}

// readWorkbook reads the first sheet's name and relationship id, and
// whether day counts are from 1904.
func (b *workbook) readWorkbook(part string) (sheetID string, err error) {
	d, err := b.decoder(part, maxWorkbookPart)
	if err != nil {
		return "", err
	}
	defer d.close()
	for {
		tok, err := d.token()
		if err != nil {
			return "", err
		}
		if tok == nil {
			return "", &WorkbookError{File: b.file, Part: part, Err: errors.New("the workbook has no sheet")}
		}
		se, ok := tok.(startElement)
		if !ok {
			continue
		}
		switch se.local {
		case "workbookPr":
			v := se.attr("date1904")
			b.date1904 = v == "1" || v == "true"
		case "sheet":
			b.sheetName = se.attr("name")
			return se.attr("id"), nil
		}
	}
}

// readStyles learns which cell styles show a date or a time.
func (b *workbook) readStyles(part string) error {
	d, err := b.decoder(part, maxWorkbookPart)
	if err != nil {
		return err
	}
	defer d.close()
	custom := map[int]bool{} // custom number formats that show a date
	inXfs := false
	for {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case nil:
			return nil
		case startElement:
			switch t.local {
			case "numFmt":
				if id, err := strconv.Atoi(t.attr("numFmtId")); err == nil {
					custom[id] = dateFormat(t.attr("formatCode"))
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, _ := strconv.Atoi(t.attr("numFmtId"))
					date, ok := custom[id]
					if !ok {
						date = builtinDate(id)
					}
					b.dates = append(b.dates, date)
				}
			}
		case endElement:
			if t.local == "cellXfs" {
				inXfs = false
			}
		}
	}
}

// builtinDate reports whether a built-in number format shows a date or a
// time: 14 to 22 and 45 to 47, and the East Asian ones, 27 to 36 and 50
// to 58.
func builtinDate(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
}

// dateFormat reports whether a number format code shows a date or a time:
// whether, outside quoted text, escaped characters and [colours], it has
// a d, m, y, h or s.
func dateFormat(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return false
			}
			inner := strings.ToLower(code[i+1 : i+1+j])
			if strings.Trim(inner, "hms") == "" { // an elapsed time, [h]:mm
				return true
			}
			i += j + 1
		case 'd', 'D', 'm', 'M', 'y', 'Y', 'h', 'H', 's', 'S', 'e':
			if c == 'e' && !(i+1 < len(code) && code[i+1] == 'e') {
				continue // E+ is a number's exponent; ee a year in some locales
			}
			return true
		}
	}
	return false
}

// isDate reports whether the style with index s shows a date.
func (b *workbook) isDate(s int) bool { return s >= 0 && s < len(b.dates) && b.dates[s] }

// scan reads the sheet once to learn which shared strings its rows use,
// keeps those, and returns a scanner of the sheet's rows. The first
// reading also meets any error in the sheet's XML before a row is
// rendered, so that a workbook is refused whole or read to its end.
func (b *workbook) scan() (*sheetScanner, error) {
	sh := &shared{}
	if b.sstPart != "" {
		// Each shared string takes at least the 5 bytes of <si/>.
		sh.max = int(min(b.parts[strings.ToLower(b.sstPart)].UncompressedSize64/5+1, maxWorkbookUnzipped))
	}
	s, err := b.sheet()
	if err != nil {
		return nil, err
	}
	for {
		r, ok, err := s.next()
		if err != nil {
			s.close()
			return nil, err
		}
		if !ok {
			break
		}
		for _, i := range r.shared {
			sh.want(i)
		}
		if r.err != nil || hasText(r) {
			b.nonEmpty++
		}
	}
	s.close()
	if b.sstPart != "" {
		if err := b.readShared(sh); err != nil {
			return nil, err
		}
	}
	b.strings = sh
	if s, err = b.sheet(); err != nil {
		return nil, err
	}
	s.strings = b.strings
	return s, nil
}

func (b *workbook) sheet() (*sheetScanner, error) {
	d, err := b.decoder(b.sheetPart, maxWorkbookUnzipped)
	if err != nil {
		return nil, err
	}
	return &sheetScanner{book: b, d: d}, nil
}

// shared holds the shared strings the rows use: a bit for each string
// that says whether it is kept, and the kept strings' text in order.
type shared struct {
	max   int      // no string has this index or more
	bits  []uint64 // wanted strings, by index
	rank  []uint32 // the number of wanted strings before each word of bits
	ends  []uint32 // where each kept string's text ends in text
	text  []byte
	count int // strings the part holds
}

func (s *shared) want(i int) {
	if i < 0 || i >= s.max {
		return // no such string: the row fails when it reads it
	}
	w := i / 64
	if w >= len(s.bits) {
		s.bits = append(s.bits, make([]uint64, w+1-len(s.bits))...)
	}
	s.bits[w] |= 1 << (i % 64)
}

func (s *shared) wanted(i int) bool {
	w := i / 64
	return i >= 0 && w < len(s.bits) && s.bits[w]&(1<<(i%64)) != 0
}

// get returns shared string i, if the rows use it and the part has it.
func (s *shared) get(i int) (string, bool) {
	if s == nil || i >= s.count || !s.wanted(i) {
		return "", false
	}
	w := i / 64
	k := int(s.rank[w]) + bits.OnesCount64(s.bits[w]&(1<<(i%64)-1))
	start := uint32(0)
	if k > 0 {
		start = s.ends[k-1]
	}
	return string(s.text[start:s.ends[k]]), true
}

// readShared reads the shared strings part, keeping the strings wanted.
func (b *workbook) readShared(sh *shared) error {
	sh.rank = make([]uint32, len(sh.bits))
	n := uint32(0)
	for w, word := range sh.bits {
		sh.rank[w] = n
		n += uint32(bits.OnesCount64(word))
	}
	d, err := b.decoder(b.sstPart, maxWorkbookUnzipped)
	if err != nil {
		return err
	}
	defer d.close()
	var text []byte
	in, keep, phonetic := false, false, 0
	capture := false
	kept := 0
	for {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case nil:
			return nil
		case startElement:
			switch t.local {
			case "si":
				in, keep, text = true, sh.wanted(sh.count), text[:0]
				if sh.count >= sh.max {
					return &WorkbookError{File: b.file, Part: b.sstPart, Err: errors.New("more shared strings than its size allows")}
				}
			case "rPh":
				phonetic++
			case "t":
				capture = in && keep && phonetic == 0
			}
		case endElement:
			switch t.local {
			case "si":
				if keep {
					s := unescapeXString(text)
					kept += len(s) + 8
					if kept > maxSharedText {
						return &WorkbookError{File: b.file, Part: b.sstPart, Err: fmt.Errorf("%w: the rows use more than %d MiB of text: save the sheet as CSV, or split it", ErrSharedStrings, maxSharedText>>20)}
					}
					sh.text = append(sh.text, s...)
					sh.ends = append(sh.ends, uint32(len(sh.text)))
				}
				in, keep, phonetic = false, false, 0
				sh.count++
			case "rPh":
				phonetic = max(phonetic-1, 0)
			case "t":
				capture = false
			}
		case charData:
			if capture {
				if len(text)+len(t) > maxCellText {
					return &WorkbookError{File: b.file, Part: b.sstPart, Err: fmt.Errorf("shared string %d is longer than %d KiB", sh.count, maxCellText>>10)}
				}
				text = append(text, t...)
			}
		}
	}
}

// unescapeXString undoes the escapes of the OOXML string type: _xHHHH_ is
// the character HHHH (a control character, or _x005F_ for an underscore
// that would otherwise start one).
func unescapeXString(b []byte) string {
	if !bytes.Contains(b, []byte("_x")) {
		return string(b)
	}
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		if b[i] == '_' && i+6 < len(b) && b[i+1] == 'x' && b[i+6] == '_' {
			if n, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 16); err == nil {
				r := rune(n)
				if !utf8.ValidRune(r) {
					r = utf8.RuneError
				}
				out.WriteRune(r)
				i += 6
				continue
			}
		}
		out.WriteByte(b[i])
	}
	return out.String()
}
