package vars

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/diag"
	"go.yaml.in/yaml/v3"
)

// maxTextLen bounds any single text value, whatever its declaration says.
const maxTextLen = 1000

// MaxListItems is the most items a list variable takes unless its
// declaration sets a lower max.
const MaxListItems = 200

// maxListText bounds a list written in one line (a --set value, a CSV
// cell) before it is parsed.
const maxListText = 64 << 10

// maxItems is the most items list v takes.
func (v *Var) maxItems() int {
	if v.Max != nil && *v.Max >= 0 && *v.Max < MaxListItems {
		return int(*v.Max)
	}
	return MaxListItems
}

// ParseString converts one value written as text (a --set value, a CSV
// cell, a form field) to the variable's type. Lists are written in YAML
// flow style: [a, b] or [{name: X, purpose: Y}].
func (v *Var) ParseString(s string) (any, error) {
	switch v.Kind {
	case KindText:
		return v.parseText(s)
	case KindInteger:
		t := strings.TrimSpace(s)
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("must be %s, got %s", v.describeInt(), diag.Quote(s))
		}
		if (v.Min != nil && n < *v.Min) || (v.Max != nil && n > *v.Max) {
			return nil, fmt.Errorf("must be %s, got %d", v.describeInt(), n)
		}
		return Int(n), nil
	case KindAmount:
		a, err := ParseAmount(s)
		if err != nil {
			return nil, err
		}
		if a.Sign() <= 0 {
			return nil, fmt.Errorf("must be greater than zero, got %s", diag.Quote(s))
		}
		return a, nil
	case KindDate:
		return ParseDate(s)
	case KindEnum, KindJurisdiction:
		t := strings.TrimSpace(s)
		if slices.Contains(v.Values, t) {
			if v.Kind == KindEnum {
				return Enum(t), nil
			}
			return t, nil // resolved to a Record by Resolve
		}
		msg := fmt.Sprintf("must be one of %s, got %s", strings.Join(v.Values, ", "), diag.Quote(s))
		if m := closest(t, v.Values); m != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", m)
		}
		return nil, fmt.Errorf("%s", msg)
	case KindCountry:
		return v.countries.parse(s)
	case KindBool:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true", "yes", "y", "1", "on":
			return true, nil
		case "false", "no", "n", "0", "off":
			return false, nil
		}
		return nil, fmt.Errorf("must be true or false, got %s", diag.Quote(s))
	case KindList:
		if len(s) > maxListText {
			return nil, fmt.Errorf("must be a list of at most %d characters when written in one line, got %d", maxListText, len(s))
		}
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(s), &n); err != nil || len(n.Content) == 0 {
			return nil, fmt.Errorf("must be a list written [a, b, c], got %s", diag.Quote(s))
		}
		if n.Content[0].Kind == yaml.ScalarNode {
			// One item written without brackets: say how a list is written.
			return nil, fmt.Errorf("must be a list written [a, b, c], a list of one [a], got %s", diag.Quote(s))
		}
		return v.ParseNode(n.Content[0])
	}
	return nil, fmt.Errorf("unsupported type %q", v.Kind)
}

func (v *Var) describeInt() string {
	switch {
	case v.Min != nil && v.Max != nil:
		return fmt.Sprintf("an integer from %d to %d", *v.Min, *v.Max)
	case v.Min != nil:
		return fmt.Sprintf("an integer of at least %d", *v.Min)
	case v.Max != nil:
		return fmt.Sprintf("an integer of at most %d", *v.Max)
	}
	return "an integer"
}

func (v *Var) parseText(s string) (any, error) {
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("must be valid UTF-8 text")
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return nil, fmt.Errorf("must be a single line of text without control characters, got %s", diag.Quote(s))
		}
	}
	if err := checkInvisible(s); err != nil {
		return nil, err
	}
	s = strings.TrimSpace(s)
	n := int64(utf8.RuneCountInString(s))
	max := int64(maxTextLen)
	if v.Max != nil && *v.Max < max {
		max = *v.Max
	}
	if n > max {
		return nil, fmt.Errorf("must be at most %d characters, got %d", max, n)
	}
	if v.Min != nil && n < *v.Min {
		if n == 0 {
			return nil, fmt.Errorf("must be a non-empty text")
		}
		return nil, fmt.Errorf("must be at least %d characters, got %d", *v.Min, n)
	}
	switch v.Format {
	case "email":
		if a, err := mail.ParseAddress(s); s != "" && (err != nil || a.Address != s) {
			return nil, fmt.Errorf("must be an e-mail address such as privacy@example.com, got %s", diag.Quote(s))
		}
	case "url":
		if s != "" {
			u, err := url.Parse(s)
			if err != nil || strings.ContainsAny(s, " <>\"") || (u.Scheme != "" && u.Scheme != "https" && u.Scheme != "http") {
				return nil, fmt.Errorf("must be a web address such as https://example.com/legal, got %s", diag.Quote(s))
			}
		}
	}
	return Text(s), nil
}

