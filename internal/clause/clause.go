// Package clause loads clause files: a YAML front matter that declares the
// clause and its typed variables, followed by a Markdown body with
// text/template actions.
//
// Call [Parse] with the file's path relative to the library; the path is
// the template's name, so execution errors read
// "template: clauses/deletion.md:14:9: ...". A clause holds one or more
// [Alternative] wordings (house styles), each a {{ define "name" }} block in
// the body; a clause with one wording writes its body directly.
//
// [Alternative.Uses] lists, with positions, the variables and references
// the wording actually uses, found by walking the parsed template, so that
// lint can compare them with what the front matter declares.
package clause

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/textmatch"
	"go.yaml.in/yaml/v3"
)

// DefaultAlternative names the wording of a clause that has only one.
const DefaultAlternative = "default"

// Clause is one clause of the library.
type Clause struct {
	ID          string
	Version     string
	Description string
	File        string // path relative to the library, e.g. "clauses/deletion.md"
	Covers      []string
	Alts        map[string]*Alternative
	Names       []string // alternative names in the order declared
	Line        int      // line of the front matter's first key
	Hash        string   // "sha256:" and the hex digest of the file's bytes: the wording's identity beside its version

	tmpl *template.Template
	text string // the body as parsed, front matter blanked
	// lazy is set for a clause made by [Restore]: its body is parsed on
	// first use, once.
	lazy *lazyBody
}

// Alternative is one wording of a clause.
type Alternative struct {
	Name        string
	Title       string
	Description string
	Variables   []string // as declared in the front matter
	Covers      []string // elements covered, including the clause's own
	Line        int      // line of its declaration in the front matter
	Uses        []Use    // fields and references found in the body
	Clause      *Clause
	// Hash is "sha256:" and the hex digest of this wording alone: its
	// title and body, not the rest of the file, so that an edit to one
	// alternative leaves the others' hashes as they were (see
	// Clause.Hash for the file's).
	Hash string

	// Position and Replaces make this wording another position's version
	// of the alternative named Replaces: a document whose position
	// variable (role "position") holds Position gets this wording where
	// its template places Replaces. Both are empty for a base wording.
	Position string
	Replaces string
}

// Use is one variable or reference found in a wording's body.
type Use struct {
	Path      string // dotted field path such as "deletion.days.Words", or a clause id for a reference
	Ref       bool   // true for {{ ref "id" }} and {{ refShort "id" }}
	At        string // the place within the clause a reference names: "2(2)(b)" for {{ ref "id" "2(2)(b)" }}
	Line, Col int

	// Printed is set for a field that an action prints as it is, such as
	// {{ .customer.name }} or {{ .deletion.days.Words }}; Guards are the
	// fields tested by the {{ if }} blocks around it.
	Printed bool
	Guards  []string
}

type frontMatter struct {
	ID           string   `yaml:"id"`
	Title        string   `yaml:"title"`
	Version      string   `yaml:"version"`
	Description  string   `yaml:"description"`
	Variables    []string `yaml:"variables"`
	Covers       []string `yaml:"covers"`
	Alternatives yaml.Node
}

type altMatter struct {
	Title       string   `yaml:"title"`
	Description string   `yaml:"description"`
	Variables   []string `yaml:"variables"`
	Covers      []string `yaml:"covers"`
	Position    string   `yaml:"position"`
	Replaces    string   `yaml:"replaces"`
}

var (
	idPattern  = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	verPattern = regexp.MustCompile(`^\d+\.\d+\.\d+$`)
)

