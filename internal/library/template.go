package library

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/template"

	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
	"go.yaml.in/yaml/v3"
)

// PartKind says how a part of a document is numbered.
type PartKind string

// The kinds of part.
const (
	Section    PartKind = "section"    // numbered 1., 2., ... with subsections 1.1, 1.2
	Appendix   PartKind = "appendix"   // lettered Appendix A, B, ... with subsections A.1, A.2
	Unnumbered PartKind = "unnumbered" // a preamble or closing text without a heading number
)

// Template is a document template: which clauses, in which wording, in
// which order, under which conditions.
type Template struct {
	ID          string
	Title       string
	Version     string
	Description string
	File        string
	Line        int // line of its id
	Parts       []*Part
	Extra       []string     // variables the document uses outside its clauses
	Schema      *vars.Schema // the variables this template uses
	Style       *Style       // the house's page style; never nil
}

// Part is one clause placed in a document.
type Part struct {
	Clause    *clause.Clause
	Alt       *clause.Alternative            // the wording placed: the base, which a position may replace
	Positions map[string]*clause.Alternative // position wordings of Alt, by position; nil if none
	position  string                         // path of the variable with role position
	Kind      PartKind
	When      string             // condition as written, empty for always
	Cond      *template.Template // parsed condition, nil for always
	PageBreak bool               // start the part on a new page
	Line      int
}

// errIncomplete says a template places a clause whose file did not parse;
// that clause's own error is the one to report.
var errIncomplete = errors.New("template places a clause that did not parse")

type rawTemplate struct {
	ID          string    `yaml:"id"`
	Title       string    `yaml:"title"`
	Version     string    `yaml:"version"`
	Description string    `yaml:"description"`
	Variables   []string  `yaml:"variables"`
	Parts       []rawPart `yaml:"parts"`
	Style       *rawStyle `yaml:"style"`
}

type rawPart struct {
	Clause      string `yaml:"clause"`
	Alternative string `yaml:"alternative"`
	Kind        string `yaml:"kind"`
	When        string `yaml:"when"`
	PageBreak   bool   `yaml:"page_break"`
	line        int
}

