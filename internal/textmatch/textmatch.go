// Package textmatch reduces Markdown to the words a reader sees and
// compares the words of two texts: the ratio of words they share in order.
// The tests use it to check a rendering against its source; diff uses it to
// compare clauses as they read.
package textmatch

import (
	"bufio"
	"bytes"
	"html"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// md parses as every format does (mdext.New). It stops parsing where
// lists and quotes nest past mdext.MaxNesting, whose parse costs goldmark
// cubic time; the rest is taken as written.
var md = sync.OnceValue(func() goldmark.Markdown { return mdext.New() })

// PlainText strips Markdown markup, leaving the words a reader sees, with
// escapes and entities resolved, a signature block's parties as "Role:
// Name", and quotes as written in the source: the typographic quotes
// every format prints are typography, not words (see [Words]).
func PlainText(src []byte) string {
	doc := mdext.Parse(md(), src)
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.WriteString(Unescape(n.Segment.Value(src)))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(mdext.Written(n))
		case *mdext.Party:
			if n.Role != "" {
				b.WriteString(n.Role + ": ")
			}
		case *ast.CodeSpan:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(n.Label(src))
			return ast.WalkSkipChildren, nil
		case *east.TableCell:
			b.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	if rest := mdext.Unparsed(doc, src); len(rest) > 0 {
		b.Write(rest) // nested too deep to parse: as written
	}
	return b.String()
}

// Unescape returns the text of a Markdown text segment as a reader sees
// it: backslash escapes and entities resolved.
func Unescape(seg []byte) string {
	if !bytes.ContainsAny(seg, "\\&") {
		return string(seg)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	gmhtml.DefaultWriter.Write(w, seg)
	_ = w.Flush()
	return html.UnescapeString(buf.String())
}

// IsWordRune reports whether r can be part of a word: a letter or a digit.
func IsWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Whole reports whether s[i:j] stands as whole words in s: no letter or
// digit touches it on either side. "Customer" is whole in "the Customer’s"
// but not in "Customers".
func Whole(s string, i, j int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[j:])
	return (i == 0 || !IsWordRune(before)) && (j == len(s) || !IsWordRune(after))
}

var sectionNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d+|[A-Z])(\.\d+)*\.?$`) })

// Words splits text into words with surrounding punctuation removed,
// dropping section numbers, which an engine writes and a typist types, and
// rules: dashes, bullets and the lines a plain-text table is drawn with.
// Quotes are folded to straight ones ([FoldQuotes]), so that a rendering's
// “Customer’s” is the source's "Customer's".
func Words(s string) []string {
	var out []string
	for _, f := range strings.Fields(FoldQuotes(s)) {
		w := strings.Trim(f, `.,;:()“”"'’!?*`)
		if strings.Trim(w, "-–—·•_=+|~") == "" || sectionNumber().MatchString(w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// quoteFolder turns the typographic quotes into straight ones.
var quoteFolder = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`)

// FoldQuotes returns s with typographic quotes and apostrophes (‘ ’ “ ”)
// made straight (' "): text that differs only in its typography reads
// the same.
func FoldQuotes(s string) string {
	if !strings.ContainsAny(s, "‘’“”") {
		return s
	}
	return quoteFolder.Replace(s)
}

// Ratio is 2M/T, where M is the length of the longest common subsequence
// of a and b and T their total length: 1 for identical sequences, 0 for
// sequences with nothing in common.
func Ratio(a, b []string) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	prev := make([]int32, len(b)+1)
	cur := make([]int32, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(b)]) / float64(len(a)+len(b))
}
