package check

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/vars"
)

// WeakKind says why an element is weak.
type WeakKind int

// The kinds of weakness.
const (
	WeakPhrase WeakKind = iota // a phrase makes the duty optional or conditional ("may", "where appropriate")
	NoDuty                     // nothing states the obligation with shall, will or must
	NotNamed                   // the text does not name what the document's values chose (a transfer mechanism)
)

// String returns the kind's name: "weak-phrase", "no-duty" or "not-named".
func (k WeakKind) String() string {
	switch k {
	case WeakPhrase:
		return "weak-phrase"
	case NoDuty:
		return "no-duty"
	case NotNamed:
		return "not-named"
	}
	return fmt.Sprintf("WeakKind(%d)", int(k))
}

// Weakness is one reason an element that a section covers falls short of
// its article: the phrase, the sentence it is in, and where the clause
// file says it.
type Weakness struct {
	Kind    WeakKind
	Element *Element
	Section assemble.Section // the covering section; its Clause names the file
	Phrase  string           // the words found, as rendered; "" when nothing is quoted
	Quote   string           // the sentence (or a window around the phrase), as rendered
	Pos     clause.Pos       // in the clause file; the wording's declaration when the words are not found literally
	Why     string
}

// File returns the clause file the weakness is in.
func (w Weakness) File() string {
	if w.Section.Clause == nil {
		return ""
	}
	return w.Section.Clause.Clause.File
}

func (w Weakness) String() string {
	what := fmt.Sprintf("%s (%s) is weak", w.Element.Title, w.Element.Ref)
	if w.Quote != "" {
		what += fmt.Sprintf(": %q", w.Quote)
	}
	return what + ": " + w.Why
}

// weaknesses reads the obligations of element e in the sections that
// cover it: every weak phrase, every obligation no sentence states as a
// duty, every expectation not named.
func weaknesses(e *Element, by []assemble.Section, tree vars.Tree) []Weakness {
	if !e.Rules() || len(by) == 0 {
		return nil
	}
	type unitOf struct {
		sec    assemble.Section
		text   string
		repeat int
	}
	var all []unitOf
	for _, s := range by {
		for _, u := range units(s.Text) {
			all = append(all, unitOf{s, u.text, u.repeat})
		}
	}
	var out []Weakness
	seen := map[string]bool{}
	for _, u := range all {
		for _, w := range e.Weak {
			for _, m := range w.Find(u.text) {
				if m[0] < u.repeat {
					continue // in a lead-in read with the item before
				}
				phrase := u.text[m[0]:m[1]]
				k := u.sec.ClauseID + "\x00" + u.text + "\x00" + phrase
				if seen[k] {
					continue
				}
				seen[k] = true
				out = append(out, Weakness{Kind: WeakPhrase, Element: e, Section: u.sec, Phrase: phrase,
					Quote: window(u.text, m[0], m[1]), Pos: locate(u.sec, u.text, m[0], m[1]), Why: w.Why})
			}
		}
	}
	for _, o := range e.Obligations {
		stated := false
		for _, u := range all {
			if o.States(u.text) {
				stated = true
				break
			}
		}
		if stated {
			continue
		}
		why := fmt.Sprintf("no sentence states, with shall, will or must, that the processor will %s (%s)", o.What, e.Ref)
		w := Weakness{Kind: NoDuty, Element: e, Section: by[0], Pos: clause.Pos{Line: by[0].Clause.Line}, Why: why}
		for _, u := range all {
			if m := o.Mentions(u.text); m != nil {
				w.Section, w.Phrase, w.Quote, w.Pos = u.sec, u.text[m[0]:m[1]], window(u.text, m[0], m[1]), locate(u.sec, u.text, m[0], m[1])
				break
			}
		}
		out = append(out, w)
	}
	for _, x := range e.Expect {
		if !x.HoldsFor(tree) {
			continue
		}
		named := false
		for _, s := range by {
			if x.Matches(plain(s.Text)) {
				named = true
				break
			}
		}
		if !named {
			out = append(out, Weakness{Kind: NotNamed, Element: e, Section: by[0], Pos: clause.Pos{Line: by[0].Clause.Line},
				Why: fmt.Sprintf("the text does not name %s, which this document's values require (%s)", x.What, e.Ref)})
		}
	}
	return out
}

var (
	listItem = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+`) })
	// sentenceEnd ends a sentence: a full stop, question or exclamation
	// mark, then space and a capital letter.
	sentenceEnd = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[.!?]["”’)]?\s+[\p{Lu}"“]`) })
	spaces      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+`) })
	blankLine   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\n\s*\n`) })
)

// unit is what a duty is read in. Repeat is how many bytes at its start
// repeat a lead-in that the unit before already read, so that a weak
// phrase there is reported once.
type unit struct {
	text   string
	repeat int
}

