package pdf

import (
	"bytes"
	"crypto/sha256"
	"math/bits"
	"strconv"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// A document's font is a subset of the face holding the characters it
// draws plus printable ASCII, so that documents which differ only in
// names and figures share one subset. Subsets are made once per process
// and kept in a bounded cache: the bytes depend only on the set of
// characters, never on what the cache holds, so output stays
// deterministic.

// runeSet is a set of runes in the Basic Multilingual Plane.
type runeSet [0x10000 / 64]uint64

func (s *runeSet) add(r rune) {
	if r >= 0 && r < 0x10000 {
		s[r/64] |= 1 << (r % 64)
	}
}

// key returns the set's runes as a string of big-endian pairs, the cache key.
func (s *runeSet) key() string {
	var b []byte
	for i, w := range s {
		for w != 0 {
			bit := bits.TrailingZeros64(w)
			r := i*64 + bit
			b = append(b, byte(r>>8), byte(r))
			w &^= 1 << bit
		}
	}
	return string(b)
}

// subsetFont is the part of a font's PDF objects that depends on the
// characters used: the embedded program, the CID-to-glyph map and the widths.
type subsetFont struct {
	name     string // subset tag and PostScript name, e.g. "ABCDEF+DejaVuSerif"
	program  []byte // the TrueType subset, zlib-compressed
	length1  int    // its size before compression
	cidToGID []byte // two bytes per CID from 0 to the highest used, zlib-compressed
	widths   []byte // the /W array
}

// maxCachedSubsets bounds the cache per face; a batch over many customers
// meets few distinct character sets once ASCII is always included.
const maxCachedSubsets = 64

type subsetCache struct {
	mu    sync.Mutex
	faces [numFaces]map[string]*subsetFont
	order [numFaces][]string // insertion order, for eviction
}

// subset returns the font for face covering used, from the cache or made now.
func (fs *Fonts) subset(face Face, used *runeSet) *subsetFont {
	fs.load(face)
	for r := rune(0x20); r < 0x7f; r++ {
		if fs.has(face, r) {
			used.add(r)
		}
	}
	key := used.key()
	c := &fs.cache
	c.mu.Lock()
	sf := c.faces[face][key]
	c.mu.Unlock()
	if sf != nil {
		return sf
	}
	sf = fs.makeSubset(face, key)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.faces[face] == nil {
		c.faces[face] = map[string]*subsetFont{}
	}
	if _, ok := c.faces[face][key]; !ok {
		if len(c.order[face]) >= maxCachedSubsets {
			delete(c.faces[face], c.order[face][0])
			c.order[face] = c.order[face][1:]
		}
		c.faces[face][key] = sf
		c.order[face] = append(c.order[face], key)
	}
	return sf
}

// makeSubset builds the font objects' data for the runes in key.
func (fs *Fonts) makeSubset(face Face, key string) *subsetFont {
	t := fs.tables[face]
	gids := fs.glyphs[face]
	widths := fs.widths[face]
	usedGlyphs := make([]bool, t.numGlyphs)
	chars := make([]mapping, 0, len(key)/2)
	maxCID := 0
	for i := 0; i+1 < len(key); i += 2 {
		r := int(key[i])<<8 | int(key[i+1])
		usedGlyphs[gids[r]] = true
		chars = append(chars, mapping{uint16(r), gids[r]})
		maxCID = r
	}
	program := t.subset(usedGlyphs, chars)

	cidToGID := make([]byte, 2*(maxCID+1))
	var w []byte
	w = append(w, '[')
	prev := -2
	for i := 0; i+1 < len(key); i += 2 {
		r := int(key[i])<<8 | int(key[i+1])
		g := gids[r]
		cidToGID[2*r], cidToGID[2*r+1] = byte(g>>8), byte(g)
		if r != prev+1 {
			if prev >= 0 {
				w = append(w, "] "...)
			}
			w = strconv.AppendInt(w, int64(r), 10)
			w = append(w, " ["...)
		} else {
			w = append(w, ' ')
		}
		w = strconv.AppendInt(w, int64(widths[r]), 10)
		prev = r
	}
	if prev >= 0 {
		w = append(w, ']')
	}
	w = append(w, ']')

	// The subset tag is six capital letters (ISO 32000-1 §9.6.4), here
	// taken from a hash of the characters so that it is deterministic.
	sum := sha256.Sum256([]byte(key))
	tag := make([]byte, 0, 7+len(fs.desc[face].name))
	for i := range 6 {
		tag = append(tag, 'A'+sum[i]%26)
	}
	tag = append(tag, '+')
	tag = append(tag, fs.desc[face].name...)
	return &subsetFont{
		name:     string(tag),
		program:  deflate(program),
		length1:  len(program),
		cidToGID: deflate(cidToGID),
		widths:   w,
	}
}

// deflate returns data zlib-compressed at the best level, as FlateDecode reads it
// (klauspost/compress: at its best compression, twice the standard
// library's speed for the same size on font programs).
//
// A compressor at this level holds about a megabyte of tables, which a
// short process pays for in page faults more than in anything else, so
// the few made are kept for reuse.
func deflate(data []byte) []byte {
	var b bytes.Buffer
	zw := bestWriters.Get().(*zlib.Writer)
	defer bestWriters.Put(zw)
	zw.Reset(&b)
	zw.Write(data) // to memory: cannot fail
	zw.Close()
	return b.Bytes()
}

var bestWriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestCompression) // a valid level
	return zw
}}
