package docx

import (
	"context"
	"strconv"
	"strings"

	"github.com/clausemark/clausemark/internal/seqalign"
)

// A redline is the second document's blocks with the first's differences
// marked: blocks are lined up by their text (the longest common
// subsequence), blocks between two that line up are paired when they are
// alike (a paragraph with a paragraph whose words mostly match, a table
// with a table of as many columns), paired blocks are diffed word by word
// or row by row, and the rest are whole deletions and insertions.

// key is what two blocks must share to be the same. Two tables of
// contents are the same block, their entries lined up in turn.
func key(bl block) string {
	if bl.p != nil {
		return bl.p.style + "\x00" + runsKey(bl.p.runs)
	}
	if bl.toc != nil {
		return "\x06"
	}
	var b strings.Builder
	b.WriteString("\x01")
	for _, r := range bl.t.rows {
		for _, c := range r.cells {
			for _, p := range c {
				b.WriteString(runsKey(p.runs))
				b.WriteByte('\x02')
			}
			b.WriteByte('\x03')
		}
		b.WriteByte('\x04')
	}
	return b.String()
}

// runsKey is the text of runs with what changes their meaning: fields'
// instructions and the targets of links.
func runsKey(rs []run) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteByte(byte('0' + r.kind))
		b.WriteByte(byte('0' + r.props))
		b.WriteString(r.text)
		b.WriteString(r.instr)
		b.WriteString(r.anchor)
		if r.link > 0 {
			b.WriteString("\x05" + strconv.Itoa(r.link))
		}
	}
	return b.String()
}

// maxRedlineWork bounds the work of one redline, as seqalign.MaxCells
// bounds one alignment: the cells of every alignment's table and the word
// comparisons made to pair blocks. Two documents of many long paragraphs,
// each pair within MaxCells, took MaxCells a pair (47 s for 16 MB). Past
// it, blocks pair in order and paragraphs line up their equal heads and
// tails only.
const maxRedlineWork = 16 * seqalign.MaxCells

// redline marks b's blocks against a's. It stops with ctx's error when
// ctx is done, checked between blocks.
func redline(ctx context.Context, a, b []block) ([]block, error) {
	bud := seqalign.NewBudget(maxRedlineWork)
	inB := map[string]bool{}
	for _, bl := range b {
		if bl.p != nil && bl.p.bookmark != "" {
			inB[bl.p.bookmark] = true
		}
	}
	out := lineUp(ctx, bud, a, b, inB)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	renumber(out)
	return out, nil
}

// renumber puts the first document's lists into the second's numbering
// instances. Each paragraph that lines up or pairs with one of the first
// document carries that one's style and numbering (was); an instance of the first
// is the instance of the second its first such paragraph has. Deleted
// paragraphs take the instance of the list they are deleted from, so
// that Word counts them in it and rejecting every change numbers as the
// first document; was stays where it differs from the paragraph's own
// numbering, a tracked change of its properties.
func renumber(out []block) {
	same := map[int]int{}
	each(out, func(p *para) {
		if p.was != nil && p.was.numID > bulletNum && p.numID > bulletNum {
			if _, ok := same[p.was.numID]; !ok {
				same[p.was.numID] = p.numID
			}
		}
	})
	each(out, func(p *para) {
		if id, ok := same[p.numID]; ok && p.mark == deleted {
			p.numID = id
		}
		if p.was == nil {
			return
		}
		if id, ok := same[p.was.numID]; ok {
			p.was.numID = id
		}
		if *p.was == p.shape() {
			p.was = nil
		}
	})
}

// each calls f with every paragraph of out, in tables and contents too.
func each(out []block, f func(*para)) {
	for _, bl := range out {
		switch {
		case bl.p != nil:
			f(bl.p)
		case bl.toc != nil:
			for _, p := range bl.toc.entries {
				f(p)
			}
		case bl.t != nil:
			for _, r := range bl.t.rows {
				for _, c := range r.cells {
					for _, p := range c {
						f(p)
					}
				}
			}
		}
	}
}

