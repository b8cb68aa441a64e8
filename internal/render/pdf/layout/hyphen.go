package layout

import (
	_ "embed"
	"strings"
	"sync"
)

// Hyphenation follows Liang's algorithm, as TeX does, with Knuth's US
// English patterns (hyph/hyphen.tex, the plain TeX tables, embedded
// unmodified as their notice asks) and the TUGboat list of exceptions
// (hyph/hyphenex.tex). Words break at least two letters from their start
// and three from their end, TeX's \lefthyphenmin and \righthyphenmin for
// English.

//go:embed hyph/hyphen.tex
var hyphenTeX string

//go:embed hyph/hyphenex.tex
var hyphenexTeX string

const (
	leftHyphenMin  = 2
	rightHyphenMin = 3
	minHyphenWord  = leftHyphenMin + rightHyphenMin // shorter words do not break
	maxHyphenWord  = 64                             // longer runs of letters are not words
)

// hyphenator holds the patterns and the exceptions.
type hyphenator struct {
	patterns   map[string][]uint8 // letters, with "." for a word's edge, to the values between them
	maxPattern int                // length of the longest pattern's letters
	exceptions map[string][]int   // word to the offsets it breaks at
	// known are the breaks of the words looked up so far, up to
	// maxKnown words: an agreement, and every agreement of a batch,
	// breaks the same words again and again.
	mu    sync.RWMutex
	known map[string][]int
}

// maxKnown bounds the words whose breaks a process keeps: at most 64
// letters and a few offsets each, a few MiB at most.
const maxKnown = 1 << 15

var loadHyphenator = sync.OnceValue(newHyphenator)

// newHyphenator reads the patterns and the exceptions from the embedded
// TeX files. The patterns' letters are one string and their values one
// slice, each key and value a part of them: two allocations, not two per
// pattern, for the four thousand and more the first hyphenated word of a
// process waits for.
func newHyphenator() *hyphenator {
	pats, exc := texGroups(hyphenTeX)
	_, more := texGroups(hyphenexTeX)
	exc = append(exc, more...)
	h := &hyphenator{
		patterns:   make(map[string][]uint8, len(pats)),
		exceptions: make(map[string][]int, len(exc)),
		known:      map[string][]int{},
	}
	size := 0
	for _, p := range pats {
		size += len(p)
	}
	letters := make([]byte, 0, size)
	values := make([]uint8, 0, size+len(pats))
	type span struct{ letters, values [2]int }
	spans := make([]span, len(pats))
	for i, p := range pats {
		sp := span{letters: [2]int{len(letters), 0}, values: [2]int{len(values), 0}}
		values = append(values, 0)
		for j := 0; j < len(p); j++ {
			c := p[j]
			if c >= '0' && c <= '9' {
				values[len(values)-1] = c - '0'
				continue
			}
			letters = append(letters, c)
			values = append(values, 0)
		}
		sp.letters[1], sp.values[1] = len(letters), len(values)
		spans[i] = sp
		h.maxPattern = max(h.maxPattern, sp.letters[1]-sp.letters[0])
	}
	all := string(letters)
	for _, sp := range spans {
		h.patterns[all[sp.letters[0]:sp.letters[1]]] = values[sp.values[0]:sp.values[1]:sp.values[1]]
	}
	for _, e := range exc {
		h.addException(e)
	}
	return h
}

// texGroups returns the words of a TeX file's \patterns{...} and
// \hyphenation{...} groups, comments left out. The files are ASCII: a
// word ends at a space, a tab or a line's end.
func texGroups(src string) (patterns, exceptions []string) {
	var cur *[]string
	for len(src) > 0 {
		line := src
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = ""
		}
		if i := strings.IndexByte(line, '%'); i >= 0 {
			line = line[:i]
		}
		for {
			start := 0
			for start < len(line) && isASCIISpace(line[start]) {
				start++
			}
			if start == len(line) {
				break
			}
			stop := start
			for stop < len(line) && !isASCIISpace(line[stop]) {
				stop++
			}
			f := line[start:stop]
			line = line[stop:]
			switch {
			case strings.HasPrefix(f, `\patterns{`):
				cur = &patterns
				f = strings.TrimPrefix(f, `\patterns{`)
			case strings.HasPrefix(f, `\hyphenation{`):
				cur = &exceptions
				f = strings.TrimPrefix(f, `\hyphenation{`)
			}
			if cur == nil {
				continue
			}
			end := strings.HasSuffix(f, "}")
			if f = strings.TrimSuffix(f, "}"); f != "" {
				*cur = append(*cur, f)
			}
			if end {
				cur = nil
			}
		}
	}
	return patterns, exceptions
}

