package compare

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/rogpeppe/go-internal/txtar"
)

// sections makes a document of clauses given as id, Markdown pairs; each
// is a numbered section titled after its id.
func sections(pairs ...string) *document.Document {
	d := &document.Document{}
	for i := 0; i+1 < len(pairs); i += 2 {
		d.Sections = append(d.Sections, document.Section{
			ClauseID: pairs[i], Number: fmt.Sprint(len(d.Sections) + 1), Title: "Clause " + pairs[i],
			Kind: document.Numbered, Text: pairs[i+1],
		})
	}
	return d
}

// shape is a block diff in short: each block's change ('=', '-', '+',
// '~') and kind (T title, P paragraph, H heading, I item, R row), with an
// item's marker and depth.
func shape(bs []BlockDiff) string {
	var s []string
	for _, b := range bs {
		k := string(b.Kind) + string("PHIRT"[b.Block.Kind])
		if b.Block.Kind == Item {
			k += fmt.Sprintf("%s%d", b.Block.Marker, b.Block.Depth)
		}
		s = append(s, k)
	}
	return strings.Join(s, " ")
}

// TestStructure diffs pairs of clauses and checks that the redline keeps
// their structure in every output: which blocks line up and how, and
// lines of the Markdown, HTML and text that show it.
func TestStructure(t *testing.T) {
	for _, tc := range []struct {
		name, a, b string
		shape      string
		md, html   []string
		text       []string
	}{
		{
			name:  "a list item changed keeps the list",
			a:     "Opsium will:\n\n- return all data, or\n- delete all data within 30 days.\n",
			b:     "Opsium will:\n\n- return all data, or\n- delete all data within 45 days.\n",
			shape: "=T =P =I-1 ~I-1",
			md:    []string{"\n- return all data, or\n- delete all data within ~~30~~ <ins>45</ins> days.\n"},
			html:  []string{"<ul>\n<li>return all data, or</li>\n<li>delete all data within <del>30</del> <ins>45</ins> days.</li>\n</ul>\n"},
			text:  []string{"\n  - delete all data within [-30-] {+45+} days.\n"},
		},
		{
			name:  "a nested and numbered item",
			a:     "1. First\n2. Second:\n   - one thing\n   - another thing\n",
			b:     "1. First\n2. Second:\n   - one thing\n   - a third thing\n",
			shape: "=T =I1.1 =I2.1 =I-2 ~I-2",
			md:    []string{"\n1. First\n2. Second:\n   - one thing\n   - ~~another~~ <ins>a third</ins> thing\n"},
			html:  []string{`<ol>` + "\n" + `<li value="1">First</li>` + "\n" + `<li value="2">Second:<ul>` + "\n<li>one thing</li>\n<li><del>another</del> <ins>a third</ins> thing</li>\n</ul>\n</li>\n</ol>\n"},
			text:  []string{"\n    - [-another-] {+a third+} thing\n"},
		},
		{
			name:  "a heading kept",
			a:     "## Scope\n\nThis applies to all data.\n",
			b:     "## Scope\n\nThis applies to personal data.\n",
			shape: "=T =H ~P",
			md:    []string{"\n#### Scope\n\nThis applies to ~~all~~ <ins>personal</ins> data.\n"},
			html:  []string{"<h4>Scope</h4>\n<p>This applies to <del>all</del> <ins>personal</ins> data.</p>\n"},
			text:  []string{"\n  This applies to [-all-] {+personal+} data.\n"},
		},
		{
			name:  "a changed heading",
			a:     "## Scope\n\nText.\n",
			b:     "## Scope and Purpose\n\nText.\n",
			shape: "=T ~H =P",
			md:    []string{"\n#### Scope <ins>and Purpose</ins>\n"},
			html:  []string{"<h4>Scope <ins>and Purpose</ins></h4>\n"},
			text:  []string{"\n  ## Scope {+and Purpose+}\n"},
		},
		{
			name:  "a paragraph inserted between two",
			a:     "The first paragraph.\n\nThe third paragraph.\n",
			b:     "The first paragraph.\n\nA new one, in between.\n\nThe third paragraph.\n",
			shape: "=T =P +P =P",
			md:    []string{"\nThe first paragraph.\n\n<ins>A new one, in between.</ins>\n\nThe third paragraph.\n"},
			html:  []string{"<p>The first paragraph.</p>\n<p><ins>A new one, in between.</ins></p>\n<p>The third paragraph.</p>\n"},
			text:  []string{"\n  {+A new one, in between.+}\n"},
		},
		{
			name:  "a list item deleted whole",
			a:     "- storage\n- analytics\n- support\n",
			b:     "- storage\n- support\n",
			shape: "=T =I-1 -I-1 =I-1",
			md:    []string{"\n- storage\n- ~~analytics~~\n- support\n"},
			html:  []string{`<li class="del"><del>analytics</del></li>`},
			text:  []string{"\n  - [-analytics-]\n"},
		},
		{
			name:  "bold kept where the words are unchanged or inserted",
			a:     "**Agreement** means the Terms of Service.\n",
			b:     "**Agreement** means the **Master** Agreement.\n",
			shape: "=T ~P",
			md:    []string{"\n**Agreement** means the ~~Terms of Service.~~ <ins>**Master** Agreement.</ins>\n"},
			html:  []string{"<p><strong>Agreement</strong> means the <del>Terms of Service.</del> <ins><strong>Master</strong> Agreement.</ins></p>"},
			text:  []string{"\n  Agreement means the [-Terms of Service.-] {+Master Agreement.+}\n"},
		},
		{
			name:  "italic and code, and a word half bold",
			a:     "Send to *the DPO* at `dpo@x` (**Ojoo**'s officer).\n",
			b:     "Send to *the officer* at `dpo@x` (**Ojoo**'s officer).\n",
			shape: "=T ~P",
			md:    []string{"\nSend to *the* ~~*DPO*~~ <ins>*officer*</ins> at `dpo@x` (**Ojoo**’s officer).\n"},
			html:  []string{"<p>Send to <em>the</em> <del><em>DPO</em></del> <ins><em>officer</em></ins> at <code>dpo@x</code> (<strong>Ojoo</strong>’s officer).</p>"},
		},
		{
			name:  "a table row changed, another added",
			a:     "| Name | Location |\n|---|---|\n| AWS | Ireland |\n",
			b:     "| Name | Location |\n|---|---|\n| AWS | Germany |\n| Stripe | United States |\n",
			shape: "=T =R ~R +R",
			md:    []string{"\n| Name | Location |\n| --- | --- |\n| AWS | ~~Ireland~~ <ins>Germany</ins> |\n| <ins>Stripe</ins> | <ins>United States</ins> |\n"},
			html:  []string{"<tr><th>Name</th><th>Location</th></tr>\n<tr><td>AWS</td><td><del>Ireland</del> <ins>Germany</ins></td></tr>\n<tr class=\"ins\"><td><ins>Stripe</ins></td><td><ins>United States</ins></td></tr>\n"},
			text:  []string{"\n  | AWS | [-Ireland-] {+Germany+} |\n", "\n  | {+Stripe+} | {+United States+} |\n"},
		},
		{
			name:  "a paragraph becomes a list item: one out, one in",
			a:     "Deletion on request.\n",
			b:     "- Deletion on written request.\n",
			shape: "=T -P +I-1",
			md:    []string{"\n~~Deletion on request.~~\n\n- <ins>Deletion on written request.</ins>\n"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Documents("a", sections("c", tc.a), "b", sections("c", tc.b))
			if len(r.Clauses) != 1 || r.Clauses[0].State != Changed {
				t.Fatalf("want one changed clause, got %+v", r.Clauses)
			}
			if got := shape(r.Clauses[0].Blocks); got != tc.shape {
				t.Errorf("blocks %q, want %q", got, tc.shape)
			}
			for _, out := range []struct {
				name  string
				write func(*bytes.Buffer) error
				want  []string
			}{
				{"markdown", func(b *bytes.Buffer) error { return Markdown(b, r) }, tc.md},
				{"html", func(b *bytes.Buffer) error { return HTML(b, r) }, tc.html},
				{"text", func(b *bytes.Buffer) error { return Text(b, r, false) }, tc.text},
			} {
				var b bytes.Buffer
				if err := out.write(&b); err != nil {
					t.Fatal(err)
				}
				for _, w := range out.want {
					if !strings.Contains(b.String(), w) {
						t.Errorf("%s lacks %q:\n%s", out.name, w, b.String())
					}
				}
			}
		})
	}
}