// Parse parses one clause file. funcs are the functions its body may call.
func Parse(file string, data []byte, funcs template.FuncMap) (*Clause, error) {
	front, body, bodyLine, err := split(file, data)
	if err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(front, &root); err != nil {
		return nil, frontMatterErr(file, err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, diag.Errorf(file, 2, 1, "", "front matter must be a YAML mapping with id, title, version and description")
	}
	doc := root.Content[0]
	var fm frontMatter
	if err := doc.Decode(&fm); err != nil {
		return nil, frontMatterErr(file, err)
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		switch k := doc.Content[i]; k.Value {
		case "alternatives":
			fm.Alternatives = *doc.Content[i+1]
		case "id", "title", "version", "description", "variables", "covers":
		default:
			return nil, diag.Errorf(file, k.Line+1, k.Column, "", "unknown front matter key %q (want id, title, version, description, variables, covers, alternatives)", k.Value)
		}
	}
	c := &Clause{ID: fm.ID, Version: fm.Version, Description: fm.Description, File: file, Covers: fm.Covers, Alts: map[string]*Alternative{}, Line: doc.Line + 1}
	sum := sha256.Sum256(data)
	c.Hash = "sha256:" + hex.EncodeToString(sum[:])
	var errs diag.List
	if !idPattern.MatchString(fm.ID) {
		errs.Add(diag.Errorf(file, c.Line, 1, "", "id must be lower-case letters, digits and hyphens, got %q", fm.ID))
	}
	if !verPattern.MatchString(fm.Version) {
		errs.Add(diag.Errorf(file, c.Line, 1, "", "version must be MAJOR.MINOR.PATCH, got %q", fm.Version))
	}
	if strings.TrimSpace(fm.Description) == "" {
		errs.Add(diag.Errorf(file, c.Line, 1, "", "description is missing"))
	}
	switch {
	case fm.Alternatives.Kind == 0:
		if fm.Title == "" {
			errs.Add(diag.Errorf(file, c.Line, 1, "", "title is missing"))
		}
		c.add(&Alternative{Name: DefaultAlternative, Title: fm.Title, Variables: fm.Variables, Covers: fm.Covers, Line: c.Line})
	case fm.Alternatives.Kind != yaml.MappingNode:
		errs.Add(diag.Errorf(file, fm.Alternatives.Line+1, fm.Alternatives.Column, "", "alternatives must map names to title, description and variables"))
	default:
		if fm.Title != "" || fm.Variables != nil {
			errs.Add(diag.Errorf(file, c.Line, 1, "", "a clause with alternatives declares title and variables per alternative"))
		}
		alts := fm.Alternatives.Content
		for i := 0; i+1 < len(alts); i += 2 {
			name, n := alts[i].Value, alts[i+1]
			var am altMatter
			if err := n.Decode(&am); err != nil {
				errs.Add(frontMatterErr(file, err))
				continue
			}
			if !idPattern.MatchString(name) {
				errs.Add(diag.Errorf(file, alts[i].Line+1, alts[i].Column, "", "alternative name must be lower-case letters, digits and hyphens, got %q", name))
			}
			if am.Title == "" {
				errs.Add(diag.Errorf(file, alts[i].Line+1, alts[i].Column, "", "alternative %q has no title", name))
			}
			if (am.Position == "") != (am.Replaces == "") {
				errs.Add(diag.Errorf(file, alts[i].Line+1, alts[i].Column, "", "alternative %q: position and replaces go together: position names the position this wording is for, replaces the wording it stands in for", name))
			}
			if am.Position != "" && !idPattern.MatchString(am.Position) {
				errs.Add(diag.Errorf(file, alts[i].Line+1, alts[i].Column, "", "alternative %q: position must be lower-case letters, digits and hyphens, got %q", name, am.Position))
			}
			c.add(&Alternative{Name: name, Title: am.Title, Description: am.Description, Variables: am.Variables,
				Covers: append(append([]string(nil), fm.Covers...), am.Covers...), Line: alts[i].Line + 1,
				Position: am.Position, Replaces: am.Replaces})
		}
		errs = append(errs, c.checkPositions()...)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}

	// Blank out the front matter so that template line numbers are file line numbers.
	text := strings.Repeat("\n", bodyLine-1) + string(body)
	// Parsed without copying every function into the clause's template
	// set: only those it names are installed, after guard.
	fs := &Funcs{m: funcs}
	t, err := fs.parseChecked(file, text)
	if err != nil {
		return nil, diag.Template(file, err)
	}
	c.tmpl, c.text = t, text
	if err := c.bind(); err != nil {
		return nil, err
	}
	c.hashWordings()
	if err := guard(t, file, text); err != nil {
		return nil, err
	}
	fs.install(t)
	return c, nil
}

func (c *Clause) add(a *Alternative) {
	a.Clause = c
	c.Alts[a.Name] = a
	c.Names = append(c.Names, a.Name)
}

// bind checks that the body defines exactly the declared alternatives and
// records what each uses.
func (c *Clause) bind() error {
	var errs diag.List
	if _, ok := c.Alts[DefaultAlternative]; ok {
		for _, t := range c.tmpl.Templates() {
			if t.Name() != c.File {
				errs.Add(diag.Errorf(c.File, 0, 0, "", "defines %q but declares no alternatives", t.Name()))
			}
		}
		c.Alts[DefaultAlternative].Uses = uses(c.tmpl, c.tmpl.Tree, c.text)
		return errs.Err()
	}
	if root := c.tmpl.Tree; root != nil && root.Root != nil {
		for _, n := range root.Root.Nodes {
			p := At(c.text, int(n.Position()))
			if tn, ok := n.(*parse.TextNode); ok {
				trimmed := bytes.TrimLeft(tn.Text, " \t\r\n")
				if len(trimmed) == 0 {
					continue
				}
				p = At(c.text, int(tn.Pos)+len(tn.Text)-len(trimmed))
			}
			errs.Add(diag.Errorf(c.File, p.Line, p.Col, "", "text outside the {{ define }} blocks of the alternatives"))
			break
		}
	}
	for _, name := range c.Names {
		t := c.tmpl.Lookup(name)
		if t == nil || t.Tree == nil {
			errs.Add(diag.Errorf(c.File, c.Alts[name].Line, 1, "", "alternative %q has no {{ define %q }} block in the body", name, name))
			continue
		}
		c.Alts[name].Uses = uses(c.tmpl, t.Tree, c.text)
	}
	for _, t := range c.tmpl.Templates() {
		if _, ok := c.Alts[t.Name()]; !ok && t.Name() != c.File {
			errs.Add(diag.Errorf(c.File, 0, 0, "", "defines %q, which is not a declared alternative", t.Name()))
		}
	}
	return errs.Err()
}

// Template returns the parsed template that executes alternative name.
func (c *Clause) Template(name string) *template.Template {
	if l := c.lazy; l != nil && l.alts[name] != nil {
		return c.parsed(l.alts[name]).Lookup(name)
	}
	set := c.set()
	if name == DefaultAlternative {
		return set
	}
	return set.Lookup(name)
}

// checkPositions checks the position wordings: each stands in for a base
// wording of the same clause, at most one per position.
func (c *Clause) checkPositions() diag.List {
	var errs diag.List
	seen := map[[2]string]string{}
	for _, name := range c.Names {
		a := c.Alts[name]
		if a.Replaces == "" {
			continue
		}
		base, ok := c.Alts[a.Replaces]
		switch {
		case !ok:
			errs.Add(diag.Errorf(c.File, a.Line, 1, "", "alternative %q replaces %q, which is not an alternative of this clause (it has %s)", name, a.Replaces, strings.Join(c.Names, ", ")))
		case base.Replaces != "":
			errs.Add(diag.Errorf(c.File, a.Line, 1, "", "alternative %q replaces %q, which is itself the %s wording of %q; replace the base wording", name, a.Replaces, base.Position, base.Replaces))
		}
		key := [2]string{a.Replaces, a.Position}
		if other, ok := seen[key]; ok {
			errs.Add(diag.Errorf(c.File, a.Line, 1, "", "alternatives %q and %q are both the %s wording of %q", other, name, a.Position, a.Replaces))
		}
		seen[key] = name
	}
	return errs
}

// Alt returns the named alternative, or an error listing the ones there are.
// An empty name is the clause's only wording: the default, or the one base
// alternative of a clause whose other alternatives are position wordings.
func (c *Clause) Alt(name string) (*Alternative, error) {
	if name == "" {
		name = DefaultAlternative
		if _, ok := c.Alts[name]; !ok {
			if bases := c.Bases(); len(bases) == 1 {
				name = bases[0].Name
			}
		}
	}
	a, ok := c.Alts[name]
	if !ok {
		return nil, fmt.Errorf("clause %q has no alternative %q (it has %s)", c.ID, name, strings.Join(c.Names, ", "))
	}
	if a.Replaces != "" {
		return nil, fmt.Errorf("clause %q: alternative %q is the %s wording of %q; place %q and the document's position chooses", c.ID, name, a.Position, a.Replaces, a.Replaces)
	}
	return a, nil
}

// Bases returns the alternatives that are not position wordings, in the
// order declared.
func (c *Clause) Bases() []*Alternative {
	var out []*Alternative
	for _, n := range c.Names {
		if a := c.Alts[n]; a.Replaces == "" {
			out = append(out, a)
		}
	}
	return out
}

// Positions returns the position wordings of base alternative name, by
// position.
func (c *Clause) Positions(name string) map[string]*Alternative {
	var out map[string]*Alternative
	for _, n := range c.Names {
		if a := c.Alts[n]; a.Replaces == name {
			if out == nil {
				out = map[string]*Alternative{}
			}
			out[a.Position] = a
		}
	}
	return out
}

// uses walks a template tree and returns the fields and references in it,
// sorted by position. Fields inside range and with blocks, where dot is
// rebound, are followed only when rooted at $.
func uses(set *template.Template, tree *parse.Tree, text string) []Use {
	var out []Use
	var walk func(n parse.Node, rebound bool)
	seen := map[string]bool{}
	var guards []string // fields tested by the enclosing if blocks
	walkPipe := func(p *parse.PipeNode, rebound bool) {
		if p != nil {
			walk(p, rebound)
		}
	}
	fieldsOf := func(p *parse.PipeNode) []string {
		var fs []string
		if p == nil {
			return nil
		}
		for _, c := range p.Cmds {
			for _, a := range c.Args {
				if f, ok := a.(*parse.FieldNode); ok {
					fs = append(fs, strings.Join(f.Ident, "."))
				}
			}
		}
		return fs
	}
	walk = func(n parse.Node, rebound bool) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c, rebound)
			}
		case *parse.ActionNode:
			before := len(out)
			walkPipe(n.Pipe, rebound)
			// An action whose whole pipeline is one field prints it.
			if p := n.Pipe; !rebound && len(p.Decl) == 0 && len(p.Cmds) == 1 && len(p.Cmds[0].Args) == 1 {
				if _, ok := p.Cmds[0].Args[0].(*parse.FieldNode); ok && len(out) == before+1 {
					out[before].Printed = true
					out[before].Guards = slices.Clone(guards)
				}
			}
		case *parse.PipeNode:
			for _, cmd := range n.Cmds {
				walk(cmd, rebound)
			}
		case *parse.CommandNode:
			if len(n.Args) == 2 || len(n.Args) == 3 {
				if id, ok := n.Args[0].(*parse.IdentifierNode); ok && (id.Ident == "ref" || id.Ident == "refShort") {
					if s, ok := n.Args[1].(*parse.StringNode); ok {
						p := At(text, int(n.Position()))
						u := Use{Path: s.Text, Ref: true, Line: p.Line, Col: p.Col}
						if at, ok := n.Args[len(n.Args)-1].(*parse.StringNode); ok && len(n.Args) == 3 {
							u.At = at.Text
						}
						out = append(out, u)
					}
				}
			}
			for _, a := range n.Args {
				walk(a, rebound)
			}
		case *parse.FieldNode:
			if !rebound {
				p := At(text, int(n.Position()))
				out = append(out, Use{Path: strings.Join(n.Ident, "."), Line: p.Line, Col: p.Col})
			}
		case *parse.VariableNode:
			if len(n.Ident) > 1 && n.Ident[0] == "$" {
				p := At(text, int(n.Position()))
				out = append(out, Use{Path: strings.Join(n.Ident[1:], "."), Line: p.Line, Col: p.Col})
			}
		case *parse.ChainNode:
			walk(n.Node, rebound)
		case *parse.IfNode:
			walkPipe(n.Pipe, rebound)
			outer := guards
			guards = append(slices.Clone(guards), fieldsOf(n.Pipe)...)
			walk(n.List, rebound)
			guards = outer
			if n.ElseList != nil {
				walk(n.ElseList, rebound)
			}
		case *parse.RangeNode:
			walkPipe(n.Pipe, rebound)
			walk(n.List, true)
			if n.ElseList != nil {
				walk(n.ElseList, rebound)
			}
		case *parse.WithNode:
			walkPipe(n.Pipe, rebound)
			walk(n.List, true)
			if n.ElseList != nil {
				walk(n.ElseList, rebound)
			}
		case *parse.TemplateNode:
			walkPipe(n.Pipe, rebound)
			if !seen[n.Name] {
				seen[n.Name] = true
				if t := set.Lookup(n.Name); t != nil && t.Tree != nil {
					walk(t.Tree.Root, rebound)
				}
			}
		}
	}
	if tree != nil && tree.Root != nil {
		walk(tree.Root, false)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Col < out[j].Col
	})
	return out
}

