package layout

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
)

// hyphenated writes word with its breaks marked, "hy-phen-ation".
func hyphenated(word string) string {
	at := loadHyphenator().breaks(word)
	var b strings.Builder
	for i := range len(word) {
		if slices.Contains(at, i) {
			b.WriteByte('-')
		}
		b.WriteByte(word[i])
	}
	return b.String()
}

// TestHyphenation checks the patterns' breaks against those printed
// dictionaries give, the exceptions, and the words left whole.
func TestHyphenation(t *testing.T) {
	for _, tc := range []struct{ word, want string }{
		{"hyphenation", "hy-phen-a-tion"}, // TUGboat's exceptions
		{"agreement", "agree-ment"},
		{"processor", "pro-ces-sor"},
		{"Processing", "Pro-cess-ing"},
		{"confidentiality", "con-fi-den-tial-ity"},
		{"organization", "or-ga-ni-za-tion"},
		{"associate", "as-so-ciate"}, // plain TeX's exceptions
		{"table", "ta-ble"},          // also
		{"academy", "acad-e-my"},     // TUGboat's exceptions
		{"project", "project"},       // an exception with no break
		{"data", "data"},             // shorter than five letters
		{"LIMITED", "LIMITED"},       // capitals
		{"Zürich", "Zürich"},         // not ASCII letters only
		{"GDPR2016", "GDPR2016"},     // digits
		{"Subprocessor", "Sub-pro-ces-sor"},
	} {
		if got := hyphenated(tc.word); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.word, got, tc.want)
		}
	}
}

