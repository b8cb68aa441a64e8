// Package checklist loads the checklists of a library: what a processor
// contract must contain under one law, element by element, each with the
// patterns its text must match and the conditions under which it applies.
// The check package verifies documents against them.
package checklist

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
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
	ID      string `yaml:"id"`
	Name    string `yaml:"name"`
	Source  string `yaml:"source"`
	Applies string `yaml:"applies"` // a template condition: the checklist applies to every document it holds for, besides the jurisdiction's own
	// Kind is what the checklist checks: KindProcessor (the default), the
	// law's rules for a processor contract, or KindTransfers, what leaving
	// the law's area needs. A document to which no processor checklist
	// applies is unchecked, whatever else applies.
	Kind     string     `yaml:"kind"`
	Elements []*Element `yaml:"elements"`
	Notes    []*Note    `yaml:"notes"`
	Limits   []*Limit   `yaml:"limits"`

	applies *template.Template
}

// What a checklist checks (Checklist.Kind).
const (
	KindProcessor = "processor" // the processor rules of the law of a jurisdiction
	KindTransfers = "transfers" // what transfers out of the law's area need
)

// Processor reports whether the checklist holds a law's processor rules,
// so that a document it applies to is checked.
func (c *Checklist) Processor() bool { return c.Kind == KindProcessor }

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

	// Obligations are what a lawyer looks for beyond the topic's words:
	// each must be stated as a duty (shall, will, must, is obliged to,
	// undertakes to) in a section that covers the element.
	Obligations []*Obligation `yaml:"obligations"`
	// Weak lists the phrases that make a covering section's promise
	// optional or conditional ("may", "where appropriate"); one found
	// makes the element weak, which fails like missing.
	Weak []*Weak `yaml:"weak"`
	// Expect lists, for the documents its condition holds for, what the
	// covering sections must name besides the patterns: the mechanism a
	// decision chose, not boilerplate.
	Expect []*Expect `yaml:"expect"`

	res        []*regexp.Regexp
	incomplete []*regexp.Regexp
	when       *template.Template
}

// Obligation is one duty an element asks to be stated as a duty.
type Obligation struct {
	What    string `yaml:"what"`    // the duty, as "assist the controller with data subjects' requests"
	Pattern string `yaml:"pattern"` // what the duty is about, a case-insensitive regular expression
	// Right, if set, is a pattern that states the obligation as the
	// controller's right instead ("the Customer may conduct audits").
	Right string `yaml:"right"`

	re, right *regexp.Regexp
}

// Weak is a phrase that weakens a duty.
type Weak struct {
	Pattern string `yaml:"pattern"` // a case-insensitive regular expression
	Why     string `yaml:"why"`     // what it does to the duty, with the article it falls short of

	re *regexp.Regexp
}

// Expect is what a covering section must name where a condition holds.
type Expect struct {
	When     string   `yaml:"when"`     // a template condition
	What     string   `yaml:"what"`     // what must be named, for the report
	Patterns []string `yaml:"patterns"` // one must match a covering section's text

	when *template.Template
	res  []*regexp.Regexp
}

