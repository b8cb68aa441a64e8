package compare

import (
	"strconv"
	"strings"

	"github.com/clausemark/clausemark/internal/seqalign"
)

// maxPairWork bounds the word comparisons made to pair alike blocks in a
// stretch of blocks that differ; past it they are deleted and inserted
// whole.
const maxPairWork = 1 << 24

// Edit is a run of words kept, deleted (in A only) or inserted (in B
// only), with their formatting: a kept word has B's.
type Edit struct {
	Kind  byte // '=' kept, '-' deleted, '+' inserted
	Words []Word
}

// wordKey is what two words must share to be the same word.
func wordKey(w Word) string {
	if w.Cell {
		return " " // no word holds a space
	}
	return w.Text()
}

// diffWords returns the edits that turn a into b. Each stretch of changes
// reads as its deletions, then its insertions.
func diffWords(a, b []Word) []Edit {
	ka, kb := keys(a), keys(b)
	var out []Edit
	push := func(kind byte, ws []Word) {
		if len(ws) == 0 {
			return
		}
		if k := len(out); k > 0 && out[k-1].Kind == kind {
			out[k-1].Words = append(out[k-1].Words, ws...)
			return
		}
		out = append(out, Edit{Kind: kind, Words: append([]Word(nil), ws...)})
	}
	seqalign.Walk(seqalign.Align(len(a), len(b), func(i, j int) bool { return ka[i] == kb[j] }), len(a), len(b),
		func(i0, i1, j0, j1 int) {
			push('-', a[i0:i1])
			push('+', b[j0:j1])
		},
		func(_, j int) { push('=', b[j:j+1]) })
	return out
}

func keys(ws []Word) []string {
	k := make([]string, len(ws))
	for i, w := range ws {
		k[i] = wordKey(w)
	}
	return k
}

// BlockDiff is one block of a changed clause: the same in both documents
// ('='), only in A ('-'), only in B ('+'), or in both with its words
// changed ('~'). Block is B's block, or A's when only A has it; it gives
// the structure to show the edits in.
type BlockDiff struct {
	Kind  byte
	Block Block
	Edits []Edit
}

// blockKey is what two blocks must share to be the same block.
func blockKey(bl Block) string {
	var b strings.Builder
	b.WriteByte(byte('0' + bl.Kind))
	b.WriteByte(byte('0' + bl.Level))
	for _, w := range bl.Words {
		// Each word with its length, so that no two lists of words
		// have one key.
		k := wordKey(w)
		b.WriteString(strconv.Itoa(len(k)))
		b.WriteByte(':')
		b.WriteString(k)
	}
	return b.String()
}

// diffBlocks lines up the blocks of a and b: equal blocks by the longest
// common subsequence, then, between two that line up, blocks of one kind
// whose words mostly match are paired and diffed word by word; the rest
// are deleted or inserted whole.
func diffBlocks(a, b []Block) []BlockDiff {
	ka := make([]string, len(a))
	for i := range a {
		ka[i] = blockKey(a[i])
	}
	kb := make([]string, len(b))
	for j := range b {
		kb[j] = blockKey(b[j])
	}
	var out []BlockDiff
	seqalign.Walk(seqalign.Align(len(a), len(b), func(i, j int) bool { return ka[i] == kb[j] }), len(a), len(b),
		func(i0, i1, j0, j1 int) { out = gap(out, a[i0:i1], b[j0:j1]) },
		func(_, j int) { out = append(out, BlockDiff{Kind: '=', Block: b[j], Edits: whole('=', b[j].Words)}) })
	return out
}

func whole(kind byte, ws []Word) []Edit {
	if len(ws) == 0 {
		return nil
	}
	return []Edit{{Kind: kind, Words: ws}}
}

// gap diffs the blocks between two that line up: one block in place of
// one of its kind is paired with it, more are paired where alike.
func gap(out []BlockDiff, a, b []Block) []BlockDiff {
	if len(a) == 0 && len(b) == 0 {
		return out
	}
	var pairs [][2]int
	if len(a) > 0 && len(b) > 0 {
		sa, sb := wordSets(a), wordSets(b)
		wa, wb := 0, 0
		for i := range a {
			wa += len(sa[i])
		}
		for j := range b {
			wb += len(sb[j])
		}
		eq := func(i, j int) bool { return alike(a[i], b[j], sa[i], sb[j]) }
		if len(a) == 1 && len(b) == 1 {
			// One block in place of one of its kind is that block
			// changed, however much.
			eq = func(i, j int) bool { return a[i].Kind == b[j].Kind && a[i].Level == b[j].Level }
		}
		if len(a) <= seqalign.MaxCells/16/len(b) && len(a)*wb <= maxPairWork {
			pairs, _ = seqalign.LCS(len(a), len(b), eq)
		} else {
			// Too many to pair every one with every other: pair them
			// in order, the k-th of each, where they are alike.
			for k := range min(len(a), len(b)) {
				if eq(k, k) {
					pairs = append(pairs, [2]int{k, k})
				}
			}
		}
	}
	seqalign.Walk(pairs, len(a), len(b), func(i0, i1, j0, j1 int) {
		for _, bl := range a[i0:i1] {
			out = append(out, BlockDiff{Kind: '-', Block: bl, Edits: whole('-', bl.Words)})
		}
		for _, bl := range b[j0:j1] {
			out = append(out, BlockDiff{Kind: '+', Block: bl, Edits: whole('+', bl.Words)})
		}
	}, func(i, j int) {
		out = append(out, BlockDiff{Kind: '~', Block: b[j], Edits: diffWords(a[i].Words, b[j].Words)})
	})
	return out
}

func wordSets(bs []Block) []map[string]bool {
	sets := make([]map[string]bool, len(bs))
	for i, bl := range bs {
		sets[i] = map[string]bool{}
		for _, w := range bl.Words {
			if !w.Cell {
				sets[i][w.Text()] = true
			}
		}
	}
	return sets
}

// alike reports whether a and b are one block changed: blocks of one kind
// (and level) of which at least half the distinct words of the larger are
// shared (a third for headings). Table rows are alike when their first cells are, so that a
// changed value in a row is a changed row.
func alike(a, b Block, sa, sb map[string]bool) bool {
	if a.Kind != b.Kind || a.Level != b.Level {
		return false
	}
	if a.Kind == Row && len(a.Words) > 0 && len(b.Words) > 0 && firstCell(a) == firstCell(b) {
		return true
	}
	small, large := sa, sb
	if len(small) > len(large) {
		small, large = large, small
	}
	shared := 0
	for w := range small {
		if large[w] {
			shared++
		}
	}
	if a.Kind == Heading || a.Kind == Title {
		// Headings are short: a third of their words is enough.
		return len(large) == 0 || 3*shared >= len(large)
	}
	return len(large) == 0 || 2*shared >= len(large)
}

func firstCell(bl Block) string {
	var b strings.Builder
	for _, w := range bl.Words {
		if w.Cell {
			break
		}
		b.WriteString(w.Text())
		b.WriteByte(' ')
	}
	return b.String()
}
