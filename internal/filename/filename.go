// Package filename names the files documents are written to: [Slug]
// turns a customer's name into a file name, and a [Template], made with
// [Parse], turns a row's values into one, checked to be a single safe
// file name.
//
// A template is a text/template that sees the values as plain text and
// may call only text functions (no loops, nothing that builds lists or
// repeats text), so that no template can loop or exhaust memory.
package filename

import (
	"errors"
	"fmt"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode"

	"github.com/clausemark/clausemark/internal/funcs"
	"github.com/clausemark/clausemark/internal/vars"
	"golang.org/x/text/unicode/norm"
)

// Default is the file name template used when none is given: the
// customer's name (the variable with role customer-name) as a slug, or the
// row number when a row has none or its slug is empty (a name in a script
// without Latin letters, such as 株式会社テスト).
const Default = `{{ with role $ "customer-name" | slug }}{{ . }}{{ else }}row-{{ $.row }}{{ end }}-dpa`

// maxSlug bounds a slug in bytes, so that the longest name a customer can
// have still gives a file name.
const maxSlug = 100

// maxName bounds a file name, without its extension, in bytes.
const maxName = 120

// Template is a parsed file name template.
type Template struct {
	t *template.Template
}

// Parse parses a file name template. It sees the row's values as plain
// text (names, codes, ISO dates) and the row number as .row; role $ "NAME"
// is the value of the variable of schema s with that role. Every
// variable and role it names must be in s, so that a typo fails here,
// once, rather than on every row. Errors start with "--name: ", the flag
// that gives the template.
func Parse(text string, s *vars.Schema) (*Template, error) {
	// A name needs text functions only: none that builds lists or repeats
	// text (sprig's until, repeat, seq), so no --name can exhaust memory.
	all := funcs.Map()
	f := template.FuncMap{}
	for _, name := range nameFuncs {
		if fn, ok := all[name]; ok {
			f[name] = fn
		}
	}
	f["slug"] = Slug
	f["role"] = func(data map[string]any, name string) (any, error) {
		if _, ok := vars.Role(name).Info(); !ok {
			return nil, fmt.Errorf("role %q: no such role", name)
		}
		p, ok := s.RolePath(vars.Role(name))
		if !ok {
			return "", nil
		}
		return vars.Tree(data).Get(p), nil
	}
	t, err := template.New("--name").Option("missingkey=error").Funcs(f).Parse(text)
	if err != nil {
		return nil, fmt.Errorf("--name: %w", err)
	}
	// Nor a loop: a name is one line, and range over a number could run
	// for as long as the number says.
	for _, tt := range t.Templates() {
		if tt.Tree != nil && hasRange(tt.Tree.Root) {
			return nil, fmt.Errorf("--name: range is not allowed in a file name template")
		}
	}
	// Every variable and role it names must exist, so that a typo fails
	// once, here, rather than on every row.
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		if err := checkNames(tt.Tree.Root, s); err != nil {
			return nil, fmt.Errorf("--name: %w", err)
		}
	}
	return &Template{t: t}, nil
}

// checkNames reports the first variable path or role in the template
// below n that schema s does not have, with the closest that it does.
// The walk visits each node once.
func checkNames(n parse.Node, s *vars.Schema) error {
	fields := func(idents []string) error {
		path := strings.Join(idents, ".")
		if path == "row" || path == "" {
			return nil
		}
		if s.Vars[path] != nil {
			return nil
		}
		for _, p := range s.Paths() {
			if strings.HasPrefix(p, path+".") {
				return nil // a group of variables, such as .customer
			}
		}
		hint := ""
		if m := vars.Closest(path, s.Paths()); m != "" {
			hint = fmt.Sprintf("; did you mean %q?", m)
		}
		return fmt.Errorf("no variable %q in this template%s", path, hint)
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := checkNames(c, s); err != nil {
				return err
			}
		}
	case *parse.ActionNode:
		return checkNames(n.Pipe, s)
	case *parse.PipeNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Cmds {
			if err := checkNames(c, s); err != nil {
				return err
			}
		}
	case *parse.CommandNode:
		if len(n.Args) >= 3 {
			if id, ok := n.Args[0].(*parse.IdentifierNode); ok && id.Ident == "role" {
				if str, ok := n.Args[2].(*parse.StringNode); ok {
					if _, known := vars.Role(str.Text).Info(); !known {
						return fmt.Errorf("role %q: no such role", str.Text)
					}
				}
			}
		}
		for _, a := range n.Args {
			if err := checkNames(a, s); err != nil {
				return err
			}
		}
	case *parse.FieldNode:
		return fields(n.Ident)
	case *parse.VariableNode:
		if len(n.Ident) > 1 && n.Ident[0] == "$" {
			return fields(n.Ident[1:])
		}
	case *parse.IfNode:
		return checkBranch(&n.BranchNode, s)
	case *parse.WithNode:
		return checkBranch(&n.BranchNode, s)
	}
	return nil
}