// TestOrderAndIdentical: the changed clauses are listed first in every
// output, the summary counts what is not zero, and documents alike word
// for word are "identical" whatever their formatting.
func TestOrderAndIdentical(t *testing.T) {
	a := sections("same", "Kept.\n", "changed", "Thirty days.\n", "gone", "Only in A.\n")
	b := sections("same", "Kept.\n", "changed", "Forty-five days.\n", "new", "Only in B.\n")
	r := Documents("a", a, "b", b)
	if got, want := Summary(r), "1 changed, 1 only in a, 1 only in b, 1 the same"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	var md, txt bytes.Buffer
	if err := Markdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if err := Text(&txt, r, false); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, out string
		in        []string
	}{
		{"markdown", md.String(), []string{"## Changed", "### 2. Clause changed", "## Only in a", "## Only in b", "## The same"}},
		{"text", txt.String(), []string{"changed: 2. Clause changed", "only in a: 3. Clause gone", "only in b: 3. Clause new"}},
	} {
		at := -1
		for _, s := range tc.in {
			i := strings.Index(tc.out, s)
			if i <= at {
				t.Errorf("%s: %q is not after what comes before it:\n%s", tc.name, s, tc.out)
			}
			at = i
		}
	}
	same := Documents("a", sections("x", "**Bold** words, `code`.\n"), "b", sections("x", "Bold *words*, code.\n"))
	if !same.Empty() || Summary(same) != "identical: 1 clauses, word for word" {
		t.Errorf("formatting alone is a change: %s", Summary(same))
	}
}