// units splits a section's Markdown into what a duty is read in: the
// sentences of its paragraphs, and each list item, after the sentence
// that leads into the list (ending with ":") where there is one. Headings
// are left out; the text is plain, as the patterns see it.
func units(md string) []unit {
	var out []unit
	add := func(ss ...string) {
		for _, s := range ss {
			out = append(out, unit{text: s})
		}
	}
	lead := ""
	for _, block := range blankLine().Split(md, -1) {
		block = strings.TrimSpace(block)
		switch {
		case block == "" || strings.HasPrefix(block, "#"):
			if lead != "" {
				add(lead)
				lead = ""
			}
		case listItem().MatchString(block):
			var items []string
			for _, line := range strings.Split(block, "\n") {
				if listItem().MatchString(line) || len(items) == 0 {
					items = append(items, listItem().ReplaceAllString(line, ""))
				} else {
					items[len(items)-1] += " " + strings.TrimSpace(line)
				}
			}
			// Each item completes the lead-in on its own: "X: shall
			// not sell ...; may notify ..." states no duty to notify,
			// whatever duty the item before it states.
			for i, it := range items {
				u := unit{text: clean(it)}
				if lead != "" {
					u.text = clean(lead + " " + it)
					if i > 0 && strings.HasPrefix(u.text, lead) {
						u.repeat = len(lead)
					}
				}
				out = append(out, u)
			}
			lead = ""
		default:
			if lead != "" {
				add(lead)
				lead = ""
			}
			ss := sentences(clean(block))
			if last := ss[len(ss)-1]; strings.HasSuffix(last, ":") {
				lead, ss = last, ss[:len(ss)-1]
			}
			add(ss...)
		}
	}
	if lead != "" {
		add(lead)
	}
	return out
}

// clean returns s as plain text on one line.
func clean(s string) string {
	return strings.TrimSpace(spaces().ReplaceAllString(plain(s), " "))
}

// sentences splits a paragraph's plain text into sentences.
func sentences(s string) []string {
	var out []string
	for {
		m := sentenceEnd().FindStringIndex(s)
		if m == nil {
			break
		}
		// The capital letter begins the next sentence.
		_, size := lastRune(s[:m[1]])
		end := m[1] - size
		out = append(out, strings.TrimSpace(s[:end]))
		s = s[end:]
	}
	return append(out, strings.TrimSpace(s))
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xC0 != 0x80 {
			r := []rune(s[i:])
			return r[0], len(s) - i
		}
	}
	return 0, 0
}

// quoteMax is the longest quote; a longer sentence is quoted as a window
// around the phrase.
const quoteMax = 240

// window returns the sentence s, or a window of it around s[i:j] when it
// is long.
func window(s string, i, j int) string {
	if len(s) <= quoteMax {
		return s
	}
	from, to := max(0, i-(quoteMax-(j-i))/2), 0
	to = min(len(s), from+quoteMax)
	from = max(0, to-quoteMax)
	// Whole words.
	for from > 0 && s[from-1] != ' ' {
		from--
	}
	for to < len(s) && s[to] != ' ' {
		to++
	}
	w := s[from:to]
	if from > 0 {
		w = "…" + w
	}
	if to < len(s) {
		w += "…"
	}
	return w
}

// locate finds the phrase s[i:j] of a section's plain text in its clause
// file: the phrase alone when the wording has it once, else the phrase
// with as many words around it as make it unique. When the wording does
// not have it literally (a variable's value is part of it), it is the
// wording's declaration.
func locate(sec assemble.Section, s string, i, j int) clause.Pos {
	decl := clause.Pos{Line: sec.Clause.Line}
	words := strings.Fields(s)
	// The word indexes the phrase spans.
	first, last, at := -1, -1, 0
	for k, w := range words {
		at = strings.Index(s[at:], w) + at
		if first < 0 && at+len(w) > i {
			first = k
		}
		if at < j {
			last = k
		}
		at += len(w)
	}
	if first < 0 || last < first {
		return decl
	}
	found := sec.Clause.Find(strings.Join(words[first:last+1], " "))
	if len(found) == 0 {
		// Perhaps the phrase ends inside a word ("delet" of "delete").
		if found = sec.Clause.Find(s[i:j]); len(found) == 0 {
			return decl
		}
	}
	for grow := 0; len(found) > 1 && grow < 12; grow++ {
		a, b := first, last
		if grow%2 == 0 && b+1 < len(words) {
			b++
		} else if a > 0 {
			a--
		} else if b+1 < len(words) {
			b++
		} else {
			break
		}
		more := sec.Clause.Find(strings.Join(words[a:b+1], " "))
		if len(more) == 0 {
			continue
		}
		first, last, found = a, b, more
	}
	return found[0]
}