// isASCIISpace reports whether c is white space in the TeX files.
func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// addException adds a word written with its breaks, "as-so-ciate".
func (h *hyphenator) addException(e string) {
	var word strings.Builder
	var at []int
	for i := 0; i < len(e); i++ {
		if e[i] == '-' {
			at = append(at, word.Len())
			continue
		}
		word.WriteByte(e[i])
	}
	h.exceptions[strings.ToLower(word.String())] = at
}

// breaks returns the offsets in word (ASCII letters only) where it may be
// hyphenated, in increasing order; none for a word that is too short, set
// in capitals, or holds anything but ASCII letters. The offsets are
// shared: the caller reads them only.
func (h *hyphenator) breaks(word string) []int {
	h.mu.RLock()
	at, ok := h.known[word]
	h.mu.RUnlock()
	if ok {
		return at
	}
	at = h.find(word)
	h.mu.Lock()
	if len(h.known) < maxKnown {
		h.known[strings.Clone(word)] = at // not the text word is cut from
	}
	h.mu.Unlock()
	return at
}

// find is breaks without the words known.
func (h *hyphenator) find(word string) []int {
	n := len(word)
	if n < minHyphenWord || n > maxHyphenWord {
		return nil
	}
	var lower [maxHyphenWord + 2]byte
	lower[0] = '.'
	for i := 0; i < n; i++ {
		c := word[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c < 'a' || c > 'z':
			return nil
		}
		lower[i+1] = c
	}
	lower[n+1] = '.'
	if upper := strings.ToUpper(word); upper == word {
		return nil // an acronym, or a name set in capitals
	}
	if at, ok := h.exceptions[string(lower[1:n+1])]; ok {
		return at
	}
	w := lower[:n+2]
	var levels [maxHyphenWord + 3]uint8
	for i := range w {
		for j := i + 1; j <= len(w) && j-i <= h.maxPattern; j++ {
			v, ok := h.patterns[string(w[i:j])]
			if !ok {
				continue
			}
			for k, x := range v {
				levels[i+k] = max(levels[i+k], x)
			}
		}
	}
	var out []int
	// levels[i] is the value before w[i]; a break before word[p] is
	// before w[p+1].
	for p := leftHyphenMin; p <= n-rightHyphenMin; p++ {
		if levels[p+1]%2 == 1 {
			out = append(out, p)
		}
	}
	return out
}

// hyphenPoint is a place a piece of text may break: after byte at, adding
// a hyphen unless the text has one there already.
type hyphenPoint struct {
	at    int
	added bool
}

// hyphenPoints returns where text may break at the end of a line: within
// its words of letters, by the patterns, and after a hyphen it holds
// ("sub-processor"), in increasing order.
func (h *hyphenator) hyphenPoints(text string) []hyphenPoint {
	var out []hyphenPoint
	start := -1
	flush := func(end int) {
		if start >= 0 {
			for _, b := range h.breaks(text[start:end]) {
				out = append(out, hyphenPoint{at: start + b, added: true})
			}
			start = -1
		}
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		isLetter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if isLetter {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
		// A hyphen between letters, not one that starts or ends the text.
		if c == '-' && i > 0 && i+1 < len(text) && isASCIILetter(text[i-1]) && isASCIILetter(text[i+1]) {
			out = append(out, hyphenPoint{at: i + 1})
		}
	}
	flush(len(text))
	return out
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
