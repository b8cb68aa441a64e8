package vars

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/diag"
)

// The words a person uses for a variable and its values: the form's
// labels, which a spreadsheet's header and cells may use instead of the
// paths and codes.

// NameKey is the form of a name that names are compared in: lower case,
// each run of characters other than letters and digits one space, so that
// "Customer name", "customer.name", "CUSTOMER_NAME" and "Contact’s
// e-mail" beside "Contact's e-mail" compare equal.
func NameKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		if r == '\'' || r == '’' {
			continue // "Contact's" is "contacts"
		}
		space = true
	}
	return b.String()
}

// Names returns the names a spreadsheet's header may give v by: its path,
// its label and its label after its group ("Terms deletion period"), the
// form's words.
func (v *Var) Names() []string {
	names := []string{v.Path, v.Title()}
	if v.Group != "" && !strings.HasPrefix(NameKey(v.Title()), NameKey(v.Group)+" ") {
		names = append(names, v.Group+" "+v.Title())
	}
	return names
}

// AmbiguousNameError reports a name that two or more variables are known
// by; the path says which is meant.
type AmbiguousNameError struct {
	Name  string
	Paths []string
}

func (e *AmbiguousNameError) Error() string {
	return fmt.Sprintf("%s names %s: write the path of the one meant", diag.Quote(e.Name), strings.Join(quoteAll(e.Paths), " and "))
}

// UnknownNameError reports a name no variable is known by, with the
// closest name one is, if any.
type UnknownNameError struct {
	Name    string
	Closest string // "" if none is near
}

func (e *UnknownNameError) Error() string {
	msg := fmt.Sprintf("%s names no variable of this template (run 'clausemark vars TEMPLATE')", diag.Quote(e.Name))
	if e.Closest != "" {
		msg += fmt.Sprintf("; did you mean %q?", e.Closest)
	}
	return msg
}

func (e *UnknownNameError) Unwrap() error { return ErrUnknown }

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

// VarNamed returns the variable name names: its path as written, or, in
// any case and punctuation, its path, its label or its label after its
// group (see [Var.Names]). A name no variable is known by is an
// *UnknownNameError, one that several are known by an
// *AmbiguousNameError.
func (s *Schema) VarNamed(name string) (*Var, error) {
	name = strings.TrimSpace(name)
	if v, ok := s.Vars[name]; ok {
		return v, nil
	}
	key := NameKey(name)
	var found []*Var
	for _, p := range s.Paths() {
		v := s.Vars[p]
		for _, n := range v.Names() {
			if key != "" && NameKey(n) == key {
				found = append(found, v)
				break
			}
		}
	}
	switch len(found) {
	case 0:
		return nil, &UnknownNameError{Name: name, Closest: s.closestName(name)}
	case 1:
		return found[0], nil
	}
	paths := make([]string, len(found))
	for i, v := range found {
		paths[i] = v.Path
	}
	return nil, &AmbiguousNameError{Name: name, Paths: paths}
}

// closestName is the path or label nearest to name, if one is near
// enough to be a likely typo. Long names are not compared: the distance
// costs their length squared.
func (s *Schema) closestName(name string) string {
	if utf8.RuneCountInString(name) > 200 {
		return ""
	}
	var cands []string
	for _, p := range s.Paths() {
		cands = append(cands, s.Vars[p].Names()...)
	}
	return closest(name, cands)
}

// Choice is one value of an enum or a jurisdiction, with what the form
// shows for it.
type Choice struct {
	Value string
	Label string // the value's label, or the value itself
}

// Choices returns the values of v, an enum or a jurisdiction, in order,
// each with its label: an enum's value label (a label naming a variable,
// such as "As published by {processor.name}", with the value get returns
// for it; the value itself if get is nil or has none), a jurisdiction's
// name as the form shows it ("Ireland", "The European Union"). It returns
// nil for a variable of another kind.
func (s *Schema) Choices(v *Var, get func(path string) any) []Choice {
	if v.Kind != KindEnum && v.Kind != KindJurisdiction {
		return nil
	}
	if get == nil {
		get = func(string) any { return nil }
	}
	out := make([]Choice, len(v.Values))
	for i, val := range v.Values {
		out[i] = Choice{Value: val, Label: s.valueLabel(v, val, get)}
	}
	return out
}

func (s *Schema) valueLabel(v *Var, val string, get func(string) any) string {
	if v.Kind == KindJurisdiction {
		if name, ok := s.Jurisdictions[val]["name"].(string); ok && name != "" {
			r, n := utf8.DecodeRuneInString(name)
			return string(unicode.ToUpper(r)) + name[n:]
		}
		return val
	}
	return v.ValueLabelIn(val, get)
}

// labelFits reports whether key (see NameKey) is what a value label that
// names variables shows for some values of them: "As published by
// {processor.name}" fits "as published by opsium".
func labelFits(label, key string) bool {
	loc := labelRef.FindAllStringIndex(label, -1)
	if len(loc) == 0 {
		return false
	}
	prefix, suffix := NameKey(label[:loc[0][0]]), NameKey(label[loc[len(loc)-1][1]:])
	rest, ok := strings.CutPrefix(key, prefix)
	if !ok || prefix == "" {
		return false
	}
	rest, ok = strings.CutSuffix(rest, suffix)
	return ok && strings.TrimSpace(rest) != ""
}

// ParseLabelled converts a value a person writes to v's type, as
// [Var.ParseString] does, but for an enum or a jurisdiction it also takes
// the value in any case, and its label in any case and punctuation
// ("Ireland" or "ireland" for ie, "the European Union" or "European
// Union" for eu, "Fees paid over a number of months" for fees). get gives
// the values a label may name (see [Schema.Choices]); nil for none. A
// value that is none of these is an error listing the values with their
// labels, and the closest of them.
func (s *Schema) ParseLabelled(v *Var, text string, get func(path string) any) (any, error) {
	if v.Kind != KindEnum && v.Kind != KindJurisdiction {
		return v.ParseString(text)
	}
	t := strings.TrimSpace(text)
	if slices.Contains(v.Values, t) {
		return v.ParseString(t)
	}
	choices := s.Choices(v, get)
	key := NameKey(t)
	for _, c := range choices {
		if strings.EqualFold(c.Value, t) || key != "" && (NameKey(c.Label) == key || NameKey(strings.TrimPrefix(NameKey(c.Label), "the ")) == key) {
			return v.ParseString(c.Value)
		}
	}
	for _, val := range v.Values {
		if key != "" && v.Kind == KindEnum && labelFits(v.ValueLabel(val), key) {
			return v.ParseString(val)
		}
	}
	shown := make([]string, len(choices))
	var cands []string
	for i, c := range choices {
		shown[i] = c.Value
		if c.Label != c.Value {
			shown[i] += " (" + c.Label + ")"
			cands = append(cands, c.Label)
		}
		cands = append(cands, c.Value)
	}
	msg := fmt.Sprintf("must be one of %s, got %s", strings.Join(shown, ", "), diag.Quote(text))
	if utf8.RuneCountInString(t) <= 200 {
		if m := closest(t, cands); m != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", m)
		}
	}
	return nil, fmt.Errorf("%s", msg)
}
