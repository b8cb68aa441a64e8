// Package terms checks the defined terms of an assembled agreement: every
// capitalized term it defines is used, no term is defined twice, and every
// capitalized phrase it uses as a term is defined.
//
// A term is defined in a Definitions list ("- **Term** means ...") or
// inline, as a parenthesis of quoted terms: ("Term") or (“Agreement” or
// “DPA”). A use is a run of capitalized words in the middle of a sentence
// (the first word of a sentence is capitalized anyway), outside headings,
// cross-references and bold labels. Plurals and possessives count as the
// term ("Subprocessors", "Customer’s"). Acronyms are taken as names unless
// the agreement defines them. The values of variables (the parties' names,
// the law, the courts, dates) and the names the library lists in
// templates/terms.yaml (laws, authorities, other documents) are names, not
// terms.
//
// Call [Document] with the library's names for the report; problems carry
// the clause file and line to edit.
package terms

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/textmatch"
	"github.com/clausemark/clausemark/internal/vars"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Kind is the kind of a problem.
type Kind int

// The kinds of problem.
const (
	Undefined Kind = iota // a capitalized phrase used as a term that nothing defines
	Unused                // a defined term that is never used
	Duplicate             // a term defined a second time
)

// String returns the kind's name: "undefined", "unused" or "duplicate".
func (k Kind) String() string {
	switch k {
	case Undefined:
		return "undefined"
	case Unused:
		return "unused"
	case Duplicate:
		return "duplicate"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Term is a term the agreement defines.
type Term struct {
	Name    string
	Section assemble.Section // where it is defined
	Pos     clause.Pos       // in the clause file; zero if not found
	Uses    int
}

// Problem is one defined-terms problem, placed in the clause file to edit.
type Problem struct {
	Kind    Kind
	Term    string
	Section assemble.Section
	Pos     clause.Pos   // first place in the clause file; zero if not found
	More    []clause.Pos // further places in the same clause
	First   *Term        // for a duplicate, the first definition
}

// Err returns the problem as a positioned error.
func (p *Problem) Err() *diag.Error {
	var msg, hint string
	switch p.Kind {
	case Undefined:
		msg = fmt.Sprintf("%q is used as a defined term but not defined", p.Term)
		hint = fmt.Sprintf(" (define it, write it in lower case, or list it as a name in %s)", library.NamesFile)
	case Unused:
		msg = fmt.Sprintf("%q is defined but never used", p.Term)
	case Duplicate:
		msg = fmt.Sprintf("%q is defined again; first defined in %s", p.Term, where(p.First.Section.Clause.Clause.File, p.First.Pos))
	}
	if len(p.More) > 0 {
		lines := make([]string, len(p.More))
		for i, m := range p.More {
			lines[i] = fmt.Sprint(m.Line)
		}
		msg += " here and on line " + strings.Join(lines, ", ")
	}
	return diag.Errorf(p.Section.Clause.Clause.File, p.Pos.Line, p.Pos.Col, "", "%s%s", msg, hint)
}

func where(file string, p clause.Pos) string {
	if p.Line == 0 {
		return file
	}
	return fmt.Sprintf("%s:%d", file, p.Line)
}

// Report is the result of checking one document.
type Report struct {
	Terms    []*Term // in order of definition, first definitions only
	Problems []*Problem
}

// Err returns the problems as a diag.List error, nil if there are none.
func (r *Report) Err() error {
	var l diag.List
	for _, p := range r.Problems {
		l.Add(p.Err())
	}
	return l.Err()
}

// Separators written into a block's text in place of what is not prose:
// gap breaks a run of capitalized words, stop also ends a sentence.
const (
	gap  = "\x1f"
	stop = "\x1e"
)

type block struct {
	sec  int
	text string
}

// md parses as every format does (mdext.New); the checker reads quotes
// as written (mdext.Written), to find them in the clause file and in the
// variables' values. It stops parsing where lists and quotes nest past
// mdext.MaxNesting, whose parse costs goldmark cubic time; the rest is
// taken as written. It is built on the first check, not at start-up.
var md = sync.OnceValue(func() goldmark.Markdown { return mdext.New() })

// Document checks the defined terms of doc, whose variables are tree.
func Document(doc *assemble.Document, tree vars.Tree, names []string) *Report {
	c := &checker{doc: doc, byKey: map[string]*Term{}, undefined: map[string]bool{}}
	var blocks []block
	for i, s := range doc.Sections {
		if s.Clause == nil {
			continue
		}
		for _, b := range c.blocks(i, []byte(s.Text)) {
			blocks = append(blocks, block{sec: i, text: b})
		}
	}
	mask := masker(names, tree)
	for _, b := range blocks {
		c.scan(b.sec, c.mask(mask, b.text))
	}
	for _, t := range c.terms {
		if t.Uses == 0 {
			c.problems = append(c.problems, &Problem{Kind: Unused, Term: t.Name, Section: t.Section, Pos: t.Pos})
		}
	}
	sort.SliceStable(c.problems, func(i, j int) bool {
		a, b := c.problems[i], c.problems[j]
		if fa, fb := a.Section.Clause.Clause.File, b.Section.Clause.Clause.File; fa != fb {
			return fa < fb
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		return a.Pos.Col < b.Pos.Col
	})
	return &Report{Terms: c.terms, Problems: c.problems}
}

type checker struct {
	doc       *assemble.Document
	terms     []*Term
	byKey     map[string]*Term
	problems  []*Problem
	undefined map[string]bool // clause file and phrase already reported
}

// blocks returns the prose of each paragraph, list item and table cell of
// a section's Markdown, headings left out, and records the definitions in
// it.
func (c *checker) blocks(sec int, src []byte) []string {
	var out []string
	root := mdext.Parse(md(), src)
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading, *east.TableHeader:
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock, *east.TableCell:
			if t := listDefinition(n, src); t != "" {
				c.define(sec, t, "**"+t+"**")
			}
			var b strings.Builder
			inline(n, src, &b)
			out = append(out, c.inlineDefinitions(sec, b.String()))
			return ast.WalkSkipChildren, nil
		case *mdext.Party:
			// A party of a signature block reads as it is written:
			// "For the Processor: Acme GmbH".
			var b strings.Builder
			if n.Role != "" {
				b.WriteString(n.Role + ": ")
			}
			inline(n, src, &b)
			out = append(out, c.inlineDefinitions(sec, b.String()))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if rest := mdext.Unparsed(root, src); len(rest) > 0 {
		out = append(out, string(rest)) // nested too deep to parse: as written
	}
	return out
}

// inline writes the prose of n's inline children to b, with gaps where
// links, code and bold labels were.
func inline(n ast.Node, src []byte, b *strings.Builder) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(textmatch.Unescape(c.Segment.Value(src)))
			switch {
			case c.HardLineBreak():
				b.WriteString(stop)
			case c.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(mdext.Written(c))
		case *ast.Emphasis:
			if c.Level >= 2 {
				b.WriteString(gap)
				continue
			}
			inline(c, src, b)
		case *ast.Link, *ast.AutoLink, *ast.CodeSpan, *ast.RawHTML, *ast.Image:
			b.WriteString(gap)
		default:
			inline(c, src, b)
		}
	}
}

// listDefinition returns the term a block defines in the form
// "**Term** means ...", or "".
func listDefinition(n ast.Node, src []byte) string {
	em, ok := n.FirstChild().(*ast.Emphasis)
	if !ok || em.Level < 2 {
		return ""
	}
	next, ok := em.NextSibling().(*ast.Text)
	if !ok {
		return ""
	}
	rest := strings.TrimLeft(textmatch.Unescape(next.Segment.Value(src)), " ")
	if !strings.HasPrefix(rest, "means") && !strings.HasPrefix(rest, "shall mean") {
		return ""
	}
	var b strings.Builder
	inline(em, src, &b)
	return strings.Trim(b.String(), `"“”'‘’ `)
}

var (
	// A parenthesis of quoted terms: ("Term"), (the “Term”), (“A” or
	// “B”), ("A", "B", or "c"), (hereinafter the "Term").
	defParen = lazyRegexp(`\(\s*(?:hereinafter\s+)?(?:the\s+)?[“"][^“”"()]+[”"](?:\s*(?:,|,?\s+or|,?\s+and)\s+(?:the\s+)?[“"][^“”"()]+[”"])*\s*\)`)
	quoted   = lazyRegexp(`[“"]([^“”"]+)[”"]`)
)

// lazyRegexp returns expr compiled on its first use: a process that checks
// no terms does not compile it.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// inlineDefinitions records the terms defined inline in s and returns s
// with the defining parentheses replaced by gaps.
func (c *checker) inlineDefinitions(sec int, s string) string {
	return defParen().ReplaceAllStringFunc(s, func(p string) string {
		for _, m := range quoted().FindAllStringSubmatch(p, -1) {
			if r, _ := utf8.DecodeRuneInString(m[1]); unicode.IsUpper(r) {
				c.define(sec, m[1], m[0])
			}
		}
		return gap
	})
}

// define records a definition of term, written as written in the source.
func (c *checker) define(sec int, term, written string) {
	s := c.doc.Sections[sec]
	pos := first(s.Clause.Find(written))
	if pos.Line == 0 {
		pos = first(s.Clause.Find(term))
	}
	if pos.Line == 0 {
		// Written with a variable, as ("{{ .processor.name }}"): point at
		// the wording's declaration.
		pos = clause.Pos{Line: s.Clause.Line}
	}
	t := &Term{Name: term, Section: s, Pos: pos}
	k := key(term)
	if prev, ok := c.byKey[k]; ok {
		c.problems = append(c.problems, &Problem{Kind: Duplicate, Term: term, Section: s, Pos: pos, First: prev})
		return
	}
	c.byKey[k] = t
	c.terms = append(c.terms, t)
}

func first(ps []clause.Pos) clause.Pos {
	if len(ps) == 0 {
		return clause.Pos{}
	}
	return ps[0]
}

// key reduces a term to the form its singular, plural and possessive
// share: "Subprocessors", "Subprocessor’s" and "Subprocessor" have one key.
func key(term string) string {
	term = trimPossessive(term)
	switch {
	case strings.HasSuffix(term, "ies"):
		return strings.TrimSuffix(term, "ies") + "y"
	case strings.HasSuffix(term, "ss"):
		return term
	case strings.HasSuffix(term, "s"):
		return strings.TrimSuffix(term, "s")
	}
	return term
}

// masker returns the names and the variables' values, longest first.
func masker(names []string, tree vars.Tree) []string {
	seen := map[string]bool{}
	var list []string
	add := func(s string) {
		for _, line := range strings.Split(s, "\n") {
			line = strings.TrimFunc(line, func(r rune) bool { return !textmatch.IsWordRune(r) }) // matched from a word's start
			if utf8.RuneCountInString(line) < 2 || !strings.ContainsFunc(line, unicode.IsUpper) || seen[line] {
				continue
			}
			seen[line] = true
			list = append(list, line)
		}
	}
	for _, n := range names {
		add(n)
	}
	values(map[string]any(tree), add)
	sort.Slice(list, func(i, j int) bool {
		if len(list[i]) != len(list[j]) {
			return len(list[i]) > len(list[j])
		}
		return list[i] < list[j]
	})
	return list
}

// values calls add with the text of every value in x.
func values(x any, add func(string)) {
	switch v := x.(type) {
	case vars.Tree:
		values(map[string]any(v), add)
	case map[string]any:
		for _, e := range v {
			values(e, add)
		}
	case vars.Record:
		for _, e := range v {
			values(e, add)
		}
	case []any:
		for _, e := range v {
			values(e, add)
		}
	case []string:
		for _, e := range v {
			add(e)
		}
	case string:
		add(v)
	case vars.Text:
		add(string(v))
	case fmt.Stringer:
		add(v.String())
	}
}

// mask replaces the names and values in s by gaps, counting those that are
// defined terms as uses. It matches whole words without regard to case: a
// value may begin a sentence ("The courts of England and Wales" from "the
// courts of England and Wales").
func (c *checker) mask(list []string, s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		if !textmatch.IsWordRune(r) || i > 0 && textmatch.IsWordRune(prev) {
			i += size
			continue
		}
		n := matchAt(list, s, i)
		if n == 0 {
			i += size
			continue
		}
		if t, ok := c.byKey[key(s[i:i+n])]; ok {
			t.Uses++
		}
		b.WriteString(s[last:i])
		b.WriteString(gap)
		i += n
		last = i
	}
	b.WriteString(s[last:])
	return b.String()
}

