// Package docid makes and finds document ids: short references such as
// "CM-7K3M-Q2XA-9PZB-1TRE" that a generated document carries in its
// metadata and footer, so that a file can be traced back to its record
// even when its bytes have changed.
//
// An id is derived from what the document says (its text and the versions
// it was made from), never from the clock, so the same inputs give the
// same id and the same bytes. Sixteen Crockford base-32 digits hold 80
// bits of a SHA-256 digest.
package docid

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"io"
	"sort"
	"strings"
)

// Prefix starts every id.
const Prefix = "CM-"

// Len is the length of an id in bytes.
const Len = len(Prefix) + 16 + 3

const digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ" // Crockford's base 32: no I, L, O, U

// New returns the id of a document made from parts, in order.
func New(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		// A length before each part keeps ("ab","c") and ("a","bc") apart.
		var n [8]byte
		for i, l := 0, uint64(len(p)); i < 8; i, l = i+1, l>>8 {
			n[i] = byte(l)
		}
		h.Write(n[:])
		h.Write([]byte(p))
	}
	sum := h.Sum(nil)
	var b strings.Builder
	b.Grow(Len)
	b.WriteString(Prefix)
	// 80 bits, 5 at a time, most significant first.
	var acc uint64
	bits := 0
	k := 0
	for _, c := range sum[:10] {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			if k > 0 && k%4 == 0 {
				b.WriteByte('-')
			}
			b.WriteByte(digits[(acc>>bits)&31])
			k++
		}
	}
	return b.String()
}

// Valid reports whether s is written as an id.
func Valid(s string) bool {
	if len(s) != Len || !strings.HasPrefix(s, Prefix) {
		return false
	}
	for i, c := range s[len(Prefix):] {
		if i%5 == 4 {
			if c != '-' {
				return false
			}
			continue
		}
		if !strings.ContainsRune(digits, c) {
			return false
		}
	}
	return true
}

// Normalize returns s as an id, accepting lower case and the letters that
// Crockford's alphabet reads as digits (O as 0, I and L as 1), or "" if s
// is not one.
func Normalize(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if !strings.HasPrefix(s, Prefix) {
		return ""
	}
	s = Prefix + strings.NewReplacer("O", "0", "I", "1", "L", "1").Replace(s[len(Prefix):])
	if !Valid(s) {
		return ""
	}
	return s
}

// maxCore bounds the DOCX core properties part read when looking for an id.
const maxCore = 1 << 20

// Find returns the id a document's bytes carry: in a DOCX, the identifier
// of its core properties; in a PDF, the last id written in UTF-16 (the end
// of the keywords, after the title and the customer's name, which could
// look like an id), else the last in ASCII. Other files (Markdown, HTML)
// carry no id: Find returns "" for them, as when there is none, rather
// than take a customer's name for one.
func Find(data []byte) string {
	if bytes.HasPrefix(data, []byte("PK")) {
		return inDOCX(data)
	}
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return ""
	}
	if id := scan(data, 2); id != "" {
		return id
	}
	return scan(data, 1)
}

// inDOCX reads the dc:identifier of docProps/core.xml.
func inDOCX(data []byte) string {
	return inZip(bytes.NewReader(data), int64(len(data)))
}

// inZip reads the dc:identifier of docProps/core.xml in the zip file of
// size bytes that r reads.
func inZip(r io.ReaderAt, size int64) string {
	if !fewEntries(r, size) {
		return ""
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return ""
	}
	for _, f := range zr.File {
		if f.Name != "docProps/core.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return ""
		}
		defer rc.Close()
		d := xml.NewDecoder(io.LimitReader(rc, maxCore))
		in := false
		for {
			tok, err := d.Token()
			if err != nil {
				return ""
			}
			switch t := tok.(type) {
			case xml.StartElement:
				in = t.Name.Local == "identifier"
			case xml.CharData:
				if in {
					return Normalize(string(t))
				}
			case xml.EndElement:
				in = false
			}
		}
	}
	return ""
}

// scan returns the last id written with width bytes a character: 1 for
// ASCII, 2 for UTF-16 big-endian.
func scan(data []byte, width int) string {
	last := ""
	scanAll(data, width, func(_ int, id string) bool {
		last = id
		return true
	})
	return last
}

// scanAll calls found with the offset and text of each id written with
// width bytes a character (1 for ASCII, 2 for UTF-16 big-endian), in
// order, until found returns false.
func scanAll(data []byte, width int, found func(at int, id string) bool) {
	pat := make([]byte, 0, len(Prefix)*width)
	for i := range len(Prefix) {
		if width == 2 {
			pat = append(pat, 0)
		}
		pat = append(pat, Prefix[i])
	}
	off := 0
	rest := data
	for {
		i := bytes.Index(rest, pat)
		if i < 0 {
			return
		}
		start := i
		if width == 2 {
			start = i + 1 // the low bytes
		}
		if start+Len*width-(width-1) <= len(rest) {
			var b [Len]byte
			ok := true
			for k := range Len {
				if width == 2 && rest[start+k*2-1] != 0 {
					ok = false
					break
				}
				b[k] = rest[start+k*width]
			}
			if ok && Valid(string(b[:])) && !found(off+i, string(b[:])) {
				return
			}
		}
		rest = rest[i+len(pat):]
		off += i + len(pat)
	}
}

// MaxFound bounds the ids [FindAll] returns: a file naming more is
// reported as naming more, not listed whole.
const MaxFound = 16

// FindAll returns every distinct id a document's bytes name, for
// verification to report them all: an issued file with another id added
// (appended, or in a second revision of a PDF) names two. In a PDF, the
// ids written in ASCII or UTF-16, in the order they first appear; in a
// DOCX, the identifier of its core properties, then any other written
// plainly in its bytes. Other files (Markdown, HTML) name none, as for
// [Find]. At most [MaxFound] ids; more reports that the file names
// others too.
func FindAll(data []byte) (ids []string, more bool) {
	seen := map[string]bool{}
	add := func(id string) bool {
		if seen[id] {
			return true
		}
		if len(ids) == MaxFound {
			more = true
			return false
		}
		seen[id] = true
		ids = append(ids, id)
		return true
	}
	if bytes.HasPrefix(data, []byte("PK")) {
		if id := inDOCX(data); id != "" {
			add(id)
		}
	} else if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return nil, false
	}
	// The two widths' ids merged by offset: each scan stops at the first
	// id past the bound, so neither runs over a file full of ids.
	type hit struct {
		at int
		id string
	}
	var hits []hit
	for _, width := range []int{1, 2} {
		n := 0
		local := map[string]bool{}
		scanAll(data, width, func(at int, id string) bool {
			if seen[id] || local[id] {
				return true
			}
			local[id] = true
			hits = append(hits, hit{at, id})
			n++
			return n <= MaxFound
		})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	for _, h := range hits {
		if !add(h.id) {
			break
		}
	}
	return ids, more
}
