// Package playbook reads the house's negotiation playbook,
// templates/playbook.yaml: what a customer may change in an issued
// document without a lawyer reading it. For a variable, a range of
// values the house accepts and what it offers outside it; for a clause,
// the positions or alternatives it accepts in place of the wording it
// issued, the one it offers instead, and in both cases the reason a
// declined change is given.
//
//	variables:
//	  deletion.days:
//	    min: 14
//	    max: 60
//	    fallback: nearest   # or a value, such as 30
//	    reason: ...
//	clauses:
//	  audits:
//	    accept: [balanced]  # positions ("house", "balanced") or alternatives
//	    fallback: balanced  # offered where the customer's wording is declined
//	    reason: ...
//
// Parsing checks the file's shape; whether its variables, clauses and
// positions exist is the library's to say (package lint).
package playbook

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"go.yaml.in/yaml/v3"
)

// File is the playbook's path in a library.
const File = "templates/playbook.yaml"

// House names a clause's base wording, the one a document carries when
// its position is the house's own.
const House = "house"

// Nearest is the fallback that offers the bound of the range nearest to
// the customer's value.
const Nearest = "nearest"

// Playbook is what the house accepts. The zero value accepts nothing.
type Playbook struct {
	File      string
	Variables map[string]*Range // by variable path
	Clauses   map[string]*Rule  // by clause id
}

// Range is the values of one integer variable the house accepts.
type Range struct {
	Path     string
	Min, Max *int64 // inclusive; nil for no bound
	Nearest  bool   // outside the range, offer its nearest bound
	Fallback *int64 // outside the range, offer this value; nil for none
	Reason   string // why a value outside the range is declined
	Line     int    // of its key
	Col      int
}

// Rule is what the house accepts of one clause.
type Rule struct {
	Clause   string
	Accept   []string // positions or alternatives accepted as they stand
	Fallback string   // the position or alternative offered instead; "" for none
	Reason   string   // why a change is declined
	Line     int      // of its key
	Col      int
}

// Load reads the playbook of the library in fsys. A library without one
// has an empty playbook: every change goes to a lawyer.
func Load(fsys fs.FS) (*Playbook, error) {
	data, err := fs.ReadFile(fsys, File)
	if errors.Is(err, fs.ErrNotExist) {
		return &Playbook{File: File}, nil
	}
	if err != nil {
		return nil, &diag.Error{File: File, Err: fmt.Errorf("cannot read: %w", err)}
	}
	return Parse(File, data)
}

// Parse reads a playbook from data, naming file in its errors. Every
// problem is reported at once.
func Parse(file string, data []byte) (*Playbook, error) {
	pb := &Playbook{File: file, Variables: map[string]*Range{}, Clauses: map[string]*Rule{}}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, diag.YAML(file, 0, err)
	}
	if len(root.Content) == 0 {
		return pb, nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, diag.Errorf(file, doc.Line, doc.Column, "", "must map variables: and clauses: to their entries")
	}
	var errs diag.List
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		switch k.Value {
		case "variables":
			eachEntry(file, v, &errs, func(key, n *yaml.Node) { pb.addRange(file, key, n, &errs) })
		case "clauses":
			eachEntry(file, v, &errs, func(key, n *yaml.Node) { pb.addRule(file, key, n, &errs) })
		default:
			errs.Add(diag.Errorf(file, k.Line, k.Column, "", "unknown key %q; a playbook has variables: and clauses:", k.Value))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return pb, nil
}

// eachEntry calls add for each key and value of mapping n.
func eachEntry(file string, n *yaml.Node, errs *diag.List, add func(key, val *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		errs.Add(diag.Errorf(file, n.Line, n.Column, "", "must be a mapping of entries"))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		add(n.Content[i], n.Content[i+1])
	}
}

type rawRange struct {
	Min      *int64 `yaml:"min"`
	Max      *int64 `yaml:"max"`
	Fallback string `yaml:"fallback"`
	Reason   string `yaml:"reason"`
}

