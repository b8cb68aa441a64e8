package clause

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"strings"
	"text/template/parse"

	"github.com/clausemark/clausemark/internal/funcs"
)

// hashWordings sets the Hash of each alternative: the identity of its
// wording, so that an edit to one alternative of a file leaves the others'
// hashes as they were. It is taken from the alternative's title and its
// body as parsed, printed in text/template's canonical form (comments and
// the spacing inside actions do not count; the text around them does),
// with the bodies of the alternatives it calls with {{ template }}. It
// runs before guard adds its functions to the trees, so that the hash
// depends on the clause file only.
func (c *Clause) hashWordings() {
	for _, name := range c.Names {
		a := c.Alts[name]
		h := sha256.New()
		io.WriteString(h, "clausemark wording 1\x00")
		io.WriteString(h, a.Title+"\x00")
		io.WriteString(h, c.body(name)+"\x00")
		for _, called := range c.calls(name) {
			io.WriteString(h, called+"\x00"+c.body(called)+"\x00")
		}
		a.Hash = "sha256:" + hex.EncodeToString(h.Sum(nil))
	}
}

// body returns the canonical text of the template named name, "" if it
// has none.
func (c *Clause) body(name string) string {
	t := c.Template(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return ""
	}
	s := t.Tree.Root.String()
	if t == c.set() {
		// The file's own body starts with the blank lines that stand for
		// its front matter, which are no part of the wording.
		s = strings.TrimLeft(s, "\n")
	}
	return s
}

// calls returns the names of the templates that template name calls,
// directly or through others, sorted, without name itself.
func (c *Clause) calls(name string) []string {
	seen := map[string]bool{name: true}
	var out []string
	queue := []string{name}
	for len(queue) > 0 {
		t := c.Template(queue[0])
		queue = queue[1:]
		if t == nil || t.Tree == nil {
			continue
		}
		funcs.WalkTree(t.Tree.Root, func(n parse.Node) {
			if tn, ok := n.(*parse.TemplateNode); ok && !seen[tn.Name] && c.set().Lookup(tn.Name) != nil {
				seen[tn.Name] = true
				out = append(out, tn.Name)
				queue = append(queue, tn.Name)
			}
		})
	}
	slices.Sort(out)
	return out
}