// lineUp marks b's blocks against a's, with inB the bookmarks of the
// second document.
func lineUp(ctx context.Context, bud *seqalign.Budget, a, b []block, inB map[string]bool) []block {
	var in interner[string]
	ka := make([]int, len(a))
	for i := range a {
		ka[i] = in.id(key(a[i]))
	}
	kb := make([]int, len(b))
	for j := range b {
		kb[j] = in.id(key(b[j]))
	}
	var out []block
	seqalign.Walk(bud.Align(len(a), len(b), func(i, j int) bool { return ka[i] == kb[j] }), len(a), len(b),
		func(i0, i1, j0, j1 int) { out = gap(ctx, bud, out, a[i0:i1], b[j0:j1], inB) },
		func(i, j int) {
			if b[j].toc != nil {
				out = append(out, block{toc: &toc{entries: paras(lineUp(ctx, bud, blocks(a[i].toc.entries), blocks(b[j].toc.entries), inB))}})
				return
			}
			if p := b[j].p; p != nil && (p.numID != 0 || a[i].p.numID != 0) {
				q := *p
				q.was = &shape{a[i].p.style, a[i].p.numID, a[i].p.ilvl}
				out = append(out, block{p: &q})
				return
			}
			out = append(out, b[j])
		})
	return out
}

// blocks and paras convert between paragraphs and blocks that are
// paragraphs: the entries of a table of contents.
func blocks(ps []*para) []block {
	out := make([]block, len(ps))
	for i, p := range ps {
		out[i] = block{p: p}
	}
	return out
}

func paras(bs []block) []*para {
	out := make([]*para, 0, len(bs))
	for _, bl := range bs {
		if bl.p != nil {
			out = append(out, bl.p)
		}
	}
	return out
}

// maxPairWork bounds the word comparisons made to pair alike blocks in a
// stretch of blocks that differ, as in internal/compare: past it (or past
// the redline's budget) the k-th blocks of each side are paired where
// alike.
const maxPairWork = 1 << 24

// gap marks the blocks between two that line up: alike ones are diffed,
// the others deleted or inserted.
func gap(ctx context.Context, bud *seqalign.Budget, out, a, b []block, inB map[string]bool) []block {
	if len(a) == 0 && len(b) == 0 || ctx.Err() != nil {
		return out
	}
	var pairs [][2]int
	if len(a) > 0 && len(b) > 0 {
		setA := make([]map[string]bool, len(a))
		for i := range a {
			setA[i] = wordSet(a[i])
		}
		wordsB := make([][]string, len(b))
		wb := 0
		for j := range b {
			wordsB[j] = words(b[j])
			wb += len(wordsB[j])
		}
		eq := func(i, j int) bool { return alike(a[i], b[j], setA[i], wordsB[j]) }
		ok := false
		if len(a) <= seqalign.MaxCells/16/len(b) && len(a)*wb <= maxPairWork && bud.Spend(len(a)*wb) {
			pairs, ok = bud.LCS(len(a), len(b), eq)
		}
		if !ok {
			// Too many to pair every one with every other: pair them in
			// order, the k-th of each, where they are alike.
			for k := range min(len(a), len(b)) {
				if eq(k, k) {
					pairs = append(pairs, [2]int{k, k})
				}
			}
		}
	}
	seqalign.Walk(pairs, len(a), len(b), func(i0, i1, j0, j1 int) {
		for _, bl := range a[i0:i1] {
			out = append(out, mark(bl, deleted, inB))
		}
		for _, bl := range b[j0:j1] {
			out = append(out, mark(bl, inserted, nil))
		}
	}, func(i, j int) {
		if ctx.Err() == nil {
			out = append(out, diffBlocks(bud, a[i], b[j], inB))
		}
	})
	return out
}

// words returns the words of a paragraph; a table has none.
func words(bl block) []string {
	if bl.p == nil {
		return nil
	}
	return strings.Fields(bl.p.text())
}

func wordSet(bl block) map[string]bool {
	set := map[string]bool{}
	for _, w := range words(bl) {
		set[w] = true
	}
	return set
}

// alike reports whether a and b are one block changed: paragraphs of
// which at least half the words of the longer are shared, or tables of
// as many columns. setA is a's words, wordsB b's.
func alike(a, b block, setA map[string]bool, wordsB []string) bool {
	switch {
	case a.p != nil && b.p != nil:
		shared := 0
		for _, w := range wordsB {
			if setA[w] {
				shared++
			}
		}
		n := max(len(wordsB), len(setA))
		return n == 0 || 2*shared >= n
	case a.t != nil && b.t != nil:
		return len(a.t.widths) == len(b.t.widths) && a.t.sig == b.t.sig
	}
	return false
}

