package registry

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strconv"
)

// A PDF signed after it was issued is the issued file with incremental
// updates appended (ISO 32000-2, 7.5.6): the e-signature tool adds the
// signature's objects, a cross-reference section for them, and a trailer
// whose /Prev points to the file's previous cross-reference, each update
// ending in %%EOF. The issued bytes are then the file's first bytes, up
// to one of its %%EOF markers. A [Digester] reads a file once, in pieces,
// and keeps the SHA-256 of each such prefix and the bytes after them, so
// that verification can find the issued part of a signed copy without
// holding the whole file.

const (
	// MaxMarkers bounds the %%EOF markers of a file that may end its
	// issued part; those after are not looked at.
	MaxMarkers = 64
	// MaxTail bounds the bytes after the issued part that verification
	// reads: the incremental updates of a signed copy.
	MaxTail = 8 << 20
)

// Digest is what verification needs of a file's bytes: its SHA-256, and
// for a PDF the SHA-256 of each part of it that ends at a %%EOF marker,
// with the bytes after them (at most MaxTail). Make one with a
// [Digester], or give only the SHA-256 to [Registry.VerifyDigest].
type Digest struct {
	SHA256 string // the whole file's, in hex
	Bytes  int64  // the file's size

	prefixes []prefix // ascending
	tail     []byte   // the file from tailAt to its end
	tailAt   int64
}

// prefix is a file's first bytes up to a %%EOF marker (and the end of
// line after it, or not), and the offset its last startxref gives.
type prefix struct {
	bytes     int64
	sha256    string
	startxref int64
}

// after returns the bytes of the file after p, and whether the digest
// kept them.
func (d *Digest) after(p prefix) ([]byte, bool) {
	if d.tail == nil || p.bytes < d.tailAt || p.bytes-d.tailAt > int64(len(d.tail)) {
		return nil, false
	}
	return d.tail[p.bytes-d.tailAt:], true
}

// Digester computes a file's [Digest] from its bytes, written to it in
// order. The zero Digester is ready to use.
type Digester struct {
	h      hash.Hash
	n      int64
	head   []byte // the first bytes, up to len("%PDF-")
	win    []byte // the bytes before the current one, at most winSize
	match  int    // bytes of "%%EOF" matched
	after  byte   // 0, or the state after a marker: 'e' (just ended), 'r' (a CR after it)
	marker int64  // the startxref before the last marker, -1 if it has none
	seen   int    // markers seen

	prefixes []prefix
	tail     []byte
	tailAt   int64
	tailing  bool
}

// winSize is how much of a file before a %%EOF marker is kept to read
// the startxref that precedes it.
const winSize = 64

var eofMarker = []byte("%%EOF")

// Write adds p to the file's bytes. It never fails.
func (d *Digester) Write(p []byte) (int, error) {
	if d.h == nil {
		d.h = sha256.New()
	}
	n := len(p)
	for len(p) > 0 {
		cut, boundary := d.scan(p)
		d.take(p[:cut])
		if boundary {
			d.boundary()
		}
		p = p[cut:]
	}
	return n, nil
}

// scan returns how many bytes of p come before the next prefix boundary
// (all of them if none), and whether a boundary follows them.
func (d *Digester) scan(p []byte) (int, bool) {
	if d.seen >= MaxMarkers {
		return len(p), false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch d.after {
		case 'e':
			d.after = 0
			switch c {
			case '\n':
				return i + 1, true
			case '\r':
				d.after = 'r'
				return i + 1, true
			}
		case 'r':
			d.after = 0
			if c == '\n' {
				return i + 1, true
			}
		}
		if d.match == 0 {
			j := bytes.IndexByte(p[i:], '%')
			if j < 0 {
				return len(p), false
			}
			i += j
			c = '%'
		}
		switch {
		case c == eofMarker[d.match]:
			d.match++
		case c == '%' && d.match == 2:
			// "%%%": the last two may still begin the marker.
		case c == '%':
			d.match = 1
		default:
			d.match = 0
		}
		if d.match == len(eofMarker) {
			d.match = 0
			d.after = 'e'
			d.seen++
			d.marker = d.startxref(p[:i+1])
			return i + 1, true
		}
	}
	return len(p), false
}

// startxref reads the offset of the "startxref N" that comes right before
// the marker ending p (the bytes not yet taken; earlier ones are in the
// window), or -1.
func (d *Digester) startxref(p []byte) int64 {
	b := append(d.win[:len(d.win):len(d.win)], p[max(0, len(p)-winSize):]...)
	b = bytes.TrimSuffix(b, eofMarker)
	b = bytes.TrimRight(b, " \t\r\n\f\x00")
	i := len(b)
	for i > 0 && b[i-1] >= '0' && b[i-1] <= '9' {
		i--
	}
	off, err := strconv.ParseInt(string(b[i:]), 10, 64)
	if err != nil || i == len(b) {
		return -1
	}
	rest := bytes.TrimRight(b[:i], " \t\r\n\f\x00")
	if !bytes.HasSuffix(rest, []byte("startxref")) {
		return -1
	}
	return off
}

// take adds the bytes p, which hold no boundary but at their end.
func (d *Digester) take(p []byte) {
	d.h.Write(p)
	d.n += int64(len(p))
	if len(d.head) < len("%PDF-") {
		d.head = append(d.head, p[:min(len(p), len("%PDF-")-len(d.head))]...)
	}
	if len(p) >= winSize {
		d.win = append(d.win[:0], p[len(p)-winSize:]...)
	} else {
		d.win = append(d.win, p...)
		if len(d.win) > winSize {
			d.win = append(d.win[:0], d.win[len(d.win)-winSize:]...)
		}
	}
	if d.tailing {
		d.tail = append(d.tail, p...)
		if len(d.tail) > MaxTail {
			d.trim()
		}
	}
}

// trim drops from the tail kept the bytes more than MaxTail from the end,
// and the prefixes they follow, which can no longer be checked.
func (d *Digester) trim() {
	keep := 0
	for keep < len(d.prefixes) && d.n-d.prefixes[keep].bytes > MaxTail {
		keep++
	}
	d.prefixes = d.prefixes[keep:]
	if len(d.prefixes) == 0 {
		d.tail, d.tailing = nil, false
		return
	}
	from := d.prefixes[0].bytes
	d.tail = append([]byte(nil), d.tail[from-d.tailAt:]...)
	d.tailAt = from
}

// boundary notes that the bytes so far may be a file's issued part.
func (d *Digester) boundary() {
	if d.marker < 0 || !bytes.Equal(d.head, []byte("%PDF-")) {
		return
	}
	d.prefixes = append(d.prefixes, prefix{bytes: d.n, sha256: hex.EncodeToString(d.h.Sum(nil)), startxref: d.marker})
	if !d.tailing {
		d.tail, d.tailAt, d.tailing = nil, d.n, true
	}
}

// Digest returns the digest of the bytes written so far.
func (d *Digester) Digest() *Digest {
	if d.h == nil {
		d.h = sha256.New()
	}
	out := &Digest{SHA256: hex.EncodeToString(d.h.Sum(nil)), Bytes: d.n, tailAt: d.tailAt}
	for _, p := range d.prefixes {
		if p.bytes < d.n { // the whole file is looked up as it is
			out.prefixes = append(out.prefixes, p)
		}
	}
	if len(out.prefixes) > 0 {
		out.tail = d.tail
	}
	return out
}
