package font

import (
	"crypto/sha256"
	"math/bits"
	"sync"
)

// A document's font is a subset of the face holding the characters it
// draws plus printable ASCII, so that documents which differ only in
// names and figures share one subset. Subsets are made once per process
// and kept in a bounded cache: the bytes depend only on the set of
// characters, never on what the cache holds, so output stays
// deterministic.

// RuneSet is a set of runes in the Basic Multilingual Plane; the zero
// value is empty.
type RuneSet [0x10000 / 64]uint64

// Add puts r in the set; a rune outside the Basic Multilingual Plane is
// ignored.
func (s *RuneSet) Add(r rune) {
	if r >= 0 && r < 0x10000 {
		s[r/64] |= 1 << (r % 64)
	}
}

// key returns the set's runes as a string of big-endian pairs, the cache key.
func (s *RuneSet) key() string {
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

// Char is a character of a subset, its glyph, and its advance in
// thousandths of an em.
type Char struct {
	Rune  rune
	Glyph uint16
	Width int
}

// Subset is a face cut down to a set of characters.
type Subset struct {
	// Name is the subset's tag and the face's PostScript name,
	// "ABCDEF+DejaVuSerif": six capital letters taken from a hash of the
	// characters, so that the same characters give the same name.
	Name    string
	Program []byte // the TrueType program, holding the glyphs of Chars
	Chars   []Char // by rune, in increasing order

	once    sync.Once
	encoded any
}

// Encoded returns what encode makes of s, made on the first call only: a
// document format keeps the subset's encoded objects there, so that the
// documents sharing a subset share them too. Every call must pass the
// same encode.
func (s *Subset) Encoded(encode func(*Subset) any) any {
	s.once.Do(func() { s.encoded = encode(s) })
	return s.encoded
}

// maxCachedSubsets bounds the cache per face; a batch over many customers
// meets few distinct character sets once ASCII is always included.
const maxCachedSubsets = 64

type subsetCache struct {
	mu    sync.Mutex
	faces [NumFaces]map[string]*Subset
	order [NumFaces][]string // insertion order, for eviction
}

// Subset returns face cut down to the runes in used and the printable
// ASCII characters the face has, from the cache or made now; used gains
// those ASCII characters. It fails only when the face cannot be read.
func (fs *Fonts) Subset(face Face, used *RuneSet) (*Subset, error) {
	if err := fs.Load(face); err != nil {
		return nil, err
	}
	for r := rune(0x20); r < 0x7f; r++ {
		if fs.Has(face, r) {
			used.Add(r)
		}
	}
	key := used.key()
	c := &fs.cache
	c.mu.Lock()
	sf := c.faces[face][key]
	c.mu.Unlock()
	if sf != nil {
		return sf, nil
	}
	sf = fs.makeSubset(face, key)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.faces[face] == nil {
		c.faces[face] = map[string]*Subset{}
	}
	if old, ok := c.faces[face][key]; ok {
		return old, nil
	}
	if len(c.order[face]) >= maxCachedSubsets {
		delete(c.faces[face], c.order[face][0])
		c.order[face] = c.order[face][1:]
	}
	c.faces[face][key] = sf
	c.order[face] = append(c.order[face], key)
	return sf, nil
}

// cached returns the number of subsets of face in the cache.
func (fs *Fonts) cached(face Face) int {
	fs.cache.mu.Lock()
	defer fs.cache.mu.Unlock()
	return len(fs.cache.faces[face])
}

// makeSubset builds the subset of face for the runes in key.
func (fs *Fonts) makeSubset(face Face, key string) *Subset { return fs.faces[face].subset(key) }

// subset builds the subset of p for the runes in key.
func (p *parsed) subset(key string) *Subset {
	usedGlyphs := make([]bool, p.prog.numGlyphs)
	chars := make([]Char, 0, len(key)/2)
	for i := 0; i+1 < len(key); i += 2 {
		r := rune(key[i])<<8 | rune(key[i+1])
		usedGlyphs[p.glyphs[r]] = true
		chars = append(chars, Char{Rune: r, Glyph: p.glyphs[r], Width: int(p.widths[r])})
	}
	sum := sha256.Sum256([]byte(key))
	name := p.desc.PostScriptName
	tag := make([]byte, 0, 7+len(name))
	for i := range 6 {
		tag = append(tag, 'A'+sum[i]%26)
	}
	tag = append(tag, '+')
	tag = append(tag, name...)
	return &Subset{Name: string(tag), Program: p.prog.subset(usedGlyphs, chars), Chars: chars}
}