// At returns the position of byte offset off in text, the source a
// template was parsed from: the 1-based line, and the 1-based column in
// characters. It is the one place a clause's positions are computed.
func At(text string, off int) Pos {
	off = max(0, min(off, len(text)))
	nl := strings.LastIndexByte(text[:off], '\n')
	return Pos{Line: 1 + strings.Count(text[:off], "\n"), Col: 1 + utf8.RuneCountInString(text[nl+1:off])}
}

// split separates the front matter from the body. bodyLine is the file line
// on which the body starts.
func split(file string, data []byte) (front, body []byte, bodyLine int, err error) {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, nil, 0, diag.Errorf(file, 1, 1, "", "must start with a front matter block between two \"---\" lines")
	}
	rest := data[4:]
	end := bytes.Index(rest, []byte("\n---\n"))
	if end < 0 {
		if bytes.HasSuffix(rest, []byte("\n---")) {
			end = len(rest) - 4
		} else {
			return nil, nil, 0, diag.Errorf(file, 1, 1, "", "front matter is not closed by a \"---\" line")
		}
	}
	front = rest[:end+1]
	body = rest[min(len(rest), end+5):]
	bodyLine = 2 + bytes.Count(front, []byte("\n")) + 1
	return front, body, bodyLine, nil
}

// frontMatterErr places a YAML error of the front matter, which starts on
// the file's second line.
func frontMatterErr(file string, err error) error {
	e := diag.YAML(file, 1, err)
	e.Err = fmt.Errorf("front matter: %w", e.Err)
	return e
}

