// Package checklist loads the checklists of a library: what a processor
// contract must contain under one law, element by element, each with the
// patterns its text must match and the conditions under which it applies.
// The check package verifies documents against them.
package checklist

import (
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"text/template"

	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
	"go.yaml.in/yaml/v3"
)

// Dir holds the checklists, one YAML file each, named by id.
const Dir = "templates/checklists"

// Checklist lists the elements a processor contract must contain under one law.
type Checklist struct {
	ID       string     `yaml:"id"`
	Name     string     `yaml:"name"`
	Source   string     `yaml:"source"`
	Applies  string     `yaml:"applies"` // a template condition: the checklist applies to every document it holds for, besides the jurisdiction's own
	Elements []*Element `yaml:"elements"`
	Notes    []*Note    `yaml:"notes"`

	applies *template.Template
}

// Note is a remark on what the check could not verify, shown where its
// condition holds; it does not fail the check.
type Note struct {
	When string `yaml:"when"`
	Text string `yaml:"text"`

	when *template.Template
}

// Element is one required element.
type Element struct {
	ID       string   `yaml:"id"`
	Ref      string   `yaml:"ref"`
	Title    string   `yaml:"title"`
	Explain  string   `yaml:"explain"`
	Patterns []string `yaml:"patterns"`
	When     string   `yaml:"when"` // a template condition: the element is required only where it holds
	// Incomplete lists patterns of the Markdown a covering section must
	// not contain: the blanks of a part left to complete.
	Incomplete []string `yaml:"incomplete"`

	res        []*regexp.Regexp
	incomplete []*regexp.Regexp
	when       *template.Template
}

// Load reads every checklist in fsys. Conditions (applies, when) are
// parsed with funcs, the library's template functions.
func Load(fsys fs.FS, funcs template.FuncMap) (map[string]*Checklist, error) {
	files, _ := fs.Glob(fsys, Dir+"/*.yaml")
	out := map[string]*Checklist{}
	var errs diag.List
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			errs.Add(&diag.Error{File: f, Err: err})
			continue
		}
		c, err := parse(f, data, funcs)
		if err != nil {
			errs.Add(err)
			continue
		}
		out[c.ID] = c
	}
	return out, errs.Err()
}

// parse reads one checklist file, reporting problems at their lines.
func parse(f string, data []byte, funcs template.FuncMap) (*Checklist, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, diag.YAML(f, 0, err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, diag.Errorf(f, 1, 1, "", "must be a mapping with id, name, source and elements")
	}
	doc := root.Content[0]
	if k := unknownKey(doc, "id", "name", "source", "applies", "elements", "notes"); k != nil {
		return nil, diag.Errorf(f, k.Line, k.Column, "", "unknown key %q (want id, name, source, applies, elements, notes)", k.Value)
	}
	var c Checklist
	if err := doc.Decode(&c); err != nil {
		return nil, diag.Errorf(f, doc.Line, doc.Column, "", "%v", err)
	}
	if want := strings.TrimSuffix(path.Base(f), ".yaml"); c.ID != want {
		return nil, diag.Errorf(f, doc.Line, doc.Column, "", "id %q must match the file name %q", c.ID, want)
	}
	var nodes []*yaml.Node
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == "elements" {
			nodes = doc.Content[i+1].Content
		}
	}
	var errs diag.List
	if c.Applies != "" {
		t, err := condition(f, c.Applies, funcs)
		if err != nil {
			errs.Add(diag.Errorf(f, doc.Line, doc.Column, "", "applies: %v", err))
		}
		c.applies = t
	}
	for _, note := range c.Notes {
		if note.When == "" || note.Text == "" {
			errs.Add(diag.Errorf(f, doc.Line, doc.Column, "", "each note needs a when and a text"))
			continue
		}
		t, err := condition(f, note.When, funcs)
		if err != nil {
			errs.Add(diag.Errorf(f, doc.Line, doc.Column, "", "note %q: when: %v", note.Text, err))
			continue
		}
		note.when = t
	}
	for i, e := range c.Elements {
		n := nodes[i]
		if k := unknownKey(n, "id", "ref", "title", "explain", "patterns", "when", "incomplete"); k != nil {
			errs.Add(diag.Errorf(f, k.Line, k.Column, "", "element %q: unknown key %q (want id, ref, title, explain, patterns, when, incomplete)", e.ID, k.Value))
			continue
		}
		for _, p := range e.Incomplete {
			re, err := regexp.Compile(p)
			if err != nil {
				errs.Add(diag.Errorf(f, n.Line, n.Column, "", "element %q: incomplete pattern %q: %v", e.ID, p, err))
				continue
			}
			e.incomplete = append(e.incomplete, re)
		}
		if e.When != "" {
			t, err := condition(f, e.When, funcs)
			if err != nil {
				errs.Add(diag.Errorf(f, n.Line, n.Column, "", "element %q: when: %v", e.ID, err))
				continue
			}
			e.when = t
		}
		if e.ID == "" || e.Title == "" || len(e.Patterns) == 0 {
			errs.Add(diag.Errorf(f, n.Line, n.Column, "", "element %q needs an id, a title and patterns", e.ID))
			continue
		}
		for _, p := range e.Patterns {
			re, err := regexp.Compile("(?i)" + p)
			if err != nil {
				errs.Add(diag.Errorf(f, n.Line, n.Column, "", "element %q: pattern %q: %v", e.ID, p, err))
				continue
			}
			e.res = append(e.res, re)
		}
	}
	return &c, errs.Err()
}

