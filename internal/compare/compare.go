// Package compare lines up two assembled documents clause by clause and
// diffs the wording of the clauses they share: the answer to "how does
// this customer's DPA deviate from our standard?".
//
// Call [Documents] with the two documents; write the result for a terminal
// with [Text], as Markdown with [Markdown], or as an HTML redline with
// [HTML].
//
// # Redline
//
// A changed clause keeps its structure. Its text is cut into [Block]s
// (paragraphs, sub-headings, list items with their markers and nesting,
// table rows); blocks that are the same in both documents line up by the
// longest common subsequence, blocks of one kind between two that line up
// are paired when their words mostly match and diffed word by word, and
// the rest are deleted or inserted whole. Words keep their bold, italic
// and code formatting. Tables of a longest common subsequence are bounded
// (seqalign.MaxCells): past the bound a stretch is marked replaced whole.
package compare

import (
	"slices"

	"github.com/clausemark/clausemark/internal/document"
)

// State says how a clause compares.
type State int

// The states, in the order reports list them.
const (
	OnlyA State = iota
	OnlyB
	Changed
	Same
)

// Clause is one clause of either document and how it compares.
type Clause struct {
	ID    string
	A, B  *document.Section // nil where the document lacks the clause
	State State
	// Blocks is the redline of a changed clause: its title (when it shows
	// one) and its blocks, each the same, deleted, inserted or changed
	// word by word.
	Blocks []BlockDiff
	Words  []Op // the same word diff without structure or formatting
}

// Op is a run of words kept, deleted (in A only) or inserted (in B only).
type Op struct {
	Kind  byte // '=' kept, '-' deleted, '+' inserted
	Words []string
}

// Result is the comparison of two documents.
type Result struct {
	NameA, NameB string
	Clauses      []Clause
}

// Empty reports whether the documents have the same clauses with the same words.
func (r *Result) Empty() bool {
	for _, c := range r.Clauses {
		if c.State != Same {
			return false
		}
	}
	return true
}

// Count returns how many clauses are in state s.
func (r *Result) Count(s State) int {
	n := 0
	for _, c := range r.Clauses {
		if c.State == s {
			n++
		}
	}
	return n
}

// Documents compares a with b. Clauses appear in a's order, with b's own
// clauses after the a clause they follow.
func Documents(nameA string, a *document.Document, nameB string, b *document.Document) *Result {
	r := &Result{NameA: nameA, NameB: nameB}
	inB := map[string]*document.Section{}
	for i := range b.Sections {
		inB[b.Sections[i].ClauseID] = &b.Sections[i]
	}
	inA := map[string]bool{}
	for i := range a.Sections {
		inA[a.Sections[i].ClauseID] = true
	}
	bi := 0
	flushB := func(until string) {
		for ; bi < len(b.Sections); bi++ {
			s := &b.Sections[bi]
			if s.ClauseID == until {
				bi++
				return
			}
			if !inA[s.ClauseID] {
				r.Clauses = append(r.Clauses, Clause{ID: s.ClauseID, B: s, State: OnlyB})
			}
		}
	}
	for i := range a.Sections {
		sa := &a.Sections[i]
		sb, ok := inB[sa.ClauseID]
		if !ok {
			r.Clauses = append(r.Clauses, Clause{ID: sa.ClauseID, A: sa, State: OnlyA})
			continue
		}
		flushB(sa.ClauseID)
		c := Clause{ID: sa.ClauseID, A: sa, B: sb, State: Same}
		ba, bb := sectionBlocks(a, sa), sectionBlocks(b, sb)
		if !sameWords(ba, bb) {
			c.State = Changed
			c.Blocks = diffBlocks(ba, bb)
			c.Words = flatten(c.Blocks)
		}
		r.Clauses = append(r.Clauses, c)
	}
	flushB("")
	return r
}

// sectionBlocks is what a reader compares: the heading's title, if it
// shows one, and the blocks of the text as it reads.
func sectionBlocks(d *document.Document, s *document.Section) []Block {
	bs := Blocks(s.Text)
	numberBlocks(d, s, bs)
	if s.Kind == document.Unnumbered {
		return bs
	}
	title := Block{Kind: Title, Words: split([]Piece{{Text: s.Title}})}
	return append([]Block{title}, bs...)
}

// sameWords reports whether a and b hold the same words in the same
// order, whatever their structure and formatting.
func sameWords(a, b []Block) bool {
	wa, wb := plainWords(a), plainWords(b)
	return slices.Equal(wa, wb)
}

func plainWords(bs []Block) []string {
	var out []string
	for _, bl := range bs {
		for _, w := range bl.Words {
			if !w.Cell {
				out = append(out, w.Text())
			}
		}
	}
	return out
}

// flatten returns the words of a block diff as one word diff.
func flatten(bs []BlockDiff) []Op {
	var ops []Op
	for _, bl := range bs {
		for _, e := range bl.Edits {
			for _, w := range e.Words {
				if w.Cell {
					continue
				}
				if k := len(ops); k > 0 && ops[k-1].Kind == e.Kind {
					ops[k-1].Words = append(ops[k-1].Words, w.Text())
					continue
				}
				ops = append(ops, Op{Kind: e.Kind, Words: []string{w.Text()}})
			}
		}
	}
	return ops
}

// numberBlocks gives bs, the blocks of section s of d, the numbers d's
// style gives them. The numbers are d's, made for the section as it stands
// in d's Markdown, where its subheadings carry their numbers: the blocks
// there, headings aside, are the blocks of its text one for one, and
// where they are not (a section made without a document), bs keep none.
func numberBlocks(d *document.Document, s *document.Section, bs []Block) {
	if s.End <= s.Start || s.End > len(d.Markdown) {
		return
	}
	var nums []document.Number
	for _, n := range d.Numbered() {
		if n.Offset >= s.Start && n.Offset < s.End {
			n.Offset -= s.Start
			nums = append(nums, n)
		}
	}
	if len(nums) == 0 {
		return
	}
	placed := withoutHeadings(numberedBlocks(string(d.Markdown[s.Start:s.End]), document.IndexNumbers(nums)))
	var text []*Block
	for i := range bs {
		if bs[i].Kind != Heading {
			text = append(text, &bs[i])
		}
	}
	if len(placed) != len(text) {
		return
	}
	for i, bl := range text {
		if bl.Kind != placed[i].Kind {
			return
		}
	}
	for i, bl := range text {
		bl.Number = placed[i].Number
	}
}

// withoutHeadings returns bs without their headings.
func withoutHeadings(bs []Block) []Block {
	out := bs[:0]
	for _, bl := range bs {
		if bl.Kind != Heading {
			out = append(out, bl)
		}
	}
	return out
}
