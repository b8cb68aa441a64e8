package vars

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/diag"
	edlib "github.com/hbollon/go-edlib"
	"go.yaml.in/yaml/v3"
)

// Source says where a value came from.
type Source struct {
	File      string // file name, or "--set" for the command line
	Line, Col int
}

// Value is a typed value and where it was given.
type Value struct {
	V   any
	Src Source
}

// Set holds values by variable path, as one input layer gives them.
type Set map[string]Value

// Meta holds the keys of a variables file that are not variables: the
// variant it starts from and the template it asks for.
type Meta struct {
	Variant, Template string
	VariantSrc        Source
	TemplateSrc       Source
}

// ParseFile reads a YAML variables file: nested mappings whose leaves are
// the schema's variables, plus the optional keys "variant" and "template".
// Every problem in the file is reported, each with its line and column.
func ParseFile(s *Schema, file string, data []byte) (Set, Meta, error) {
	root, err := ParseYAML(file, data)
	if err != nil {
		return nil, Meta{}, err
	}
	if root == nil {
		return Set{}, Meta{}, nil
	}
	return ParseMapping(s, file, 0, root)
}

// ParseMapping reads the variables in one YAML (or JSON) mapping: a
// variables file, an item of a YAML list, a JSON Lines record. lineOffset
// is added to the node's lines in sources and errors, for a mapping parsed
// out of a larger file.
func ParseMapping(s *Schema, file string, lineOffset int, doc *yaml.Node) (Set, Meta, error) {
	var meta Meta
	set := Set{}
	if doc.Kind != yaml.MappingNode {
		return nil, meta, diag.Errorf(file, doc.Line+lineOffset, doc.Column, "", "must be a mapping of variables, such as \"processor:\\n  name: Acme\"")
	}
	w := walker{s: s, file: file, off: lineOffset, set: set}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, n := doc.Content[i], doc.Content[i+1]
		switch k.Value {
		case "variant", "template":
			if n.Kind != yaml.ScalarNode || n.Value == "" {
				w.errs.Add(diag.Errorf(file, n.Line+lineOffset, n.Column, "", "%s must be a name", k.Value))
				continue
			}
			src := Source{file, n.Line + lineOffset, n.Column}
			if k.Value == "variant" {
				meta.Variant, meta.VariantSrc = n.Value, src
			} else {
				meta.Template, meta.TemplateSrc = n.Value, src
			}
			continue
		}
		w.walk(k.Value, k, n)
	}
	return set, meta, w.errs.Err()
}

type walker struct {
	s    *Schema
	file string
	off  int
	set  Set
	errs diag.List
}

func (w *walker) walk(path string, key, n *yaml.Node) {
	s := w.s
	if v, ok := s.Vars[path]; ok {
		x, err := v.ParseNode(n)
		if err != nil {
			w.errs.Add(diag.Errorf(w.file, n.Line+w.off, n.Column, path, "%w", err))
			return
		}
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			x = nil // "key:" with no value unsets it
		}
		w.set[path] = Value{x, Source{w.file, n.Line + w.off, n.Column}}
		return
	}
	if s.hasGroup(path) {
		if n.Kind != yaml.MappingNode {
			w.errs.Add(diag.Errorf(w.file, n.Line+w.off, n.Column, path, "must be a mapping of %s", strings.Join(s.children(path), ", ")))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			w.walk(path+"."+n.Content[i].Value, n.Content[i], n.Content[i+1])
		}
		return
	}
	w.errs.Add(s.unknown(Source{w.file, key.Line + w.off, key.Column}, path))
}

func (s *Schema) hasGroup(prefix string) bool {
	for p := range s.Vars {
		if strings.HasPrefix(p, prefix+".") {
			return true
		}
	}
	return false
}

