package layout

import (
	"slices"
	"strings"
	"sync"
)

// Hyphenation follows Liang's algorithm, as TeX does, with Knuth's US
// English patterns (hyph/hyphen.tex, the plain TeX tables, kept unmodified
// as their notice asks) and the TUGboat list of exceptions
// (hyph/hyphenex.tex). The patterns are read from those files when the
// program is built, not when it runs: hyphen_gen.go holds them as a trie
// in constant tables, written by TestHyphenTablesCurrent (with
// -update-hyph), which fails when the tables and the files differ. Words
// break at least two letters from their start and three from their end,
// TeX's \lefthyphenmin and \righthyphenmin for English.

const (
	leftHyphenMin  = 2
	rightHyphenMin = 3
	minHyphenWord  = leftHyphenMin + rightHyphenMin // shorter words do not break
	maxHyphenWord  = 64                             // longer runs of letters are not words
)

// hyphenator finds the breaks of words from the tables of hyphen_gen.go
// and keeps those it has found.
type hyphenator struct {
	// known are the breaks of the words looked up so far, up to
	// maxKnown words: an agreement, and every agreement of a batch,
	// breaks the same words again and again.
	mu    sync.RWMutex
	known map[string][]int
}

// maxKnown bounds the words whose breaks a process keeps: at most 64
// letters and a few offsets each, a few MiB at most.
const maxKnown = 1 << 15

var loadHyphenator = sync.OnceValue(func() *hyphenator { return &hyphenator{known: map[string][]int{}} })

// trieChild returns the child of node that letter c leads to, or -1.
func trieChild(node int, c byte) int {
	for m := int(hyphenFirst[node]); m < int(hyphenFirst[node+1]); m++ {
		if hyphenLetters[m] == c {
			return m
		}
	}
	return -1
}

// exception returns the breaks of word (lower case) where the exceptions
// list it.
func exception(word string) ([]int, bool) {
	i, ok := slices.BinarySearch(hyphenExceptionWords[:], word)
	if !ok {
		return nil, false
	}
	var at []int
	n := 0
	for _, c := range []byte(hyphenExceptionForms[i]) {
		if c == '-' {
			at = append(at, n)
		} else {
			n++
		}
	}
	return at, true
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
	if at, ok := exception(string(lower[1 : n+1])); ok {
		return at
	}
	w := lower[:n+2]
	var levels [maxHyphenWord + 3]uint8
	for i := range w {
		// Every pattern w[i:j] is found walking the trie from its root.
		node := 0
		for j := i; j < len(w) && j-i < hyphenMaxPattern; j++ {
			if node = trieChild(node, w[j]); node < 0 {
				break
			}
			v := int(hyphenValue[node])
			if v == 0 {
				continue
			}
			// The pattern w[i:j+1] has one value more than its letters.
			for k, x := range []byte(hyphenValues[v-1 : v-1+j-i+2]) {
				levels[i+k] = max(levels[i+k], x-'0')
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