// TestRedlineWords: for every pair of texts, the redline's kept and
// inserted words are B's, its kept and deleted words A's.
func TestRedlineWords(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"a b c", "a x c"},
		{"- a\n- b\n\n## H\n\nc d", "- a\n- c\n\n## H2\n\nd e"},
		{"| a | b |\n|--|--|\n| c | d |\n", "| a |\n|--|\n| c |\n| e |\n"},
		{"", "x"},
		{"1. x\n\n   y\n2. z", "- x\n- z"},
	} {
		checkWords(t, tc.a, tc.b)
	}
}

// checkWords checks that the redline of clause a against b accepts to b
// and rejects to a.
func checkWords(t *testing.T, a, b string) {
	t.Helper()
	r := Documents("a", sections("c", a), "b", sections("c", b))
	c := r.Clauses[0]
	wa, wb := plainWords(sectionBlocks(&document.Document{}, c.A)), plainWords(sectionBlocks(&document.Document{}, c.B))
	if c.State == Same {
		if strings.Join(wa, " ") != strings.Join(wb, " ") {
			t.Fatalf("%q and %q: the same, but their words differ", a, b)
		}
		return
	}
	var acc, rej []string
	for _, bl := range c.Blocks {
		for _, e := range bl.Edits {
			for _, w := range e.Words {
				if w.Cell {
					continue
				}
				if e.Kind != '-' {
					acc = append(acc, w.Text())
				}
				if e.Kind != '+' {
					rej = append(rej, w.Text())
				}
			}
		}
	}
	if strings.Join(acc, " ") != strings.Join(wb, " ") || strings.Join(rej, " ") != strings.Join(wa, " ") {
		t.Fatalf("%q → %q: accepted %q, rejected %q", a, b, acc, rej)
	}
}

