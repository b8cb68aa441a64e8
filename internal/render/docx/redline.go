package docx

import (
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

// key is what two blocks must share to be the same.
func key(bl block) string {
	if bl.p != nil {
		return bl.p.style + "\x00" + runsKey(bl.p.runs)
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

func redline(a, b []block) []block {
	ka := make([]string, len(a))
	for i := range a {
		ka[i] = key(a[i])
	}
	kb := make([]string, len(b))
	for j := range b {
		kb[j] = key(b[j])
	}
	inB := map[string]bool{}
	for _, bl := range b {
		if bl.p != nil && bl.p.bookmark != "" {
			inB[bl.p.bookmark] = true
		}
	}
	var out []block
	seqalign.Walk(seqalign.Align(len(a), len(b), func(i, j int) bool { return ka[i] == kb[j] }), len(a), len(b),
		func(i0, i1, j0, j1 int) { out = gap(out, a[i0:i1], b[j0:j1], inB) },
		func(_, j int) { out = append(out, b[j]) })
	return out
}

// gap marks the blocks between two that line up: alike ones are diffed,
// the others deleted or inserted.
func gap(out, a, b []block, inB map[string]bool) []block {
	if len(a) == 0 && len(b) == 0 {
		return out
	}
	var pairs [][2]int
	if len(a)*len(b) <= seqalign.MaxCells/16 {
		words := make([]map[string]bool, len(a))
		for i := range a {
			words[i] = wordSet(a[i])
		}
		pairs, _ = seqalign.LCS(len(a), len(b), func(i, j int) bool { return alike(a[i], b[j], words[i]) })
	}
	seqalign.Walk(pairs, len(a), len(b), func(i0, i1, j0, j1 int) {
		for _, bl := range a[i0:i1] {
			out = append(out, mark(bl, deleted, inB))
		}
		for _, bl := range b[j0:j1] {
			out = append(out, mark(bl, inserted, nil))
		}
	}, func(i, j int) { out = append(out, diffBlocks(a[i], b[j], inB)) })
	return out
}

func wordSet(bl block) map[string]bool {
	set := map[string]bool{}
	if bl.p != nil {
		for _, w := range strings.Fields(bl.p.text()) {
			set[w] = true
		}
	}
	return set
}

// alike reports whether a and b are one block changed: paragraphs of
// which at least half the words of the longer are shared, or tables of
// as many columns.
func alike(a, b block, wordsA map[string]bool) bool {
	switch {
	case a.p != nil && b.p != nil:
		wb := strings.Fields(b.p.text())
		shared := 0
		for _, w := range wb {
			if wordsA[w] {
				shared++
			}
		}
		n := max(len(wb), len(wordsA))
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

func diffBlocks(a, b block, inB map[string]bool) block {
	if a.p != nil {
		return block{p: diffPara(a.p, b.p)}
	}
	return block{t: diffTable(a.t, b.t, inB)}
}

// diffTable lines up rows by their text and diffs the cells of rows that
// line up or sit between two that do.
func diffTable(a, b *table, inB map[string]bool) *table {
	ka := make([]string, len(a.rows))
	for i, r := range a.rows {
		ka[i] = key(block{t: &table{rows: []row{r}}})
	}
	kb := make([]string, len(b.rows))
	for j, r := range b.rows {
		kb[j] = key(block{t: &table{rows: []row{r}}})
	}
	t := *b
	t.rows = nil
	seqalign.Walk(seqalign.Align(len(a.rows), len(b.rows), func(i, j int) bool { return ka[i] == kb[j] }), len(a.rows), len(b.rows),
		func(i, i1, j, j1 int) {
			// Rows between two that line up are diffed pairwise while
			// both sides have one, then deleted or inserted.
			for ; i < i1 && j < j1; i, j = i+1, j+1 {
				t.rows = append(t.rows, diffRow(a.rows[i], b.rows[j], inB))
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

func diffRow(a, b row, inB map[string]bool) row {
	out := row{header: b.header, cells: make([][]*para, len(b.cells))}
	for k, cb := range b.cells {
		var ca []*para
		if k < len(a.cells) {
			ca = a.cells[k]
		}
		if len(ca) == len(cb) {
			for x := range cb {
				out.cells[k] = append(out.cells[k], diffPara(ca[x], cb[x]))
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
	var out []run
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

func sameToken(a, b run) bool {
	return a.kind == b.kind && a.text == b.text && a.props == b.props &&
		a.instr == b.instr && a.anchor == b.anchor && a.link == b.link
}

// diffPara is b with the words that differ from a marked: a's own
// deleted, b's own inserted. A space kept between two changes joins them,
// and each stretch of changes reads as its deletions, then its
// insertions: "the Customer" to "Globex" is one deletion and one
// insertion, not three alternating pieces.
func diffPara(a, b *para) *para {
	ta, tb := tokens(a.runs), tokens(b.runs)
	pairs, ok := seqalign.LCS(len(ta), len(tb), func(i, j int) bool { return sameToken(ta[i], tb[j]) })
	if !ok {
		pairs = nil
	}
	type op struct {
		r run
		c change
	}
	var ops []op
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
	add := func(r run, c change) {
		r.change = c
		if k := len(q.runs) - 1; k >= 0 && r.kind == textRun && q.runs[k].kind == textRun && q.runs[k].change == c &&
			q.runs[k].props == r.props && q.runs[k].link == r.link && q.runs[k].anchor == r.anchor {
			q.runs[k].text += r.text
			return
		}
		q.runs = append(q.runs, r)
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
	return &q
}
