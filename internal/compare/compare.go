// Package compare lines up two assembled documents clause by clause and
// diffs the wording of the clauses they share, word by word: the answer to
// "how does this customer's DPA deviate from our standard?".
//
// Call [Documents] with the two documents; write the result for a terminal
// with [Text], as Markdown with [Markdown], or as an HTML redline with
// [HTML].
package compare

import (
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/textmatch"
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
	A, B  *assemble.Section // nil where the document lacks the clause
	State State
	Words []Op // the word diff, for a changed clause
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
func Documents(nameA string, a *assemble.Document, nameB string, b *assemble.Document) *Result {
	r := &Result{NameA: nameA, NameB: nameB}
	inB := map[string]*assemble.Section{}
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
		wa, wb := words(sa), words(sb)
		if strings.Join(wa, " ") != strings.Join(wb, " ") {
			c.State = Changed
			c.Words = diff(wa, wb)
		}
		r.Clauses = append(r.Clauses, c)
	}
	flushB("")
	return r
}

// words is what a reader compares: the heading's title, if it shows one,
// and the text as it reads, without Markdown markup.
func words(s *assemble.Section) []string {
	var w []string
	if s.Kind != library.Unnumbered {
		w = strings.Fields(s.Title)
	}
	return append(w, strings.Fields(textmatch.PlainText([]byte(s.Text)))...)
}

// diff returns the word runs that turn a into b, from the longest common
// subsequence.
func diff(a, b []string) []Op {
	n, m := len(a), len(b)
	// lcs[i][j] is the LCS length of a[i:] and b[j:], in one flat slice.
	lcs := make([]int32, (n+1)*(m+1))
	at := func(i, j int) int32 { return lcs[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			v := max(at(i+1, j), at(i, j+1))
			if a[i] == b[j] {
				v = at(i+1, j+1) + 1
			}
			lcs[i*(m+1)+j] = v
		}
	}
	var ops []Op
	push := func(kind byte, w string) {
		if k := len(ops); k > 0 && ops[k-1].Kind == kind {
			ops[k-1].Words = append(ops[k-1].Words, w)
			return
		}
		ops = append(ops, Op{Kind: kind, Words: []string{w}})
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			push('=', a[i])
			i++
			j++
		case at(i+1, j) >= at(i, j+1):
			push('-', a[i])
			i++
		default:
			push('+', b[j])
			j++
		}
	}
	for ; i < n; i++ {
		push('-', a[i])
	}
	for ; j < m; j++ {
		push('+', b[j])
	}
	return ops
}