// TestBounded: hostile clauses, thousands of list items each changed and
// a paragraph of a hundred thousand words changed at both ends, are diffed
// within the bounds, in little time and memory, and still correctly.
func TestBounded(t *testing.T) {
	var a, b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&a, "- item %d of the old list\n", i)
		fmt.Fprintf(&b, "- item %d of the new list\n", i)
	}
	long := strings.Repeat("word ", 100000)
	for _, tc := range []struct{ name, a, b string }{
		{"5,000 items", a.String(), b.String()},
		{"100,000 words", "first " + long + "last", "start " + long + "end"},
		{"100,000 words apart", long, strings.Repeat("other ", 100000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			checkWords(t, tc.a, tc.b)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 512<<20 {
				t.Errorf("%d MiB allocated", alloc>>20)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestStructureGolden writes the redline of testdata/structure.txtar's a.md
// against its b.md in every format and compares it with the golden files;
// run with -update to accept a change.
func TestStructureGolden(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "structure.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	r := Documents("standard", sections("terms", files["a.md"]), "globex", sections("terms", files["b.md"]))
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"structure.txt", func(b *bytes.Buffer) error { return Text(b, r, false) }},
		{"structure.ansi", func(b *bytes.Buffer) error { return Text(b, r, true) }},
		{"structure.md", func(b *bytes.Buffer) error { return Markdown(b, r) }},
		{"structure.html", func(b *bytes.Buffer) error { return HTML(b, r) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from the golden file (run go test -update to accept):\n%s", tc.name, b.String())
			}
			// Idempotence: the same result written twice is the same.
			var again bytes.Buffer
			if err := tc.write(&again); err != nil || !bytes.Equal(again.Bytes(), b.Bytes()) {
				t.Errorf("written twice, %s differs", tc.name)
			}
		})
	}
}

// FuzzStructuredDiff diffs arbitrary Markdown against other Markdown: no
// panic, the redline accepts to B's words and rejects to A's, and every
// output is written the same twice.
func FuzzStructuredDiff(f *testing.F) {
	for _, s := range [][2]string{
		{"- a\n- b\n", "- a\n- c\n"},
		{"## H\n\n**x** y *z*\n", "## H\n\n**x** w *z*\n"},
		{"| a | b |\n|---|---|\n| c | d |\n", "| a | b |\n|---|---|\n| c | e |\n| f | g |\n"},
		{"1. x\n   1. y\n      - z\n", "1. x\n   2. y\n"},
		{"> quote\n\n```\ncode ` here\n```\n", "<!-- signatures: A, B -->\n\n---\n\ntext"},
		{strings.Repeat("- ", 40) + "x\n", strings.Repeat("  - ", 20) + "y\n"},
		{"`a`b`` c ``\\*d\\* &amp; <https://e.com>", "a **b** ~~c~~ [d](#x)"},
		{"-\n-\n1.\n", "- \n  -\n"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a)+len(b) > 1<<14 {
			return
		}
		checkWords(t, a, b)
		r := Documents("a", sections("c", a), "b", sections("c", b))
		for _, write := range []func(*bytes.Buffer) error{
			func(w *bytes.Buffer) error { return Text(w, r, false) },
			func(w *bytes.Buffer) error { return Text(w, r, true) },
			func(w *bytes.Buffer) error { return Markdown(w, r) },
			func(w *bytes.Buffer) error { return HTML(w, r) },
		} {
			var one, two bytes.Buffer
			if err := write(&one); err != nil {
				t.Fatal(err)
			}
			if err := write(&two); err != nil || !bytes.Equal(one.Bytes(), two.Bytes()) {
				t.Fatal("written twice, the output differs")
			}
		}
	})
}

// TestBlocksConstructs: a page break gives no block, and a signature
// block an item per party, "Role: Name", as the list it is written as.
func TestBlocksConstructs(t *testing.T) {
	src := "Signed.\n\n<!-- pagebreak -->\n\n<!-- signatures: Signature, Name -->\n\n- For the Processor: Acme *GmbH*\n- For the Customer: O'Brien\n"
	var got []string
	for _, bl := range Blocks(src) {
		var ws []string
		for _, w := range bl.Words {
			ws = append(ws, w.Text())
		}
		got = append(got, fmt.Sprintf("%d%s:%s", bl.Kind, bl.Marker, strings.Join(ws, " ")))
	}
	want := []string{"0:Signed.", "2-:For the Processor: Acme GmbH", "2-:For the Customer: O’Brien"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("blocks %q, want %q", got, want)
	}
}