// matchAt returns the length of the longest entry of list that s has at i
// as whole words, or 0.
func matchAt(list []string, s string, i int) int {
	for _, m := range list {
		if j := i + len(m); j <= len(s) && strings.EqualFold(s[i:j], m) && textmatch.Whole(s, i, j) {
			return len(m)
		}
	}
	return 0
}

var word = lazyRegexp(`[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*(?:['’]s?)?`)

// scan finds the runs of capitalized words in one block of section sec.
func (c *checker) scan(sec int, s string) {
	var run []string
	initial, start := true, true
	// flush classifies the run so far; next is the text that follows it.
	flush := func(next string) {
		if len(run) > 0 {
			// "Last Updated:" at the head of a sentence is a label.
			label := initial && strings.HasPrefix(next, ":")
			c.run(sec, run, initial, label)
		}
		run = nil
	}
	prev := 0
	for _, m := range word().FindAllStringIndex(s, -1) {
		between := s[prev:m[0]]
		prev = m[1]
		w := s[m[0]:m[1]]
		if between != " " && between != "\u00a0" || start {
			flush(between)
			initial = strings.ContainsAny(between, ".!?:;"+stop) || start && !strings.Contains(between, gap)
		}
		start = false
		// A compound such as "Customer-initiated" uses its first part.
		compound := false
		if i := strings.IndexAny(w, "-"); i > 0 {
			if r, _ := utf8.DecodeRuneInString(w[strings.LastIndexByte(w, '-')+1:]); !unicode.IsUpper(r) {
				w, compound = w[:i], true
			}
		}
		switch {
		case !capitalized(w):
			if len(run) > 0 && citation(run[len(run)-1], w, between) {
				// "Clauses 8.8 and 9(b)": the noun cites a numbered part
				// of a document; it is not used as a term.
				run = run[:len(run)-1]
			}
			flush("")
			initial = false
		case acronym(w):
			flush("")
			if t, ok := c.byKey[key(w)]; ok {
				t.Uses++
			}
			initial = false
		default:
			run = append(run, w)
			if compound || possessive(w) {
				flush("")
				initial = false
			}
		}
	}
	flush(s[prev:])
}