// Limit is a rule on the document's values: it fails where its condition
// holds, unless the document's text matches one of its patterns.
type Limit struct {
	ID     string   `yaml:"id"`
	Ref    string   `yaml:"ref"`
	Title  string   `yaml:"title"`
	Why    string   `yaml:"why"`    // why the value fails
	Value  string   `yaml:"value"`  // the variable path whose value is reported
	Fails  string   `yaml:"fails"`  // a template condition: the document fails where it holds
	Unless []string `yaml:"unless"` // patterns: the rule passes when the document's plain text matches one

	fails  *template.Template
	unless []*regexp.Regexp
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
	if k := unknownKey(doc, "id", "name", "source", "kind", "applies", "elements", "notes", "limits"); k != nil {
		return nil, diag.Errorf(f, k.Line, k.Column, "", "unknown key %q (want id, name, source, kind, applies, elements, notes, limits)", k.Value)
	}
	var c Checklist
	if err := doc.Decode(&c); err != nil {
		return nil, diag.Errorf(f, doc.Line, doc.Column, "", "%v", err)
	}
	if want := strings.TrimSuffix(path.Base(f), ".yaml"); c.ID != want {
		return nil, diag.Errorf(f, doc.Line, doc.Column, "", "id %q must match the file name %q", c.ID, want)
	}
	switch c.Kind {
	case "":
		c.Kind = KindProcessor
	case KindProcessor, KindTransfers:
	default:
		return nil, diag.Errorf(f, doc.Line, doc.Column, "", "kind %q must be %s or %s", c.Kind, KindProcessor, KindTransfers)
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
		if k := unknownKey(n, "id", "ref", "title", "explain", "patterns", "when", "incomplete", "obligations", "weak", "expect"); k != nil {
			errs.Add(diag.Errorf(f, k.Line, k.Column, "", "element %q: unknown key %q (want id, ref, title, explain, patterns, when, incomplete, obligations, weak, expect)", e.ID, k.Value))
			continue
		}
		if err := e.compileRules(f, n, funcs); err != nil {
			errs.Add(err)
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
	for _, l := range c.Limits {
		if err := l.compile(f, doc, funcs); err != nil {
			errs.Add(err)
		}
	}
	return &c, errs.Err()
}

// compileRules parses the element's obligations, weak phrases and
// expectations, placing problems at the element's node n.
func (e *Element) compileRules(f string, n *yaml.Node, funcs template.FuncMap) error {
	var errs diag.List
	bad := func(format string, args ...any) {
		errs.Add(diag.Errorf(f, n.Line, n.Column, "", "element %q: "+format, append([]any{e.ID}, args...)...))
	}
	for _, o := range e.Obligations {
		if o.What == "" || o.Pattern == "" {
			bad("each obligation needs a what and a pattern")
			continue
		}
		re, err := regexp.Compile("(?i)" + o.Pattern)
		if err != nil {
			bad("obligation pattern %q: %v", o.Pattern, err)
			continue
		}
		o.re = re
		if o.Right != "" {
			if o.right, err = regexp.Compile("(?i)" + o.Right); err != nil {
				bad("obligation right %q: %v", o.Right, err)
			}
		}
	}
	for _, w := range e.Weak {
		if w.Pattern == "" || w.Why == "" {
			bad("each weak phrase needs a pattern and a why")
			continue
		}
		re, err := regexp.Compile("(?i)" + w.Pattern)
		if err != nil {
			bad("weak pattern %q: %v", w.Pattern, err)
			continue
		}
		w.re = re
	}
	for _, x := range e.Expect {
		if x.When == "" || x.What == "" || len(x.Patterns) == 0 {
			bad("each expect needs a when, a what and patterns")
			continue
		}
		t, err := condition(f, x.When, funcs)
		if err != nil {
			bad("expect when: %v", err)
			continue
		}
		x.when = t
		for _, p := range x.Patterns {
			re, err := regexp.Compile("(?i)" + p)
			if err != nil {
				bad("expect pattern %q: %v", p, err)
				continue
			}
			x.res = append(x.res, re)
		}
	}
	return errs.Err()
}

// compile parses the limit's condition and patterns.
func (l *Limit) compile(f string, doc *yaml.Node, funcs template.FuncMap) error {
	if l.ID == "" || l.Title == "" || l.Fails == "" || l.Why == "" {
		return diag.Errorf(f, doc.Line, doc.Column, "", "limit %q needs an id, a title, fails and why", l.ID)
	}
	t, err := condition(f, l.Fails, funcs)
	if err != nil {
		return diag.Errorf(f, doc.Line, doc.Column, "", "limit %q: fails: %v", l.ID, err)
	}
	l.fails = t
	for _, p := range l.Unless {
		re, err := regexp.Compile("(?i)" + p)
		if err != nil {
			return diag.Errorf(f, doc.Line, doc.Column, "", "limit %q: unless pattern %q: %v", l.ID, p, err)
		}
		l.unless = append(l.unless, re)
	}
	return nil
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

// Rules reports whether the element reads obligations: it has
// obligations, weak phrases or expectations.
func (e *Element) Rules() bool {
	return len(e.Obligations) > 0 || len(e.Weak) > 0 || len(e.Expect) > 0
}

// dutyVerb finds the words that make a sentence state a duty.
var dutyVerb = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:shall|will|must|(?:is|are) obliged to|undertakes? to|agrees? to)\b`)
})

// notAfter matches a negation right after a duty verb: "shall not".
var notAfter = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^\s+not\b`) })

// DutyReach is how many bytes after a duty verb an obligation's pattern
// may start and still be the duty's: "shall, taking into account the
// nature of the processing, assist".
const DutyReach = 200

// States reports whether sentence states the obligation as a duty: a duty
// verb, not negated, followed within [DutyReach] bytes by its pattern; or
// as the controller's right, where the obligation has a right pattern.
func (o *Obligation) States(sentence string) bool {
	if o.right != nil && o.right.MatchString(sentence) {
		return true
	}
	for _, v := range dutyVerb().FindAllStringIndex(sentence, -1) {
		rest := sentence[v[1]:]
		if notAfter().MatchString(rest) {
			continue
		}
		if loc := o.re.FindStringIndex(rest); loc != nil && loc[0] <= DutyReach {
			return true
		}
	}
	return false
}

// Mentions returns the byte range of the obligation's pattern in
// sentence, or nil.
func (o *Obligation) Mentions(sentence string) []int { return o.re.FindStringIndex(sentence) }

// Find returns the byte ranges of the weak phrase in sentence.
func (w *Weak) Find(sentence string) [][]int { return w.re.FindAllStringIndex(sentence, -1) }

// HoldsFor reports whether the expectation applies to a document whose
// values are tree.
func (x *Expect) HoldsFor(tree vars.Tree) bool {
	ok, err := holds(x.when, tree)
	return ok && err == nil
}

// Matches reports whether text names what is expected.
func (x *Expect) Matches(text string) bool {
	for _, re := range x.res {
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

// Check reports whether a document whose values are tree and whose plain
// text is text fails the limit, and the value it reports. A condition
// that cannot be evaluated does not fail the document.
func (l *Limit) Check(tree vars.Tree, text string) (bool, string) {
	ok, err := holds(l.fails, tree)
	if !ok || err != nil {
		return false, ""
	}
	for _, re := range l.unless {
		if re.MatchString(text) {
			return false, ""
		}
	}
	v := ""
	if l.Value != "" {
		if x := tree.Get(l.Value); x != nil {
			v = fmt.Sprint(x)
		}
	}
	return true, v
}