// parseTemplate parses a document template. Clauses in broken failed to
// parse and have been reported already.
func parseTemplate(lib *Library, file string, data []byte, broken map[string]bool) (*Template, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, diag.YAML(file, 0, err)
	}
	if len(root.Content) == 0 {
		return nil, diag.Errorf(file, 1, 1, "", "is empty")
	}
	var raw rawTemplate
	if err := root.Content[0].Decode(&raw); err != nil {
		return nil, diag.Errorf(file, 0, 0, "", "%v", err)
	}
	// Recover each part's line for error messages.
	doc := root.Content[0]
	idLine, styleLine := doc.Line, doc.Line
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == "id" {
			idLine = doc.Content[i].Line
		}
		if doc.Content[i].Value == "style" {
			styleLine = doc.Content[i].Line
		}
		if doc.Content[i].Value == "parts" {
			for j, n := range doc.Content[i+1].Content {
				if j < len(raw.Parts) {
					raw.Parts[j].line = n.Line
				}
			}
		}
	}
	t := &Template{ID: raw.ID, Title: raw.Title, Version: raw.Version, Description: raw.Description, File: file, Line: idLine, Extra: raw.Variables}
	var errs diag.List
	if st, err := parseStyle(lib.FS, file, styleLine, raw.Style); err != nil {
		errs.Add(err)
	} else {
		t.Style = st
	}
	if raw.ID == "" || raw.Title == "" || raw.Version == "" {
		errs.Add(diag.Errorf(file, doc.Line, 1, "", "must have id, title and version"))
	}
	used := map[string]bool{}
	for _, p := range raw.Variables {
		if lib.Schema.Vars[p] == nil {
			errs.Add(diag.Errorf(file, doc.Line, 1, p, "undeclared in %s", VariablesFile))
		}
		used[p] = true
	}
	seen := map[string]bool{}
	incomplete := false
	for _, rp := range raw.Parts {
		c, ok := lib.Clauses[rp.Clause]
		if !ok && broken[rp.Clause] {
			incomplete = true
			continue
		}
		if !ok {
			errs.Add(diag.Errorf(file, rp.line, 1, "", "no clause %q in %s%s", rp.Clause, ClausesDir, DidYouMean(rp.Clause, slices.Sorted(maps.Keys(lib.Clauses)))))
			continue
		}
		if seen[c.ID] {
			errs.Add(diag.Errorf(file, rp.line, 1, "", "clause %q is placed twice", c.ID))
		}
		seen[c.ID] = true
		alt, err := c.Alt(rp.Alternative)
		if err != nil {
			errs.Add(diag.Errorf(file, rp.line, 1, "", "%v", err))
			continue
		}
		kind := PartKind(rp.Kind)
		if kind == "" {
			kind = Section
		}
		if !slices.Contains([]PartKind{Section, Appendix, Unnumbered}, kind) {
			errs.Add(diag.Errorf(file, rp.line, 1, "", "kind must be section, appendix or unnumbered, got %q", rp.Kind))
		}
		part := &Part{Clause: c, Alt: alt, Kind: kind, When: rp.When, PageBreak: rp.PageBreak, Line: rp.line}
		if pos := c.Positions(alt.Name); pos != nil {
			posPath, ok := lib.Schema.RolePath(vars.RolePosition)
			if !ok {
				errs.Add(diag.Errorf(file, rp.line, 1, "", "clause %q has position wordings of %q, but no variable in %s has role: position", c.ID, alt.Name, VariablesFile))
				continue
			}
			pv := lib.Schema.Vars[posPath]
			for _, a := range pos {
				if !slices.Contains(pv.Values, a.Position) {
					errs.Add(diag.Errorf(c.File, a.Line, 1, posPath, "alternative %q is for position %q, which is not one of %s's values (%s)", a.Name, a.Position, posPath, strings.Join(pv.Values, ", ")))
				}
				for _, p := range a.Variables {
					used[p] = true
				}
			}
			part.Positions, part.position = pos, posPath
			used[posPath] = true
		}
		if rp.When != "" {
			// Pad so that errors carry the template file's line.
			text := strings.Repeat("\n", max(rp.line-1, 0)) + "{{if " + rp.When + "}}1{{end}}"
			cond, err := template.New(file).Option("missingkey=error").Funcs(lib.Funcs).Parse(text)
			if err != nil {
				errs.Add(diag.Errorf(file, rp.line, 1, "", "when: %v", err))
				continue
			}
			// A condition is one expression: no loop, no template, no
			// count past the bounds that clauses have.
			if err := clause.GuardCondition(cond, file, text); err != nil {
				var de *diag.Error
				if errors.As(err, &de) {
					err = de.Err
				}
				errs.Add(diag.Errorf(file, rp.line, 1, "", "when: %w", err))
				continue
			}
			part.Cond = cond
			for _, u := range whenFields(cond, text) {
				if v := lib.Schema.Lookup(u); v != nil {
					used[v.Path] = true
				} else {
					errs.Add(diag.Errorf(file, rp.line, 1, u, "when: undeclared variable"))
				}
			}
		}
		for _, p := range alt.Variables {
			used[p] = true
		}
		t.Parts = append(t.Parts, part)
	}
	paths := make([]string, 0, len(used))
	for p := range used {
		paths = append(paths, p)
	}
	t.Schema = lib.Schema.Subset(paths)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if incomplete {
		return nil, errIncomplete
	}
	return t, nil
}

// whenFields lists the variable paths a condition reads.
func whenFields(t *template.Template, text string) []string {
	var out []string
	for _, u := range clause.Uses(t, text) {
		if !u.Ref {
			out = append(out, u.Path)
		}
	}
	return out
}

// Part returns the part that places clause id, or nil.
func (t *Template) Part(id string) *Part {
	for _, p := range t.Parts {
		if p.Clause.ID == id {
			return p
		}
	}
	return nil
}

// Wording returns the alternative a document with these values gets: the
// position wording its position variable chooses, else the base.
func (p *Part) Wording(tree vars.Tree) *clause.Alternative {
	if p.Positions != nil {
		var v string
		switch x := tree.Get(p.position).(type) {
		case vars.Enum:
			v = string(x)
		case string:
			v = x
		}
		if a := p.Positions[v]; a != nil {
			return a
		}
	}
	return p.Alt
}

// Wordings returns every alternative the part may place: the base and its
// position wordings, in the clause's order.
func (p *Part) Wordings() []*clause.Alternative {
	out := []*clause.Alternative{p.Alt}
	for _, n := range p.Clause.Names {
		if a := p.Clause.Alts[n]; a.Replaces == p.Alt.Name {
			out = append(out, a)
		}
	}
	return out
}

// Include reports whether the part belongs in a document with these values.
func (p *Part) Include(tree vars.Tree) (bool, error) {
	if p.Cond == nil {
		return true, nil
	}
	var b strings.Builder
	if err := p.Cond.Execute(&b, map[string]any(tree)); err != nil {
		return false, fmt.Errorf("when %q: %w", p.When, err)
	}
	return strings.TrimSpace(b.String()) == "1", nil
}
