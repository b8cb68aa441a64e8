package docx

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/seqalign"
)

// textPara is a paragraph of one text run.
func textPara(words []string) *para {
	return &para{runs: []run{{text: strings.Join(words, " ")}}}
}

// numbered returns n words "prefix0", "prefix1", ...
func numbered(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i)
	}
	return out
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// changes returns the text of p's runs by change, in order.
func changes(p *para) (out []struct {
	c    change
	text string
}) {
	for _, r := range p.runs {
		out = append(out, struct {
			c    change
			text string
		}{r.change, r.text})
	}
	return out
}

// TestDiffParaBounded diffs two paragraphs whose middles share nothing and
// are too long for the table of a longest common subsequence: the equal
// head and tail are kept, and the middle is one deletion and one insertion,
// as internal/compare marks such a stretch replaced whole. The work is
// linear: twice the words allocate at most about twice the bytes (joining
// each word onto the run's text was quadratic).
func TestDiffParaBounded(t *testing.T) {
	head, tail := numbered("head", 100), numbered("tail", 100)
	doc := func(mid string, n int) *para {
		return textPara(append(append(append([]string(nil), head...), numbered(mid, n)...), tail...))
	}
	const n = 20000 // words: 40,000 tokens a side, far past seqalign.MaxCells
	if (2*n)*(2*n) <= seqalign.MaxCells {
		t.Fatal("the middles fit the table: make n larger")
	}
	got := changes(diffPara(nil, doc("old", n), doc("new", n)))
	want := []struct {
		c    change
		text string
	}{
		{kept, strings.Join(head, " ") + " "},
		{deleted, strings.Join(numbered("old", n), " ")},
		{inserted, strings.Join(numbered("new", n), " ")},
		{kept, " " + strings.Join(tail, " ")},
	}
	if len(got) != len(want) {
		t.Fatalf("%d runs, want %d: kept head, deleted middle, inserted middle, kept tail", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("run %d: change %d, %.40q..., want change %d, %.40q...", i, got[i].c, got[i].text, want[i].c, want[i].text)
		}
	}
	small := allocated(func() { diffPara(nil, doc("old", n), doc("new", n)) })
	large := allocated(func() { diffPara(nil, doc("old", 2*n), doc("new", 2*n)) })
	if large > 3*small {
		t.Errorf("%d words a side allocate %d bytes, %d words %d: more than linear", n, small, 2*n, large)
	}
}

// TestGapBounded lines up stretches of paragraphs that all differ. Under
// the bound on pairing work alike paragraphs pair by a longest common
// subsequence, wherever they stand; past it (as in internal/compare) only
// the k-th paragraphs of each side pair, where alike, so the work is
// linear. Shifted by one, k paragraphs each with a word changed are diffed
// word by word under the bound, and deleted and inserted whole past it.
func TestGapBounded(t *testing.T) {
	para := func(i int, changed string) block {
		w := numbered("p"+strconv.Itoa(i)+"w", 10)
		w[5] = changed
		return block{p: textPara(w)}
	}
	for _, tc := range []struct {
		k       int
		shifted bool
		past    bool // past the bound
	}{
		{k: 100},
		{k: 700, past: true},
		{k: 100, shifted: true},
		{k: 700, shifted: true, past: true},
	} {
		var a, b []block
		if tc.shifted {
			a = append(a, block{p: textPara([]string{"only", "in", "a"})})
		}
		for i := range tc.k {
			a = append(a, para(i, "old"))
			b = append(b, para(i, "new"))
		}
		if tc.shifted {
			b = append(b, block{p: textPara([]string{"only", "in", "b"})})
		}
		if past := len(a)*len(b) > seqalign.MaxCells/16 || len(a)*10*len(b) > maxPairWork; past != tc.past {
			t.Fatalf("%d paragraphs: past the bound %v, want %v", tc.k, past, tc.past)
		}
		out := gap(context.Background(), seqalign.NewBudget(maxRedlineWork), nil, a, b, nil)
		diffed, whole := 0, 0
		for _, bl := range out {
			cs := changes(bl.p)
			switch {
			case len(cs) == 4 && cs[1].c == deleted && cs[1].text == "old" && cs[2].c == inserted && cs[2].text == "new":
				diffed++
			case len(cs) == 1 && cs[0].c != kept && bl.p.mark == cs[0].c:
				whole++
			default:
				t.Fatalf("%d paragraphs, shifted %v: a paragraph is %v", tc.k, tc.shifted, cs)
			}
		}
		wantDiffed, wantWhole := tc.k, 0
		if tc.shifted {
			wantWhole = 2
			if tc.past {
				wantDiffed, wantWhole = 0, 2*tc.k+2
			}
		}
		if diffed != wantDiffed || whole != wantWhole {
			t.Errorf("%d paragraphs, shifted %v: %d diffed word by word and %d whole, want %d and %d", tc.k, tc.shifted, diffed, whole, wantDiffed, wantWhole)
		}
	}
}

// TestRedlineBudget redlines 100 paragraphs, each with its middle changed
// but sharing every other word: each pair is within seqalign.MaxCells, and
// its shared words are found while the redline's budget lasts; then the
// rest line up their equal heads and tails only, the middle one deletion
// and one insertion. Without the budget 16 MB of such paragraphs took 47 s.
func TestRedlineBudget(t *testing.T) {
	const paras, mid = 100, 1000 // a middle of 1,000 words: 2,000 tokens a side
	p := func(k int, other string) block {
		w := numbered("head", 300)
		for i := range mid {
			if i%2 == 0 {
				w = append(w, other+strconv.Itoa(i))
			} else {
				w = append(w, "c"+strconv.Itoa(k)+"_"+strconv.Itoa(i))
			}
		}
		return block{p: textPara(append(w, "end"))}
	}
	var a, b []block
	for k := range paras {
		a, b = append(a, p(k, "x")), append(b, p(k, "y"))
	}
	if cells := (2 * mid) * (2 * mid); cells > seqalign.MaxCells || paras*cells < 2*maxRedlineWork {
		t.Fatalf("%d cells a pair: each must fit MaxCells and all twice the budget", cells)
	}
	out, err := redline(context.Background(), a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != paras {
		t.Fatalf("%d blocks, want %d paragraphs each diffed with its own", len(out), paras)
	}
	fine := 0
	for i, bl := range out {
		ins := 0
		for _, r := range bl.p.runs {
			if r.change == inserted {
				ins++
			}
		}
		switch {
		case ins == mid/2 && i == fine:
			fine++ // every changed word by itself
		case ins == 1 && i >= fine:
			// the middle replaced whole
		default:
			t.Fatalf("paragraph %d: %d insertions, want %d (in budget) or 1 (past it), and the ones in budget first", i, ins, mid/2)
		}
	}
	if fine == 0 || fine == paras {
		t.Errorf("%d of %d paragraphs diffed word by word: the budget should end part way", fine, paras)
	}
}

// TestRedlineCanceled stops a redline whose context is done.
func TestRedlineCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := []block{{p: textPara([]string{"a"})}}
	b := []block{{p: textPara([]string{"b"})}}
	if _, err := redline(ctx, a, b); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}