// Uses lists the fields and references that t uses, placed in text, the
// source t was parsed from.
func Uses(t *template.Template, text string) []Use { return uses(t, t.Tree, text) }

// Pos is a position in a clause file.
type Pos struct{ Line, Col int }

// Find returns the positions in the clause file where s appears, as a whole
// word, in the literal text of the alternative: the wording a reader sees,
// not the values of variables. It lets a check of the rendered text point
// at the source line to edit.
func (a *Alternative) Find(s string) []Pos {
	c := a.Clause
	if s == "" || c == nil {
		return nil
	}
	t := c.Template(a.Name)
	if t == nil || t.Tree == nil {
		return nil
	}
	var out []Pos
	seen := map[string]bool{}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, x := range n.Nodes {
				walk(x)
			}
		case *parse.TextNode:
			text := string(n.Text)
			for i := 0; ; {
				j := strings.Index(text[i:], s)
				if j < 0 {
					break
				}
				at := i + j
				i = at + len(s)
				if !textmatch.Whole(text, at, at+len(s)) {
					continue
				}
				out = append(out, At(c.text, int(n.Pos)+at))
			}
		case *parse.IfNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			if !seen[n.Name] {
				seen[n.Name] = true
				if u := t.Lookup(n.Name); u != nil && u.Tree != nil {
					walk(u.Tree.Root)
				}
			}
		}
	}
	walk(t.Tree.Root)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Col < out[j].Col
	})
	return out
}