// TestHyphenPoints checks the places a piece of text may break: within
// words, after a hyphen it holds, and never within its first two or last
// three letters.
func TestHyphenPoints(t *testing.T) {
	h := loadHyphenator()
	for _, tc := range []struct {
		text string
		want []hyphenPoint
	}{
		{"sub-processor,", []hyphenPoint{{4, false}, {7, true}, {10, true}}},
		{"“agreement”", []hyphenPoint{{8, true}}},
		{"-", nil},
		{"a-", nil},
		{"", nil},
	} {
		if got := h.hyphenPoints(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestHyphenationKnown: a word's breaks, looked up again (from the words
// known) or in another case, are those found afresh; past maxKnown words
// no more are kept, and the breaks still come.
func TestHyphenationKnown(t *testing.T) {
	h := loadHyphenator()
	for _, w := range []string{"hyphenation", "agreement", "Processing", "processing", "LIMITED", "project", "data", "Zürich"} {
		first, again := h.breaks(w), h.breaks(w)
		if fresh := h.find(w); !slices.Equal(first, fresh) || !slices.Equal(again, fresh) {
			t.Errorf("%s: breaks %v then %v, found afresh %v", w, first, again, fresh)
		}
	}
	// Words of letters from a counter, more than maxKnown of them.
	word := func(i int) string {
		b := []byte("processor")
		for ; i > 0; i /= 26 {
			b = append(b, byte('a'+i%26))
		}
		return string(b)
	}
	for i := range maxKnown + 100 {
		w := word(i)
		if got, want := h.breaks(w), h.find(w); !slices.Equal(got, want) {
			t.Fatalf("%s: breaks %v, found afresh %v", w, got, want)
		}
	}
	h.mu.RLock()
	n := len(h.known)
	h.mu.RUnlock()
	if n > maxKnown {
		t.Errorf("%d words kept, more than %d", n, maxKnown)
	}
}

var updateHyph = flag.Bool("update-hyph", false, "rewrite hyphen_gen.go from hyph/*.tex")

// texTables reads the TeX files as plainly as can be (lines, comments
// cut, words split by strings.Fields): the patterns, letters with "." for
// a word's edge, to the values between and around them; the exceptions,
// lower case, to their breaks.
func texTables(t testing.TB) (patterns map[string][]uint8, exceptions map[string][]int) {
	patterns, exceptions = map[string][]uint8{}, map[string][]int{}
	for _, file := range []string{"hyph/hyphen.tex", "hyph/hyphenex.tex"} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		group := ""
		for _, line := range strings.Split(string(src), "\n") {
			line, _, _ = strings.Cut(line, "%")
			for _, f := range strings.Fields(line) {
				for _, g := range []string{"patterns", "hyphenation"} {
					if rest, ok := strings.CutPrefix(f, `\`+g+`{`); ok {
						group, f = g, rest
					}
				}
				word, end := strings.CutSuffix(f, "}")
				switch {
				case word == "":
				case group == "patterns":
					var letters []byte
					values := []uint8{0}
					for _, c := range []byte(word) {
						if c >= '0' && c <= '9' {
							values[len(values)-1] = c - '0'
						} else {
							letters, values = append(letters, c), append(values, 0)
						}
					}
					patterns[string(letters)] = values
				case group == "hyphenation":
					var at []int
					for i, n := 0, 0; i < len(word); i++ {
						if word[i] == '-' {
							at = append(at, n)
						} else {
							n++
						}
					}
					exceptions[strings.ToLower(strings.ReplaceAll(word, "-", ""))] = at
				}
				if end {
					group = ""
				}
			}
		}
	}
	if len(patterns) < 4000 || len(exceptions) < 300 {
		t.Fatalf("the TeX files gave %d patterns and %d exceptions", len(patterns), len(exceptions))
	}
	return patterns, exceptions
}

// hyphenSource writes hyphen_gen.go: the patterns as a trie whose nodes
// are numbered breadth first, so that each node's children are numbered
// one after the other, in the order of their letters.
func hyphenSource(patterns map[string][]uint8, exceptions map[string][]int) []byte {
	type node struct {
		children map[byte]*node
		values   []uint8
	}
	root := &node{children: map[byte]*node{}}
	longest := 0
	for p, v := range patterns {
		n := root
		for _, c := range []byte(p) {
			if n.children[c] == nil {
				n.children[c] = &node{children: map[byte]*node{}}
			}
			n = n.children[c]
		}
		n.values = v
		longest = max(longest, len(p))
	}
	var letters []byte
	var first, value []int
	var values strings.Builder
	queue := []*node{root}
	letters = append(letters, '.') // the root's, never read
	for i := 0; i < len(queue); i++ {
		n := queue[i]
		first = append(first, len(queue))
		if n.values == nil {
			value = append(value, 0)
		} else {
			value = append(value, values.Len()+1)
			for _, v := range n.values {
				values.WriteByte('0' + v)
			}
		}
		for _, c := range slices.Sorted(maps.Keys(n.children)) {
			letters = append(letters, c)
			queue = append(queue, n.children[c])
		}
	}
	first = append(first, len(queue))
	ints := func(b *strings.Builder, name, doc string, xs []int) {
		fmt.Fprintf(b, "%s\nvar %s = [...]uint16{", doc, name)
		for i, x := range xs {
			if i%16 == 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(b, "%d, ", x)
		}
		b.WriteString("\n}\n\n")
	}
	var b strings.Builder
	b.WriteString("// Code generated by TestHyphenTablesCurrent from hyph/hyphen.tex and hyph/hyphenex.tex; DO NOT EDIT.\n")
	b.WriteString("// Regenerate with: go test ./internal/render/pdf/layout -run HyphenTablesCurrent -args -update-hyph\n\npackage layout\n\n")
	fmt.Fprintf(&b, "// hyphenMaxPattern is how many letters the longest pattern has.\nconst hyphenMaxPattern = %d\n\n", longest)
	fmt.Fprintf(&b, "// hyphenLetters holds, for each node of the patterns' trie but the root\n// (node 0), the letter that leads to it.\nconst hyphenLetters = %q\n\n", letters)
	ints(&b, "hyphenFirst", "// hyphenFirst holds, for each node, its first child: the children of\n// node n are nodes hyphenFirst[n] to hyphenFirst[n+1]-1.", first)
	ints(&b, "hyphenValue", "// hyphenValue holds, for each node where a pattern ends, 1 + where its\n// values start in hyphenValues; 0 elsewhere.", value)
	fmt.Fprintf(&b, "// hyphenValues are the patterns' values, a digit for each place before,\n// between and after their letters.\nconst hyphenValues = %q\n\n", values.String())
	words := slices.Sorted(maps.Keys(exceptions))
	b.WriteString("// hyphenExceptionWords are the exceptions, lower case, sorted;\n// hyphenExceptionForms the same words with their breaks.\nvar hyphenExceptionWords = [...]string{\n")
	for _, w := range words {
		fmt.Fprintf(&b, "%q,\n", w)
	}
	b.WriteString("}\n\nvar hyphenExceptionForms = [...]string{\n")
	for _, w := range words {
		var form []byte
		for i := range len(w) {
			if slices.Contains(exceptions[w], i) {
				form = append(form, '-')
			}
			form = append(form, w[i])
		}
		fmt.Fprintf(&b, "%q,\n", form)
	}
	b.WriteString("}\n")
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		panic(err) // the source above is Go
	}
	return src
}

// TestHyphenTablesCurrent: hyphen_gen.go is what the TeX files give;
// -update-hyph writes it.
func TestHyphenTablesCurrent(t *testing.T) {
	want := hyphenSource(texTables(t))
	if *updateHyph {
		if err := os.WriteFile("hyphen_gen.go", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("hyphen_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("hyphen_gen.go is not what hyph/*.tex give: run go test ./internal/render/pdf/layout -run HyphenTablesCurrent -args -update-hyph")
	}
}

// TestHyphenTrie walks the trie for every pattern of the TeX files and
// finds its values, and no other node holds any; every exception gives
// its breaks.
func TestHyphenTrie(t *testing.T) {
	patterns, exceptions := texTables(t)
	ends := 0
	for _, v := range hyphenValue {
		if v != 0 {
			ends++
		}
	}
	if ends != len(patterns) {
		t.Errorf("%d nodes end a pattern, the TeX files have %d patterns", ends, len(patterns))
	}
	for p, want := range patterns {
		n := 0
		for _, c := range []byte(p) {
			if n = trieChild(n, c); n < 0 {
				t.Fatalf("pattern %q: not in the trie", p)
			}
		}
		v := int(hyphenValue[n])
		if v == 0 || len(p) > hyphenMaxPattern {
			t.Fatalf("pattern %q: no values", p)
		}
		got := []byte(hyphenValues[v-1 : v-1+len(p)+1])
		for i := range got {
			got[i] -= '0'
		}
		if !slices.Equal(got, want) {
			t.Errorf("pattern %q: values %v, want %v", p, got, want)
		}
	}
	for w, want := range exceptions {
		if got, ok := exception(w); !ok || !slices.Equal(got, want) {
			t.Errorf("exception %q: %v %v, want %v", w, got, ok, want)
		}
	}
	if _, ok := exception("processor"); ok {
		t.Error("processor is an exception")
	}
}

// TestHyphenationLiang: the breaks of every word of an assembled agreement
// are those Liang's algorithm finds over the patterns as read from the
// TeX files, looked up one by one in a map.
func TestHyphenationLiang(t *testing.T) {
	patterns, exceptions := texTables(t)
	src, err := os.ReadFile("../../../assemble/testdata/cases/ojoo/want.md")
	if err != nil {
		t.Fatal(err)
	}
	words := strings.FieldsFunc(string(src), func(r rune) bool { return r < 'A' || r > 'z' || r > 'Z' && r < 'a' })
	h := &hyphenator{known: map[string][]int{}}
	checked := 0
	for _, word := range words {
		if len(word) < minHyphenWord || len(word) > maxHyphenWord || strings.ToUpper(word) == word {
			continue
		}
		want, ok := exceptions[strings.ToLower(word)]
		if !ok {
			w := "." + strings.ToLower(word) + "."
			levels := make([]uint8, len(w)+1)
			for i := range w {
				for j := i + 1; j <= len(w); j++ {
					for k, x := range patterns[w[i:j]] {
						levels[i+k] = max(levels[i+k], x)
					}
				}
			}
			want = nil
			for p := leftHyphenMin; p <= len(word)-rightHyphenMin; p++ {
				if levels[p+1]%2 == 1 {
					want = append(want, p)
				}
			}
		}
		if got := h.find(word); !slices.Equal(got, want) {
			t.Errorf("%s: breaks %v, Liang's over the TeX files %v", word, got, want)
		}
		checked++
	}
	if checked < 1000 {
		t.Fatalf("only %d words checked", checked)
	}
}
