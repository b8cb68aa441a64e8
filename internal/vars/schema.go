package vars

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/clausemark/clausemark/internal/diag"
	"go.yaml.in/yaml/v3"
)

// Kind is the type of a variable.
type Kind string

// The kinds a variable may have.
const (
	KindText         Kind = "text"         // one line of text; Format may ask for "email" or "url"
	KindInteger      Kind = "integer"      // a whole number within Min and Max
	KindAmount       Kind = "amount"       // a sum of money, without its currency
	KindDate         Kind = "date"         // a calendar day, written YYYY-MM-DD
	KindEnum         Kind = "enum"         // one of Values
	KindBool         Kind = "bool"         // true or false
	KindList         Kind = "list"         // a list of Items
	KindJurisdiction Kind = "jurisdiction" // a code from the library's jurisdiction table
	KindCountry      Kind = "country"      // a country from the library's country table, by name or ISO 3166-1 code
)

var kinds = []Kind{KindText, KindInteger, KindAmount, KindDate, KindEnum, KindBool, KindList, KindJurisdiction, KindCountry}

// Var declares one variable.
type Var struct {
	Path        string            // dotted path, as used in templates, CSV headers and form fields
	Kind        Kind              // type of the value
	Description string            // one sentence for reference: the command line, a variables file's author
	Label       string            // what a person calls it, as the form's label: "Deletion period"
	Help        string            // help beside the form's field, for a person filling it in; empty uses Description
	Group       string            // the heading the form shows it under; the form keeps the order of declaration
	ItemLabel   string            // for lists: what one item is called, numbered in the form ("Subprocessor 2")
	ValueLabels map[string]string // for enums: what the form shows for each value
	Required    bool              // a value must be given (or defaulted)
	RequiredIf  map[string]any    // required when each of these paths has the given value
	UsedIf      map[string]any    // the document uses the value only when each of these paths has the given value
	Default     any               // typed default, or nil
	Example     string            // an example value, as a user would type it
	Min, Max    *int64            // bounds for integers; the length bound in characters for text
	Values      []string          // allowed values of an enum or jurisdiction
	Format      string            // for text: "email" or "url"
	Unit        string            // for integers: what the number counts, as the form shows it beside the field ("days")
	Identity    bool              // part of a processor's identity, which a variant supplies
	TiedTo      []string          // a variant's value holds only with the variant's values of these variables
	SeatOf      string            // for text: a jurisdiction variable whose record lists, under venues, the values allowed
	Role        Role              // what the engine uses it for, if anything
	Items       *Var              // for lists of single values: the item
	Fields      []*Var            // for lists of objects: the fields of each item, Path relative to the item
	File        string            // where it is declared
	Line        int

	countries *Countries // the table a country variable selects from
}

// Schema is the set of variables a library declares, by path.
type Schema struct {
	Vars          map[string]*Var
	Jurisdictions map[string]Record // the records a jurisdiction variable selects, by code
	Countries     *Countries        // the countries a country variable selects
	Roles         map[Role]string   // the path of the variable with each role
}