func (s *Schema) children(prefix string) []string {
	seen := map[string]bool{}
	for p := range s.Vars {
		if rest, ok := strings.CutPrefix(p, prefix+"."); ok {
			name, _, _ := strings.Cut(rest, ".")
			seen[name] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ErrUnknown is wrapped by the error for a variable that is not declared.
var ErrUnknown = errors.New("unknown variable")

// ErrRequired is wrapped by the error for a required variable with no value.
var ErrRequired = errors.New("required but has no value")

func (s *Schema) unknown(src Source, path string) *diag.Error {
	msg := "%w"
	args := []any{ErrUnknown}
	if m := closest(path, s.Paths()); m != "" {
		msg += " (did you mean %q?)"
		args = append(args, m)
	}
	return diag.Errorf(src.File, src.Line, src.Col, path, msg, args...)
}

// Closest returns the candidate nearest to s by edit distance, if it is near
// enough to be a likely typo, or "".
func Closest(s string, candidates []string) string { return closest(s, candidates) }

// maxTypo is the longest text closest looks at: a name mistyped, not a
// value pasted into the wrong place, whose distance would cost its
// length times each candidate's.
const maxTypo = 100

// closest measures by optimal string alignment, so that a transposition
// ("Indai" for "India") is one edit, as a typist makes it.
func closest(s string, candidates []string) string {
	if len(s) > maxTypo {
		return ""
	}
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if len(c) > maxTypo {
			continue
		}
		d := edlib.OSADamerauLevenshteinDistance(strings.ToLower(s), strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(1, len(s)/4)
	if len(s) > 5 {
		limit = max(2, limit)
	}
	if bestD <= limit {
		return best
	}
	return ""
}

// ParseAssignment parses a "path=value" override as given to --set.
func ParseAssignment(s *Schema, arg string) (string, Value, error) {
	return ParseAssignmentOf(s, "--set", arg)
}

// ParseAssignmentOf parses a "path=value" given to the flag or parameter
// flag, which errors and the value's source name.
func ParseAssignmentOf(s *Schema, flag, arg string) (string, Value, error) {
	path, raw, ok := strings.Cut(arg, "=")
	path = strings.TrimSpace(path)
	// The source names the assignment as it was given, or quoted, as a
	// value in a message is, when it holds anything that does not print
	// as itself (a terminal escape sequence, invalid UTF-8, a
	// bidirectional control) or is too long to show whole.
	name := arg
	if q := strconv.Quote(arg); q[1:len(q)-1] != arg || utf8.RuneCountInString(arg) > diag.MaxQuote {
		name = diag.Quote(arg)
	}
	src := Source{File: flag + " " + name}
	if !ok || path == "" {
		return "", Value{}, diag.Errorf(src.File, 0, 0, "", "must be written path=value, such as deletion.days=45")
	}
	v, ok := s.Vars[path]
	if !ok {
		return "", Value{}, s.unknown(src, path)
	}
	if raw == "" {
		return path, Value{nil, src}, nil // "path=" unsets
	}
	// A jurisdiction or an enum is taken by its label too, in any case, as
	// a spreadsheet's cell is: jurisdiction=Germany, position=Balanced.
	x, err := s.ParseLabelled(v, raw, nil)
	if err != nil {
		return "", Value{}, diag.Errorf(src.File, 0, 0, path, "%w", err)
	}
	return path, Value{x, src}, nil
}

// Tree is the data handed to text/template: nested maps keyed by the parts
// of the variable paths, holding typed values. Every declared path is
// present; a variable with no value holds nil.
type Tree map[string]any

// Resolve layers sets (later wins), applies defaults, checks that every
// required value is there and builds the tree. Values for paths the schema
// does not declare are reported as unknown. All problems are returned at once.
func Resolve(s *Schema, layers ...Set) (Tree, Set, error) {
	merged := Set{}
	var errs diag.List
	for _, layer := range layers {
		for p, v := range layer {
			if _, ok := s.Vars[p]; !ok {
				errs.Add(s.unknown(v.Src, p))
				continue
			}
			merged[p] = v
		}
	}
	for _, p := range s.Paths() {
		v := s.Vars[p]
		if val, ok := merged[p]; !ok || val.V == nil {
			if v.Default != nil {
				merged[p] = Value{V: v.Default, Src: Source{File: v.File, Line: v.Line}}
			} else {
				delete(merged, p)
			}
		}
	}
	for _, p := range s.Paths() {
		v := s.Vars[p]
		if _, ok := merged[p]; ok {
			continue
		}
		if v.Required {
			errs.Add(diag.Errorf("", 0, 0, p, "%w: %s", ErrRequired, v.Description))
			continue
		}
		if cond := requiredBecause(v, merged); cond != "" {
			errs.Add(diag.Errorf("", 0, 0, p, "%w when %s: %s", ErrRequired, cond, v.Description))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, nil, err
	}
	layout := DateLayouts["long"]
	if f, ok := merged[s.Roles[RoleDateFormat]]; ok {
		if l, ok := DateLayouts[fmt.Sprint(f.V)]; ok {
			layout = l
		}
	}
	tree := Tree{}
	for _, p := range s.Paths() {
		var x any
		if val, ok := merged[p]; ok {
			x = val.V
		}
		switch y := x.(type) {
		case Date:
			x = y.WithLayout(layout)
		case string:
			if s.Vars[p].Kind == KindJurisdiction {
				x = s.Jurisdictions[y]
			}
		}
		tree.set(p, x)
	}
	return tree, merged, nil
}

// UsedWith reports whether the document uses v's value given the values
// merged: its used_if conditions hold, or it has none.
func (v *Var) UsedWith(merged Set) bool {
	for q, want := range v.UsedIf {
		g, ok := merged[q]
		if !ok || g.V == nil || fmt.Sprint(plainText(g.V)) != fmt.Sprint(want) {
			return false
		}
	}
	return true
}

// Ignored returns a warning for each value given that the document will
// not use, because the variable's used_if conditions do not hold: a cap
// amount given with a cap in months of fees. Defaults from the schema, and
// values from the files in base (a variant, which the request overrides),
// are not given values. The warnings are sorted by path.
func Ignored(s *Schema, merged Set, base ...string) []string {
	var out []string
	for _, iv := range IgnoredValues(s, merged, base...) {
		var conds, actual []string
		for _, c := range iv.Conditions {
			conds = append(conds, fmt.Sprintf("%s is %s", c.Path, c.Want))
			if c.Got != c.Want {
				got := c.Got
				if got == "" {
					got = "not set"
				}
				actual = append(actual, fmt.Sprintf("%s is %s", c.Path, got))
			}
		}
		where := iv.Src.File
		if iv.Src.Line > 0 {
			where = fmt.Sprintf("%s:%d", where, iv.Src.Line)
		}
		out = append(out, fmt.Sprintf("%s is set (%s), but the document uses it only when %s, and %s: the value is ignored", iv.Path, where, strings.Join(conds, " and "), strings.Join(actual, " and ")))
	}
	return out
}

// IgnoredValue is a value given that the document will not use.
type IgnoredValue struct {
	Path       string
	Src        Source      // where the value was given
	Conditions []Condition // the variable's used_if conditions, by path
}

// Condition is one used_if condition and the value its variable has.
type Condition struct {
	Path string
	Want string // the value that makes the document use the variable
	Got  string // the value it has, or "" when it has none
}

// IgnoredValues returns, sorted by path, the values that [Ignored] warns of.
func IgnoredValues(s *Schema, merged Set, base ...string) []IgnoredValue {
	var out []IgnoredValue
	for _, p := range s.Paths() {
		v := s.Vars[p]
		val, ok := merged[p]
		if len(v.UsedIf) == 0 || !ok || val.V == nil || val.Src.File == v.File || slices.Contains(base, val.Src.File) || v.UsedWith(merged) {
			continue
		}
		iv := IgnoredValue{Path: p, Src: val.Src}
		for _, q := range slices.Sorted(maps.Keys(v.UsedIf)) {
			c := Condition{Path: q, Want: fmt.Sprint(v.UsedIf[q])}
			if g, ok := merged[q]; ok && g.V != nil {
				c.Got = fmt.Sprint(plainText(g.V))
			}
			iv.Conditions = append(iv.Conditions, c)
		}
		out = append(out, iv)
	}
	return out
}

// requiredBecause describes the condition that makes v required, or "".
func requiredBecause(v *Var, merged Set) string {
	if len(v.RequiredIf) == 0 {
		return ""
	}
	var conds []string
	for p, want := range v.RequiredIf {
		got, ok := merged[p]
		if !ok || fmt.Sprint(got.V) != fmt.Sprint(want) {
			return ""
		}
		conds = append(conds, fmt.Sprintf("%s is %v", p, want))
	}
	sort.Strings(conds)
	return strings.Join(conds, " and ")
}

func (t Tree) set(path string, x any) {
	m := map[string]any(t)
	parts := strings.Split(path, ".")
	for _, part := range parts[:len(parts)-1] {
		next, ok := m[part].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[part] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = x
}

// Canonical writes x as a stable string, the same for equal values
// whatever their source: digits for numbers, YYYY-MM-DD for dates, the
// jurisdiction's code, JSON-like brackets for lists. Batch hashes it.
func Canonical(x any) string {
	switch v := x.(type) {
	case nil:
		return "~"
	case Text:
		return strconv.Quote(string(v))
	case string:
		return strconv.Quote(v)
	case Int:
		return strconv.FormatInt(int64(v), 10)
	case Amount:
		return v.d.String()
	case Date:
		return v.ISO()
	case Enum:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	case Record:
		return fmt.Sprint(v["code"])
	case Country:
		return v.Code
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = Canonical(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ":" + Canonical(v[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	return fmt.Sprintf("%T(%v)", x, x)
}

// Plain returns a typed value as plain data, for JSON, file names and form
// fields: text as typed, numbers as int64, dates as YYYY-MM-DD, amounts with
// separators, jurisdictions as their code, lists and objects element by
// element. Nil stays nil.
func Plain(x any) any {
	switch v := x.(type) {
	case Tree:
		return Plain(map[string]any(v))
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = Plain(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = Plain(e)
		}
		return out
	case Text:
		return string(v)
	case Int:
		return int64(v)
	case Date:
		return v.ISO()
	case Enum:
		return string(v)
	case Amount:
		return v.String()
	case Record:
		return fmt.Sprint(v["code"])
	case Country:
		return v.Code
	}
	return x
}