// mark returns bl with every run, paragraph mark and row marked c. A
// deleted heading gives up its bookmark to the second document's.
func mark(bl block, c change, keep map[string]bool) block {
	if bl.p != nil {
		return block{p: markPara(bl.p, c, keep)}
	}
	if bl.toc != nil {
		t := &toc{entries: make([]*para, len(bl.toc.entries))}
		for i, e := range bl.toc.entries {
			t.entries[i] = markPara(e, c, keep)
		}
		return block{toc: t}
	}
	t := *bl.t
	t.rows = make([]row, len(bl.t.rows))
	for i, r := range bl.t.rows {
		t.rows[i] = markRow(r, c, keep)
	}
	return block{t: &t}
}

func markPara(p *para, c change, keep map[string]bool) *para {
	q := *p
	q.runs = make([]run, len(p.runs))
	for i, r := range p.runs {
		r.change = c
		q.runs[i] = r
	}
	q.mark = c
	if c == deleted && keep[q.bookmark] {
		q.bookmark = ""
	}
	return &q
}

func markRow(r row, c change, keep map[string]bool) row {
	out := row{header: r.header, change: c, cells: make([][]*para, len(r.cells))}
	for k, cell := range r.cells {
		for _, p := range cell {
			out.cells[k] = append(out.cells[k], markPara(p, c, keep))
		}
	}
	return out
}

func diffBlocks(bud *seqalign.Budget, a, b block, inB map[string]bool) block {
	if a.p != nil {
		return block{p: diffPara(bud, a.p, b.p)}
	}
	return block{t: diffTable(bud, a.t, b.t, inB)}
}

// diffTable lines up rows by their text and diffs the cells of rows that
// line up or sit between two that do.
func diffTable(bud *seqalign.Budget, a, b *table, inB map[string]bool) *table {
	var in interner[string]
	ka := make([]int, len(a.rows))
	for i, r := range a.rows {
		ka[i] = in.id(key(block{t: &table{rows: []row{r}}}))
	}
	kb := make([]int, len(b.rows))
	for j, r := range b.rows {
		kb[j] = in.id(key(block{t: &table{rows: []row{r}}}))
	}
	t := *b
	t.rows = nil
	seqalign.Walk(bud.Align(len(a.rows), len(b.rows), func(i, j int) bool { return ka[i] == kb[j] }), len(a.rows), len(b.rows),
		func(i, i1, j, j1 int) {
			// Rows between two that line up are diffed pairwise while
			// both sides have one, then deleted or inserted.
			for ; i < i1 && j < j1; i, j = i+1, j+1 {
				t.rows = append(t.rows, diffRow(bud, a.rows[i], b.rows[j], inB))
			}
			for ; i < i1; i++ {
				t.rows = append(t.rows, markRow(a.rows[i], deleted, inB))
			}
			for ; j < j1; j++ {
				t.rows = append(t.rows, markRow(b.rows[j], inserted, nil))
			}
		},
		func(_, j int) { t.rows = append(t.rows, b.rows[j]) })
	return &t
}

func diffRow(bud *seqalign.Budget, a, b row, inB map[string]bool) row {
	out := row{header: b.header, cells: make([][]*para, len(b.cells))}
	for k, cb := range b.cells {
		var ca []*para
		if k < len(a.cells) {
			ca = a.cells[k]
		}
		if len(ca) == len(cb) {
			for x := range cb {
				out.cells[k] = append(out.cells[k], diffPara(bud, ca[x], cb[x]))
			}
			continue
		}
		for _, p := range ca {
			out.cells[k] = append(out.cells[k], markPara(p, deleted, inB))
		}
		for _, p := range cb {
			out.cells[k] = append(out.cells[k], markPara(p, inserted, nil))
		}
	}
	return out
}

// tokens splits runs into what a word diff compares: words, runs of
// spaces, and runs that are not text, each with its run's formatting.
func tokens(rs []run) []run {
	// Counted first: grown by appending, the tokens of a long paragraph
	// left several times their size behind.
	n := 0
	for _, r := range rs {
		n++
		if r.kind == textRun {
			for k := 1; k < len(r.text); k++ {
				if (r.text[k] == ' ') != (r.text[k-1] == ' ') {
					n++
				}
			}
		}
	}
	out := make([]run, 0, n)
	for _, r := range rs {
		if r.kind != textRun {
			out = append(out, r)
			continue
		}
		s := r.text
		for s != "" {
			space := s[0] == ' '
			k := 1
			for k < len(s) && (s[k] == ' ') == space {
				k++
			}
			t := r
			t.text = s[:k]
			out = append(out, t)
			s = s[k:]
		}
	}
	return out
}

