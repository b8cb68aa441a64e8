package docid

import (
	"bytes"
	"encoding/binary"
	"io"
	"sort"
)

// Scanner finds the ids a document names, as [FindAll] does for the
// whole, from the document written to it piece by piece, holding only a
// few dozen bytes of it: for files too large to hold, such as uploads. A
// DOCX's identifier needs the file read out of order, which [FindAllAt]
// does.
type Scanner struct {
	head []byte // the first 1,024 bytes, to tell a PDF or a zip
	tail []byte // the last bytes written, where an id may begin
	buf  []byte // the tail and the piece being scanned
	off  int64  // the bytes written
	skip string // an id found elsewhere (a DOCX's identifier), which comes first

	// By width (ASCII, UTF-16): the distinct ids in the order they first
	// appear, each at its first offset, up to one past MaxFound.
	hits [2][]hit
	seen [2]map[string]bool
}

type hit struct {
	at int64
	id string
}

// overlap is how much of what was written before a piece is scanned with
// it: enough for an id in UTF-16 that began before the piece.
const overlap = 2 * Len

// Write scans p; it never fails.
func (s *Scanner) Write(p []byte) (int, error) {
	if len(s.head) < 1024 {
		s.head = append(s.head, p[:min(len(p), 1024-len(s.head))]...)
	}
	s.buf = append(append(s.buf[:0], s.tail...), p...)
	base := s.off - int64(len(s.tail)) // the offset of buf in the file
	for w := range s.hits {
		if len(s.hits[w]) > MaxFound {
			continue // as far as FindAll looks
		}
		if s.seen[w] == nil {
			s.seen[w] = map[string]bool{}
		}
		// An id met again in the overlap was met before; any other is
		// met for the first time, and ids are met in the order of the
		// file, since the ids of one width are all as long.
		scanAll(s.buf, w+1, func(at int, id string) bool {
			if id == s.skip || s.seen[w][id] {
				return true
			}
			s.seen[w][id] = true
			s.hits[w] = append(s.hits[w], hit{base + int64(at), id})
			return len(s.hits[w]) <= MaxFound
		})
	}
	s.off += int64(len(p))
	s.tail = append(s.tail[:0], s.buf[max(0, len(s.buf)-overlap):]...)
	return len(p), nil
}

// IDs returns what FindAll returns for the document written.
func (s *Scanner) IDs() (ids []string, more bool) {
	if !bytes.HasPrefix(s.head, []byte("PK")) && !bytes.Contains(s.head, []byte("%PDF-")) {
		return nil, false
	}
	if s.skip != "" {
		ids = append(ids, s.skip)
	}
	hits := append(append([]hit(nil), s.hits[0]...), s.hits[1]...)
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	seen := map[string]bool{s.skip: true}
	for _, h := range hits {
		if seen[h.id] {
			continue
		}
		if len(ids) == MaxFound {
			return ids, true
		}
		seen[h.id] = true
		ids = append(ids, h.id)
	}
	return ids, false
}

// FindAllAt returns what FindAll returns for the document of size bytes
// that r reads, reading it in pieces rather than whole.
func FindAllAt(r io.ReaderAt, size int64) (ids []string, more bool, err error) {
	head := make([]byte, min(size, 2))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, false, err
	}
	var s Scanner
	if bytes.HasPrefix(head, []byte("PK")) {
		s.skip = inZip(r, size)
	}
	if _, err := io.CopyBuffer(&s, io.NewSectionReader(r, 0, size), make([]byte, 64<<10)); err != nil {
		return nil, false, err
	}
	ids, more = s.IDs()
	return ids, more, nil
}

// maxEntries bounds the files a zip may hold for its identifier to be
// read: a Clausemark DOCX holds about a dozen, and reading the directory
// of a zip costs memory for each.
const maxEntries = 1000

// fewEntries reports whether the zip file of size bytes that r reads
// says, in its end of central directory record, that it holds at most
// maxEntries files. A zip64 file, whose count is elsewhere, does not.
func fewEntries(r io.ReaderAt, size int64) bool {
	const recLen = 22 // the record without its comment, which may be up to 65,535 bytes
	n := min(size, recLen+65535)
	buf := make([]byte, n)
	if _, err := r.ReadAt(buf, size-n); err != nil && err != io.EOF {
		return false
	}
	i := bytes.LastIndex(buf, []byte("PK\x05\x06"))
	if i < 0 || len(buf)-i < recLen {
		return false
	}
	total := binary.LittleEndian.Uint16(buf[i+10:])
	return total != 0xffff && total <= maxEntries
}