// run classifies one run of capitalized words.
func (c *checker) run(sec int, words []string, initial, label bool) {
	phrase := strings.Join(words, " ")
	if t, ok := c.byKey[key(phrase)]; ok {
		t.Uses++
		return
	}
	if label {
		return
	}
	if initial {
		// The first word of a sentence is capitalized anyway: "Processing
		// activities", "The Customer".
		if len(words) == 1 {
			return
		}
		rest := strings.Join(words[1:], " ")
		if t, ok := c.byKey[key(rest)]; ok {
			t.Uses++ // "Facilitate Customer", "The Customer"
			return
		}
		if opener()[strings.ToLower(words[0])] {
			phrase = rest
		}
	}
	phrase = trimPossessive(phrase)
	s := c.doc.Sections[sec]
	k := s.Clause.Clause.File + "\x00" + phrase
	if c.undefined[k] {
		return
	}
	ps := s.Clause.Find(phrase)
	p := &Problem{Kind: Undefined, Term: phrase, Section: s, Pos: first(ps)}
	for _, q := range ps[min(1, len(ps)):] {
		if q.Line != p.Pos.Line && (len(p.More) == 0 || p.More[len(p.More)-1].Line != q.Line) {
			p.More = append(p.More, q)
		}
	}
	c.undefined[k] = true
	c.problems = append(c.problems, p)
}