// tokenKey is what two tokens must share to be the same: a run without
// its change.
type tokenKey struct {
	kind   runKind
	text   string
	props  props
	instr  string
	anchor string
	link   int
}

// tokenIDs numbers the tokens of ta and tb, equal tokens alike.
func tokenIDs(ta, tb []run) (ia, ib []int) {
	var in interner[tokenKey]
	ids := func(ts []run) []int {
		out := make([]int, len(ts))
		for i, r := range ts {
			out[i] = in.id(tokenKey{kind: r.kind, text: r.text, props: r.props, instr: r.instr, anchor: r.anchor, link: r.link})
		}
		return out
	}
	return ids(ta), ids(tb)
}

// interner numbers values, equal values alike: the alignments compare
// numbers, whatever the length of what they stand for. Without it a
// table of MaxCells cells compares as many pairs of long texts.
type interner[K comparable] struct{ ids map[K]int }

func (in *interner[K]) id(k K) int {
	if in.ids == nil {
		in.ids = map[K]int{}
	}
	id, ok := in.ids[k]
	if !ok {
		id = len(in.ids)
		in.ids[k] = id
	}
	return id
}

// diffPara is b with the words that differ from a marked: a's own
// deleted, b's own inserted. A space kept between two changes joins them,
// and each stretch of changes reads as its deletions, then its
// insertions: "the Customer" to "Globex" is one deletion and one
// insertion, not three alternating pieces.
//
// The tokens line up as internal/compare's words do ([seqalign.Align]): the
// equal head and tail, then the longest common subsequence of the rest
// while its table is within seqalign.MaxCells and the redline's budget;
// past them the rest is one deletion and one insertion.
func diffPara(bud *seqalign.Budget, a, b *para) *para {
	ta, tb := tokens(a.runs), tokens(b.runs)
	ia, ib := tokenIDs(ta, tb)
	pairs := bud.Align(len(ta), len(tb), func(i, j int) bool { return ia[i] == ib[j] })
	type op struct {
		r run
		c change
	}
	ops := make([]op, 0, len(ta)+len(tb))
	seqalign.Walk(pairs, len(ta), len(tb), func(i0, i1, j0, j1 int) {
		for _, r := range ta[i0:i1] {
			ops = append(ops, op{r, deleted})
		}
		for _, r := range tb[j0:j1] {
			ops = append(ops, op{r, inserted})
		}
	}, func(_, j int) { ops = append(ops, op{tb[j], kept}) })
	q := *b
	q.runs = nil
	if a.shape() != b.shape() || a.numID != 0 {
		q.was = &shape{a.style, a.numID, a.ilvl}
	}
	// Text tokens in one formatting and change join into one run; the
	// run's text is built once, when the next run starts, so that joining
	// stays linear.
	var text strings.Builder
	open := false // q.runs' last run is being joined into text
	flush := func() {
		if open {
			q.runs[len(q.runs)-1].text = text.String()
			text.Reset()
			open = false
		}
	}
	add := func(r run, c change) {
		r.change = c
		if k := len(q.runs) - 1; open && r.kind == textRun && q.runs[k].change == c &&
			q.runs[k].props == r.props && q.runs[k].link == r.link && q.runs[k].anchor == r.anchor {
			text.WriteString(r.text)
			return
		}
		flush()
		q.runs = append(q.runs, r)
		if r.kind == textRun {
			text.WriteString(r.text)
			open = true
		}
	}
	space := func(k int) bool {
		return ops[k].c == kept && ops[k].r.kind == textRun && strings.TrimLeft(ops[k].r.text, " ") == ""
	}
	for k := 0; k < len(ops); {
		if ops[k].c == kept {
			add(ops[k].r, kept)
			k++
			continue
		}
		// A stretch of changes, through the spaces between them.
		end := k
		for end < len(ops) && (ops[end].c != kept || space(end) && end+1 < len(ops) && ops[end+1].c != kept) {
			end++
		}
		for _, o := range ops[k:end] {
			if o.c != inserted {
				add(o.r, deleted)
			}
		}
		for _, o := range ops[k:end] {
			if o.c != deleted {
				add(o.r, inserted)
			}
		}
		k = end
	}
	flush()
	return &q
}