// ParseNode converts a YAML node to the variable's type.
func (v *Var) ParseNode(n *yaml.Node) (any, error) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if v.Kind != KindList {
		if n.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("must be a single value (%s), got a %s", v.Kind, nodeKind(n))
		}
		return v.ParseString(n.Value)
	}
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("must be a list, got a %s", nodeKind(n))
	}
	if most := v.maxItems(); len(n.Content) > most {
		return nil, fmt.Errorf("must have at most %d items, got %d", most, len(n.Content))
	}
	out := make([]any, 0, len(n.Content))
	for i, item := range n.Content {
		if v.Items != nil {
			x, err := v.Items.ParseNode(item)
			if err != nil {
				return nil, &ItemError{Item: i + 1, Err: err}
			}
			out = append(out, x)
			continue
		}
		obj, err := v.parseObject(item)
		if err != nil {
			ie := &ItemError{Item: i + 1, Err: err}
			var fe *fieldError
			if errors.As(err, &fe) {
				ie.Field, ie.Err = fe.field, fe.err
			}
			return nil, ie
		}
		out = append(out, obj)
	}
	return out, nil
}

func (v *Var) parseObject(n *yaml.Node) (map[string]any, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("must be a mapping of %s, got a %s", v.fieldNames(), nodeKind(n))
	}
	if len(n.Content) > 2*len(v.Fields) {
		return nil, fmt.Errorf("must be a mapping of %s, got %d keys", v.fieldNames(), len(n.Content)/2)
	}
	obj := make(map[string]any, len(v.Fields))
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i].Value
		f := v.field(key)
		if f == nil {
			msg := fmt.Sprintf("unknown field %s (want %s)", diag.Quote(key), v.fieldNames())
			return nil, fmt.Errorf("%s", msg)
		}
		x, err := f.ParseNode(n.Content[i+1])
		if err != nil {
			return nil, &fieldError{field: key, err: err}
		}
		obj[key] = x
	}
	for _, f := range v.Fields {
		if _, ok := obj[f.Path]; !ok {
			if f.Required && f.Default == nil {
				return nil, &fieldError{field: f.Path, err: errFieldRequired}
			}
			obj[f.Path] = f.Default
			if obj[f.Path] == nil && f.Kind == KindText {
				obj[f.Path] = Text("")
			}
		}
	}
	return obj, nil
}

// errFieldRequired is the problem with a required field of a list's item
// that is not given.
var errFieldRequired = errors.New("is required")

// ItemError is a problem with one item of a list: its number, counting
// from 1, and, in a list of objects, the field at fault, if one is.
type ItemError struct {
	Item  int
	Field string // the field's path within the item; "" for the item as a whole
	Err   error
}

// Error prints the problem as `item 2: field "location": ...`.
func (e *ItemError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("item %d: %v", e.Item, e.Err)
	}
	return fmt.Sprintf("item %d: %v", e.Item, &fieldError{field: e.Field, err: e.Err})
}

// Unwrap returns the problem itself.
func (e *ItemError) Unwrap() error { return e.Err }

// fieldError is a problem with one field of an object.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string {
	if e.err == errFieldRequired {
		return fmt.Sprintf("field %q %v", e.field, e.err)
	}
	return fmt.Sprintf("field %s: %v", diag.Quote(e.field), e.err)
}

func (e *fieldError) Unwrap() error { return e.err }

func (v *Var) field(name string) *Var {
	for _, f := range v.Fields {
		if f.Path == name {
			return f
		}
	}
	return nil
}

func (v *Var) fieldNames() string {
	names := make([]string, len(v.Fields))
	for i, f := range v.Fields {
		names[i] = f.Path
	}
	return strings.Join(names, ", ")
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value"
	}
	return "value"
}
