package vars

import (
	"errors"
	"testing"
)

// TestItemError: a problem inside a list names the item, counting from
// 1, and the field of an object at fault, as a value a form can place
// beside that one box; its text is the one files and flags have always
// printed.
func TestItemError(t *testing.T) {
	one := int64(1)
	subs := &Var{Path: "subs", Kind: KindList, Fields: []*Var{
		{Path: "name", Kind: KindText, Required: true, Min: &one},
		{Path: "size", Kind: KindInteger},
	}}
	lines := &Var{Path: "lines", Kind: KindList, Items: &Var{Kind: KindInteger}}
	tests := []struct {
		name      string
		v         *Var
		in        string
		item      int
		field     string
		text      string
		fieldText string // the problem without its place
	}{
		{"a field's value", subs, "[{name: a}, {name: b, size: x}]", 2, "size", `item 2: field "size": must be an integer, got "x"`, `must be an integer, got "x"`},
		{"a required field missing", subs, "[{size: 1}]", 1, "name", `item 1: field "name" is required`, "is required"},
		{"an unknown field", subs, "[{name: a, colour: red}]", 1, "", `item 1: unknown field "colour" (want name, size)`, `unknown field "colour" (want name, size)`},
		{"an item that is not an object", subs, "[a]", 1, "", "item 1: must be a mapping of name, size, got a single value", "must be a mapping of name, size, got a single value"},
		{"an item of a list of values", lines, "[1, 2, x]", 3, "", `item 3: must be an integer, got "x"`, `must be an integer, got "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.v.ParseString(tt.in)
			var ie *ItemError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is no ItemError", err)
			}
			if ie.Item != tt.item || ie.Field != tt.field {
				t.Errorf("item %d field %q, want %d %q", ie.Item, ie.Field, tt.item, tt.field)
			}
			if err.Error() != tt.text {
				t.Errorf("text %q, want %q", err, tt.text)
			}
			if ie.Err.Error() != tt.fieldText {
				t.Errorf("problem %q, want %q", ie.Err, tt.fieldText)
			}
		})
	}
}