// citers are the nouns that cite a numbered part of a document: "Clauses
// 8.8 and 9(b)", "Section 15(m)", "Article 28".
var citers = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`annex annexes appendix appendices art article articles clause clauses
		module modules option options paragraph paragraphs part parts recital recitals schedule schedules
		section sections table tables`) {
		m[w] = true
	}
	return m
})

// citation reports whether word, followed by next after between, cites a
// numbered part: a citing noun, one space, then a number.
func citation(word, next, between string) bool {
	if between != " " && between != "\u00a0" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsDigit(r) && citers()[strings.ToLower(word)]
}

// opener holds English words that begin a sentence before a phrase ("The
// Cookie Policy"), so are no part of it. Other first words are taken as
// part of the phrase ("Customer Data is ...").
var opener = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a all also an and any as at because before both but by during each
		either every except following for from if in its neither no nor not nothing notwithstanding
		of on once only or other our prior providing subject such that the their these this those
		to unless upon we when where whether which while with within without you your`) {
		m[w] = true
	}
	return m
})

func trimPossessive(s string) string {
	for _, suf := range []string{"’s", "'s", "’", "'"} {
		s = strings.TrimSuffix(s, suf)
	}
	return s
}

func possessive(w string) bool { return trimPossessive(w) != w }

// capitalized reports whether w starts with a capital letter and is more
// than one letter long ("A" in "Appendix A" is a label, not a term).
func capitalized(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && n < len(w)
}

// acronym reports whether w is written in capitals, allowing a plural s:
// "GDPR", "SCCs", "AES-256".
func acronym(w string) bool {
	w = strings.TrimSuffix(trimPossessive(w), "s")
	upper := 0
	for _, r := range w {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			upper++
		}
	}
	return upper >= 2
}