func (pb *Playbook) addRange(file string, key, n *yaml.Node, errs *diag.List) {
	var raw rawRange
	if err := decodeStrict(n, &raw); err != nil {
		errs.Add(diag.Errorf(file, n.Line, n.Column, key.Value, "%v", err))
		return
	}
	r := &Range{Path: key.Value, Min: raw.Min, Max: raw.Max, Reason: strings.TrimSpace(raw.Reason), Line: key.Line, Col: key.Column}
	switch {
	case r.Min == nil && r.Max == nil:
		errs.Add(diag.Errorf(file, key.Line, key.Column, key.Value, "gives neither min nor max"))
	case r.Min != nil && r.Max != nil && *r.Min > *r.Max:
		errs.Add(diag.Errorf(file, key.Line, key.Column, key.Value, "min %d is above max %d", *r.Min, *r.Max))
	}
	switch f := strings.TrimSpace(raw.Fallback); f {
	case "":
	case Nearest:
		r.Nearest = true
	default:
		x, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			errs.Add(diag.Errorf(file, key.Line, key.Column, key.Value, "fallback %q must be %q or a whole number", f, Nearest))
		} else if r.Fallback = &x; !r.Contains(x) {
			errs.Add(diag.Errorf(file, key.Line, key.Column, key.Value, "fallback %d is outside the range %s", x, r))
		}
	}
	if r.Reason == "" {
		errs.Add(diag.Errorf(file, key.Line, key.Column, key.Value, "has no reason: say why a value outside the range is declined"))
	}
	if pb.Variables[r.Path] != nil {
		errs.Add(diag.Errorf(file, key.Line, key.Column, key.Value, "is given twice"))
	}
	pb.Variables[r.Path] = r
}

type rawRule struct {
	Accept   []string `yaml:"accept"`
	Fallback string   `yaml:"fallback"`
	Reason   string   `yaml:"reason"`
}

func (pb *Playbook) addRule(file string, key, n *yaml.Node, errs *diag.List) {
	var raw rawRule
	if err := decodeStrict(n, &raw); err != nil {
		errs.Add(diag.Errorf(file, n.Line, n.Column, "", "clause %s: %v", key.Value, err))
		return
	}
	r := &Rule{Clause: key.Value, Accept: raw.Accept, Fallback: strings.TrimSpace(raw.Fallback), Reason: strings.TrimSpace(raw.Reason), Line: key.Line, Col: key.Column}
	if len(r.Accept) == 0 && r.Fallback == "" {
		errs.Add(diag.Errorf(file, key.Line, key.Column, "", "clause %s: accepts nothing and offers no fallback; give accept: or fallback:", key.Value))
	}
	if r.Reason == "" {
		errs.Add(diag.Errorf(file, key.Line, key.Column, "", "clause %s: has no reason: say why a change is declined", key.Value))
	}
	if pb.Clauses[r.Clause] != nil {
		errs.Add(diag.Errorf(file, key.Line, key.Column, "", "clause %s is given twice", key.Value))
	}
	pb.Clauses[r.Clause] = r
}

// decodeStrict decodes n into v, refusing keys v has no field for.
func decodeStrict(n *yaml.Node, v any) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("must be a mapping")
	}
	known := map[string]bool{"min": true, "max": true, "fallback": true, "reason": true, "accept": true}
	_, isRange := v.(*rawRange)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if !known[k] || (isRange && k == "accept") || (!isRange && (k == "min" || k == "max")) {
			return fmt.Errorf("unknown key %q", k)
		}
	}
	return n.Decode(v)
}

// Contains reports whether n is inside the range.
func (r *Range) Contains(n int64) bool {
	return (r.Min == nil || n >= *r.Min) && (r.Max == nil || n <= *r.Max)
}

// Offer returns the value the house offers in place of n, outside the
// range, and whether it offers one.
func (r *Range) Offer(n int64) (int64, bool) {
	switch {
	case r.Fallback != nil:
		return *r.Fallback, true
	case !r.Nearest:
		return 0, false
	case r.Min != nil && n < *r.Min:
		return *r.Min, true
	case r.Max != nil && n > *r.Max:
		return *r.Max, true
	}
	return n, true
}

// String writes the range as "14 to 60", "at least 14" or "at most 60".
func (r *Range) String() string {
	switch {
	case r.Min != nil && r.Max != nil:
		return fmt.Sprintf("%d to %d", *r.Min, *r.Max)
	case r.Min != nil:
		return fmt.Sprintf("at least %d", *r.Min)
	case r.Max != nil:
		return fmt.Sprintf("at most %d", *r.Max)
	}
	return "any value"
}

// Accepts reports whether the rule accepts the wording named name (a
// position, or an alternative).
func (r *Rule) Accepts(name string) bool {
	for _, a := range r.Accept {
		if a == name {
			return true
		}
	}
	return false
}

// VariablePaths returns the paths of the variables with a range, sorted.
func (pb *Playbook) VariablePaths() []string { return sorted(pb.Variables) }

// ClauseIDs returns the ids of the clauses with a rule, sorted.
func (pb *Playbook) ClauseIDs() []string { return sorted(pb.Clauses) }

func sorted[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
