package docx

import (
	"strconv"
	"strings"
	"testing"
)

// TestReword: a stretch's paragraphs read as lines: paragraphs whose text
// is a line's stay as they are (bookmark and runs), others take the
// line's text, new lines are new paragraphs in the style of the one
// before, paragraphs without a line are left out, and in a table a
// paragraph is emptied or takes the lines after it.
func TestReword(t *testing.T) {
	heading := func() *para {
		return &para{style: "Heading2", numID: headingNum, bookmark: "_Ref_x", runs: []run{{text: "Title"}}}
	}
	p := func(s string) *para {
		return &para{style: "Body", runs: []run{{text: s, props: bold}}}
	}
	stretch := func() []block {
		return []block{{p: heading()}, {p: p("one")}, {p: p("two  words")}, {p: p("three")}}
	}
	show := func(bl []block) string {
		var out []string
		for _, b := range bl {
			switch {
			case b.p != nil:
				s := b.p.style + ":" + b.p.text()
				if b.p.bookmark != "" {
					s += "@" + b.p.bookmark
				}
				if len(b.p.runs) > 0 && b.p.runs[0].props == bold {
					s += "*"
				}
				out = append(out, s)
			case b.t != nil:
				var cells []string
				for _, r := range b.t.rows {
					for _, c := range r.cells {
						for _, q := range c {
							cells = append(cells, q.text())
						}
					}
				}
				out = append(out, "table:"+strings.Join(cells, "|"))
			}
		}
		return strings.Join(out, " / ")
	}
	for _, tc := range []struct {
		name  string
		lines []string
		want  string
	}{
		{"as issued", []string{"Title", "one", "two words", "three"}, "Heading2:Title@_Ref_x / Body:one* / Body:two  words* / Body:three*"},
		{"one reworded", []string{"Title", "one", "two other words", "three"}, "Heading2:Title@_Ref_x / Body:one* / Body:two other words / Body:three*"},
		{"one reworded, its formatting kept where its text is", []string{"Title", "one!", "two words", "three"}, "Heading2:Title@_Ref_x / Body:one!* / Body:two  words* / Body:three*"},
		{"one added", []string{"Title", "one", "two words", "two and a half", "three"}, "Heading2:Title@_Ref_x / Body:one* / Body:two  words* / Body:two and a half / Body:three*"},
		{"one left out", []string{"Title", "one", "three"}, "Heading2:Title@_Ref_x / Body:one* / Body:three*"},
		{"the heading reworded", []string{"Other title", "one", "two words", "three"}, "Heading2:Other title@_Ref_x / Body:one* / Body:two  words* / Body:three*"},
		{"a line after a heading", []string{"Title", "zero", "one", "two words", "three"}, "Heading2:Title@_Ref_x / :zero / Body:one* / Body:two  words* / Body:three*"},
		{"empty lines ignored", []string{"", "Title", " ", "one", "two words", "three", ""}, "Heading2:Title@_Ref_x / Body:one* / Body:two  words* / Body:three*"},
		{"no lines", []string{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bl := stretch()
			before := show(bl)
			if got := show(reword(bl, tc.lines)); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if show(bl) != before {
				t.Error("the document's blocks changed")
			}
		})
	}

	// In a table.
	table := func() []block {
		return []block{{p: heading()}, {t: &table{widths: []int{1, 1}, rows: []row{{cells: [][]*para{{p("a")}, {p("b")}}}, {cells: [][]*para{{p("c")}, {p("d")}}}}}}}
	}
	for _, tc := range []struct {
		name  string
		lines []string
		want  string
	}{
		{"a cell reworded", []string{"Title", "a", "B!", "c", "d"}, "Heading2:Title@_Ref_x / table:a|B!|c|d"},
		{"a cell emptied", []string{"Title", "a", "c", "d"}, "Heading2:Title@_Ref_x / table:a||c|d"},
		{"lines joined to a cell", []string{"Title", "a", "b", "c", "d", "e"}, "Heading2:Title@_Ref_x / table:a|b|c|d e"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := show(reword(table(), tc.lines)); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestSetText: a paragraph given a text keeps the runs at its start and
// end whose text stands there, its fields and formatting, and reads as
// the text.
func TestSetText(t *testing.T) {
	mk := func() *para {
		return &para{markFrom: 1, runs: []run{
			{kind: textRun, text: "See "},
			{kind: fieldRun, instr: "REF _Ref_x \\w", text: "Section 5"},
			{kind: textRun, text: " for the "},
			{kind: textRun, text: "Subprocessors", props: bold},
			{kind: textRun, text: "."},
		}}
	}
	show := func(p *para) string {
		var out []string
		for _, r := range p.runs {
			s := r.text
			if r.kind == fieldRun {
				s = "{" + s + "}"
			}
			if r.props == bold {
				s = "*" + s + "*"
			}
			out = append(out, s)
		}
		return strings.Join(out, "|") + " mark " + strconv.Itoa(p.markFrom)
	}
	for _, tc := range []struct{ text, want string }{
		{"See Section 5 for the Subprocessors.", "See |{Section 5}| for the |*Subprocessors*|. mark 1"},
		{"See Section 5 for all Subprocessors.", "See |{Section 5}| for all |*Subprocessors*|. mark 1"},
		{"See Section 6 for the Subprocessors.", "See |Section 6| for the |*Subprocessors*|. mark 1"},
		{"Nothing alike", "Nothing alike mark 0"},
		{"See Section 5", "See |{Section 5} mark 1"},
		{"", " mark 0"},
		{"See Section 5 for the Subprocessors. See Section 5 for the Subprocessors.", "See |{Section 5}| for the |*Subprocessors*|.| See Section 5 for the Subprocessors. mark 1"},
	} {
		p := mk()
		setText(p, tc.text)
		if got := show(p); got != tc.want || p.text() != tc.text {
			t.Errorf("%q: %s (reads %q), want %s", tc.text, got, p.text(), tc.want)
		}
	}
}

// FuzzReword: whatever the lines, a stretch of paragraphs reads as
// exactly its non-empty lines, in order, white space folded.
func FuzzReword(f *testing.F) {
	f.Add("Title\none\ntwo words\nthree", "Title\x00one\x00two words\x00three")
	f.Add("Title\none\nthree\nfour\n\nfive", "Title\x00one\x00two\x00three")
	f.Add("", "a\x00b")
	f.Add("x\ny\nz", "")
	f.Fuzz(func(t *testing.T, lines, paras string) {
		var bl []block
		for i, s := range strings.Split(paras, "\x00") {
			if i == 64 {
				break
			}
			p := &para{style: "Body", runs: []run{{text: s}}}
			if i == 0 {
				p.style, p.bookmark = "Heading2", "_Ref_x"
			}
			bl = append(bl, block{p: p})
		}
		ls := strings.Split(lines, "\n")
		if len(ls) > 64 {
			ls = ls[:64]
		}
		var want []string
		for _, l := range ls {
			if f := fold(l); f != "" {
				want = append(want, f)
			}
		}
		var got []string
		for _, b := range reword(bl, ls) {
			if f := fold(b.p.text()); f != "" {
				got = append(got, f)
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("reads\n%q\nwant\n%q", got, want)
		}
	})
}