// checkBranch checks an if or with: its pipeline and both lists. Inside a
// with, dot is the value, so fields there are not variable paths.
func checkBranch(b *parse.BranchNode, s *vars.Schema) error {
	if err := checkNames(b.Pipe, s); err != nil {
		return err
	}
	if b.NodeType == parse.NodeWith {
		return checkNames(b.ElseList, s)
	}
	if err := checkNames(b.List, s); err != nil {
		return err
	}
	return checkNames(b.ElseList, s)
}

// nameFuncs are the template functions a file name template may call,
// besides slug and role.
var nameFuncs = []string{"lower", "upper", "title", "trim", "trunc", "replace", "default", "date", "substr", "nospace", "initials"}

func hasRange(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.RangeNode:
		return true
	case *parse.ListNode:
		if n == nil {
			return false
		}
		for _, c := range n.Nodes {
			if hasRange(c) {
				return true
			}
		}
	case *parse.IfNode:
		return hasRange(n.List) || hasRange(n.ElseList)
	case *parse.WithNode:
		return hasRange(n.List) || hasRange(n.ElseList)
	}
	return false
}

// Slug turns text into a file-name-friendly form: accents removed, lower
// case ASCII letters and digits, runs of anything else as one hyphen.
// "Müller & Søn GmbH" becomes "muller-son-gmbh". A slug longer than
// maxSlug bytes is cut there.
func Slug(text string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(text) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'ø' || r == 'Ø':
			r = 'o'
		case r == 'ł' || r == 'Ł':
			r = 'l'
		case r == 'ß':
			b.WriteString("ss")
			hyphen = false
			continue
		}
		r = unicode.ToLower(r)
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			hyphen = false
		} else if !hyphen && b.Len() > 0 {
			b.WriteByte('-')
			hyphen = true
		}
	}
	out := b.String()
	if len(out) > maxSlug {
		out = out[:maxSlug] // ASCII: any byte is a boundary
	}
	return strings.TrimSuffix(out, "-")
}

// blankNils turns unset variables into empty text, so that a name template
// prints nothing for them rather than "<no value>".
func blankNils(m map[string]any) {
	for k, v := range m {
		switch v := v.(type) {
		case nil:
			m[k] = ""
		case map[string]any:
			blankNils(v)
		}
	}
}

// Execute runs the template on a row's values and its number, and checks
// the result: no path separators, no "..", no control or reserved
// characters, not empty, not too long. A bad name is an error, never
// silently changed.
func (t *Template) Execute(tree vars.Tree, row int) (string, error) {
	data := vars.Plain(tree).(map[string]any)
	blankNils(data)
	data["row"] = row
	// The template writes into a bounded buffer: a name template that loops
	// ({{ range 100000000 }}) stops at the bound instead of running on.
	b := &boundedWriter{max: 4 * maxName}
	if err := t.t.Execute(b, data); err != nil {
		if errors.Is(err, errNameTooLong) {
			return "", fmt.Errorf("file name is longer than %d bytes", maxName)
		}
		return "", fmt.Errorf("file name: %w", err)
	}
	name := strings.TrimSpace(b.String())
	switch {
	case name == "":
		return "", fmt.Errorf("file name is empty")
	case strings.ContainsAny(name, `/\`):
		return "", fmt.Errorf("file name %q contains a path separator", name)
	case strings.Contains(name, ".."):
		return "", fmt.Errorf("file name %q contains \"..\"", name)
	case strings.HasPrefix(name, "."):
		return "", fmt.Errorf("file name %q starts with a dot", name)
	case strings.ContainsAny(name, `<>:"|?*`):
		return "", fmt.Errorf("file name %q contains one of <>:\"|?*", name)
	case len(name) > maxName:
		return "", fmt.Errorf("file name %q is longer than %d bytes", name, maxName)
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return "", fmt.Errorf("file name %q contains a control character", name)
		}
	}
	return name, nil
}

var errNameTooLong = errors.New("file name too long")

// boundedWriter keeps at most max bytes and fails past them.
type boundedWriter struct {
	strings.Builder
	max int
}

func (w *boundedWriter) Write(p []byte) (int, error) {
	if w.Len()+len(p) > w.max {
		return 0, errNameTooLong
	}
	return w.Builder.Write(p)
}