// condition parses a template condition such as ".signature_block" or
// "(transfers .jurisdiction .processor.country .subprocessors).Module2".
func condition(file, cond string, funcs template.FuncMap) (*template.Template, error) {
	text := "{{if " + cond + "}}1{{end}}"
	t, err := template.New(file).Option("missingkey=zero").Funcs(funcs).Parse(text)
	if err != nil {
		return nil, err
	}
	// One expression, as a template's when: is: no loop, no template, no
	// count past the bounds of clauses.
	if err := clause.GuardCondition(t, file, text); err != nil {
		var de *diag.Error
		if errors.As(err, &de) {
			err = de.Err
		}
		return nil, err
	}
	return t, nil
}

// holds evaluates a condition against a document's values; a condition
// that cannot be evaluated does not hold.
func holds(t *template.Template, tree vars.Tree) (bool, error) {
	if t == nil {
		return true, nil
	}
	var b strings.Builder
	if err := t.Execute(&b, map[string]any(tree)); err != nil {
		return false, err
	}
	return b.String() == "1", nil
}

// unknownKey returns the first key of mapping n that is not allowed.
func unknownKey(n *yaml.Node, allowed ...string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i < len(n.Content); i += 2 {
		if !slices.Contains(allowed, n.Content[i].Value) {
			return n.Content[i]
		}
	}
	return nil
}

// Select returns the checklists that apply to a document of jurisdiction j
// whose values are tree: the one j names (none for "none"), then, in id
// order, each checklist whose applies condition holds.
func Select(lists map[string]*Checklist, j vars.Record, tree vars.Tree) []*Checklist {
	var out []*Checklist
	id, _ := j["checklist"].(string)
	if c := lists[id]; c != nil {
		out = append(out, c)
	}
	ids := make([]string, 0, len(lists))
	for id := range lists {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		c := lists[id]
		if c.applies == nil || slices.Contains(out, c) {
			continue
		}
		if c.AppliesTo(tree) {
			out = append(out, c)
		}
	}
	return out
}

// AppliesTo reports whether the checklist's applies condition holds for a
// document whose values are tree; a checklist without one applies only as
// its jurisdiction's own.
func (c *Checklist) AppliesTo(tree vars.Tree) bool {
	if c.applies == nil {
		return false
	}
	ok, err := holds(c.applies, tree)
	return ok && err == nil
}

// RequiredFor reports whether the element is required of a document whose
// values are tree: always, unless its when condition evaluates to false. A
// condition that fails to evaluate cannot excuse the element.
func (e *Element) RequiredFor(tree vars.Tree) bool {
	ok, err := holds(e.when, tree)
	return ok || err != nil
}

// Matches reports whether text, a section's plain text, carries the
// element: one of its patterns matches.
func (e *Element) Matches(text string) bool {
	for _, re := range e.res {
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

// Blank reports whether md, a section's Markdown, leaves blanks that the
// element asks to be completed.
func (e *Element) Blank(md string) bool {
	for _, re := range e.incomplete {
		if re.MatchString(md) {
			return true
		}
	}
	return false
}

// HoldsFor reports whether the note's condition holds for tree.
func (n *Note) HoldsFor(tree vars.Tree) bool {
	ok, err := holds(n.when, tree)
	return ok && err == nil && n.when != nil
}