// Paths returns the declared paths in sorted order.
func (s *Schema) Paths() []string {
	paths := make([]string, 0, len(s.Vars))
	for p := range s.Vars {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

// Ordered returns the declared paths in the order of declaration, the
// order the form shows them in.
func (s *Schema) Ordered() []string {
	paths := s.Paths()
	slices.SortStableFunc(paths, func(a, b string) int {
		va, vb := s.Vars[a], s.Vars[b]
		if va.File != vb.File {
			return strings.Compare(va.File, vb.File)
		}
		return va.Line - vb.Line
	})
	return paths
}

// Title returns the variable's label, or one made from its path:
// "liability.cap.months" is "Liability cap months".
func (v *Var) Title() string {
	if v.Label != "" {
		return v.Label
	}
	words := strings.FieldsFunc(strings.TrimSuffix(v.Path, "[]"), func(r rune) bool { return r == '.' || r == '_' })
	s := strings.Join(words, " ")
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// FormHelp returns the help a form shows beside the variable: Help, or
// the Description.
func (v *Var) FormHelp() string {
	if v.Help != "" {
		return v.Help
	}
	return v.Description
}

// ValueLabel returns what a form shows for an enum's value: its label, or
// the value itself.
func (v *Var) ValueLabel(val string) string {
	if l, ok := v.ValueLabels[val]; ok {
		return l
	}
	return val
}

// labelRef is a variable named in a value label: "As published by
// {processor.name}".
var labelRef = regexp.MustCompile(`\{([a-z][a-z0-9_.]*)\}`)

func labelRefs(label string) []string {
	var out []string
	for _, m := range labelRef.FindAllStringSubmatch(label, -1) {
		out = append(out, m[1])
	}
	return out
}

// ValueLabelIn returns what a form shows for an enum's value beside the
// values get returns: its label with each {path} it names replaced by that
// variable's value. A label naming a variable without a value is the
// value itself.
func (v *Var) ValueLabelIn(val string, get func(path string) any) string {
	l := v.ValueLabel(val)
	missing := false
	l = labelRef.ReplaceAllStringFunc(l, func(m string) string {
		var s string
		switch x := get(m[1 : len(m)-1]).(type) {
		case string:
			s = x
		case fmt.Stringer:
			s = x.String()
		}
		if strings.TrimSpace(s) != "" {
			return s
		}
		missing = true
		return m
	})
	if missing {
		return val
	}
	return l
}

// Lookup returns the longest declared variable that is path itself or a
// prefix of it ("jurisdiction.law" finds "jurisdiction"), or nil.
func (s *Schema) Lookup(path string) *Var {
	for p := path; ; {
		if v, ok := s.Vars[p]; ok {
			return v
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			return nil
		}
		p = p[:i]
	}
}

// Subset returns a schema holding only the given paths.
func (s *Schema) Subset(paths []string) *Schema {
	sub := &Schema{Vars: make(map[string]*Var, len(paths)), Jurisdictions: s.Jurisdictions, Countries: s.Countries, Roles: map[Role]string{}}
	for _, p := range paths {
		if v, ok := s.Vars[p]; ok {
			sub.Vars[p] = v
			if v.Role != "" {
				sub.Roles[v.Role] = p
			}
		}
	}
	return sub
}

// rawVar is the YAML shape of a declaration.
type rawVar struct {
	Type        string            `yaml:"type"`
	Description string            `yaml:"description"`
	Label       string            `yaml:"label"`
	Help        string            `yaml:"help"`
	Group       string            `yaml:"group"`
	ItemLabel   string            `yaml:"item_label"`
	ValueLabels map[string]string `yaml:"value_labels"`
	Required    bool              `yaml:"required"`
	RequiredIf  map[string]any    `yaml:"required_if"`
	UsedIf      map[string]any    `yaml:"used_if"`
	Default     yaml.Node         `yaml:"default"`
	Example     string            `yaml:"example"`
	Min         *int64            `yaml:"min"`
	Max         *int64            `yaml:"max"`
	Values      []string          `yaml:"values"`
	Format      string            `yaml:"format"`
	Unit        string            `yaml:"unit"`
	Identity    bool              `yaml:"identity"`
	TiedTo      []string          `yaml:"tied_to"`
	SeatOf      string            `yaml:"seat_of"`
	Role        string            `yaml:"role"`
	Items       yaml.Node         `yaml:"items"`
}

// LoadSchema parses a YAML mapping of variable paths to declarations.
// juris holds the records that a jurisdiction variable selects by code,
// countries the table a country variable selects from.
func LoadSchema(file string, data []byte, juris map[string]Record, countries *Countries) (*Schema, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(file, err)
	}
	jurisdictions := make([]string, 0, len(juris))
	for code := range juris {
		jurisdictions = append(jurisdictions, code)
	}
	sort.Strings(jurisdictions)
	s := &Schema{Vars: map[string]*Var{}, Jurisdictions: juris, Countries: countries, Roles: map[Role]string{}}
	tables := tables{jurisdictions: jurisdictions, countries: countries}
	if len(root.Content) == 0 {
		return s, nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, diag.Errorf(file, doc.Line, doc.Column, "", "must be a mapping of variable paths to declarations")
	}
	var errs diag.List
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, n := doc.Content[i], doc.Content[i+1]
		v, err := declare(file, k.Value, n, tables)
		if err != nil {
			errs.Add(err)
			continue
		}
		v.Line = k.Line
		s.Vars[v.Path] = v
		if v.Role == "" {
			continue
		}
		if err := checkRole(v, v.Role); err != nil {
			errs.Add(diag.Errorf(file, k.Line, k.Column, v.Path, "%w", err))
		} else if other, dup := s.Roles[v.Role]; dup {
			errs.Add(diag.Errorf(file, k.Line, k.Column, v.Path, "role %s is taken by %q already: a role belongs to one variable", v.Role, other))
		} else {
			s.Roles[v.Role] = v.Path
		}
	}
	for _, p := range s.Paths() {
		v := s.Vars[p]
		for q := p; strings.Contains(q, "."); {
			q = q[:strings.LastIndexByte(q, '.')]
			if _, ok := s.Vars[q]; ok {
				errs.Add(diag.Errorf(file, v.Line, 1, v.Path, "conflicts with variable %q: a variable cannot also be a group", q))
			}
		}
		for _, val := range slices.Sorted(maps.Keys(v.ValueLabels)) {
			for _, ref := range labelRefs(v.ValueLabels[val]) {
				if w, ok := s.Vars[ref]; !ok || w.Kind != KindText {
					errs.Add(diag.Errorf(file, v.Line, 1, v.Path, "value_labels: %q names {%s}, which is not a declared text variable", val, ref))
				}
			}
		}
		for _, t := range v.TiedTo {
			if _, ok := s.Vars[t]; !ok || t == v.Path {
				errs.Add(diag.Errorf(file, v.Line, 1, v.Path, "tied_to names undeclared variable %q", t))
			}
		}
		if v.SeatOf != "" {
			if sv, ok := s.Vars[v.SeatOf]; !ok || sv.Kind != KindJurisdiction || v.Kind != KindText {
				errs.Add(diag.Errorf(file, v.Line, 1, v.Path, "seat_of must name a jurisdiction variable, and only a text variable takes it"))
			}
		}
		for p := range v.RequiredIf {
			if _, ok := s.Vars[p]; !ok {
				errs.Add(diag.Errorf(file, v.Line, 1, v.Path, "required_if names undeclared variable %q", p))
			}
		}
		for p := range v.UsedIf {
			if _, ok := s.Vars[p]; !ok {
				errs.Add(diag.Errorf(file, v.Line, 1, v.Path, "used_if names undeclared variable %q", p))
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// tables are the library's data tables that typed variables select from.
type tables struct {
	jurisdictions []string
	countries     *Countries
}

func declare(file, path string, n *yaml.Node, tb tables) (*Var, error) {
	var r rawVar
	if err := n.Decode(&r); err != nil {
		return nil, diag.Errorf(file, n.Line, n.Column, path, "bad declaration: %v", err)
	}
	if !validPath(path) {
		return nil, diag.Errorf(file, n.Line, n.Column, path, "path must be lower-case words joined by dots and underscores")
	}
	v := &Var{Path: path, Kind: Kind(r.Type), Description: r.Description, Label: r.Label, Help: r.Help, Group: r.Group, ItemLabel: r.ItemLabel, ValueLabels: r.ValueLabels, Required: r.Required, RequiredIf: r.RequiredIf, UsedIf: r.UsedIf,
		Example: r.Example, Min: r.Min, Max: r.Max, Values: r.Values, Format: r.Format, Unit: r.Unit, Identity: r.Identity, TiedTo: r.TiedTo, SeatOf: r.SeatOf, Role: Role(r.Role), File: file, Line: n.Line}
	if !slices.Contains(kinds, v.Kind) {
		return nil, diag.Errorf(file, n.Line, n.Column, path, "unknown type %q (want one of %s)", r.Type, joinKinds())
	}
	if v.Kind == KindJurisdiction {
		v.Values = tb.jurisdictions
	}
	if v.Kind == KindCountry {
		if tb.countries == nil {
			return nil, diag.Errorf(file, n.Line, n.Column, path, "type country needs the library's country table")
		}
		v.countries = tb.countries
	}
	if v.Kind == KindEnum && len(v.Values) == 0 {
		return nil, diag.Errorf(file, n.Line, n.Column, path, "enum declares no values")
	}
	for _, val := range slices.Sorted(maps.Keys(v.ValueLabels)) {
		if v.Kind != KindEnum || !slices.Contains(v.Values, val) {
			return nil, diag.Errorf(file, n.Line, n.Column, path, "value_labels names %q, which is not one of the enum's values", val)
		}
	}
	if v.Unit != "" && v.Kind != KindInteger {
		return nil, diag.Errorf(file, n.Line, n.Column, path, "unit belongs to an integer")
	}
	if v.ItemLabel != "" && v.Kind != KindList {
		return nil, diag.Errorf(file, n.Line, n.Column, path, "item_label belongs to a list")
	}
	if v.Kind == KindList {
		switch {
		case r.Items.Kind == yaml.ScalarNode:
			item, err := declare(file, path+"[]", &yaml.Node{Kind: yaml.MappingNode, Line: r.Items.Line, Column: r.Items.Column,
				Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "type"}, &r.Items}}, tb)
			if err != nil {
				return nil, err
			}
			v.Items = item
		case r.Items.Kind == yaml.MappingNode:
			for i := 0; i+1 < len(r.Items.Content); i += 2 {
				f, err := declare(file, r.Items.Content[i].Value, r.Items.Content[i+1], tb)
				if err != nil {
					return nil, err
				}
				if f.Kind == KindList {
					return nil, diag.Errorf(file, f.Line, 1, path, "lists of lists are not supported")
				}
				if f.Role != "" {
					return nil, diag.Errorf(file, f.Line, 1, path, "field %s: a role belongs to a variable, not to a field of a list's items", f.Path)
				}
				v.Fields = append(v.Fields, f)
			}
		default:
			return nil, diag.Errorf(file, n.Line, n.Column, path, "list needs items: a type name or a mapping of fields")
		}
	}
	if !r.Default.IsZero() {
		d, err := v.ParseNode(&r.Default)
		if err != nil {
			return nil, diag.Errorf(file, r.Default.Line, r.Default.Column, path, "default %w", err)
		}
		v.Default = d
	}
	return v, nil
}

func joinKinds() string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

func validPath(p string) bool {
	if p == "" {
		return false
	}
	for _, part := range strings.Split(strings.TrimSuffix(p, "[]"), ".") {
		if part == "" {
			return false
		}
		for _, r := range part {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
				return false
			}
		}
	}
	return true
}

// yamlError turns a YAML parse error into a *diag.Error with its line.
func yamlError(file string, err error) error { return diag.YAML(file, 0, err) }
