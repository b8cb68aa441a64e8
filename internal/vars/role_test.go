package vars

import (
	"errors"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/diag"
)

func TestRoles(t *testing.T) {
	juris := map[string]Record{"eu": {"name": "the European Union"}}
	for _, tc := range []struct {
		name, yaml string
		line       int // of the problem; 0 for none
	}{
		{"ok", "client:\n  type: text\n  role: customer-name\nstyle:\n  type: enum\n  values: [long, iso]\n  role: date-format\n", 0},
		{"unknown role", "client:\n  type: text\n  role: customer\n", 1},
		{"wrong type", "when:\n  type: text\n  role: document-date\n", 1},
		{"not a date format", "style:\n  type: enum\n  values: [long, fancy]\n  role: date-format\n", 1},
		{"taken twice", "a:\n  type: text\n  role: customer-name\nb:\n  type: text\n  role: customer-name\n", 4},
		{"on a list field", "subs:\n  type: list\n  items:\n    name:\n      type: text\n      role: customer-name\n", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := LoadSchema("variables.yaml", []byte(tc.yaml), juris, nil)
			if tc.line == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if p, _ := s.RolePath(RoleCustomerName); p != "client" {
					t.Errorf("customer-name is %q, want client", p)
				}
				if !s.InGroupOf(RoleCustomerName, "client") || s.InGroupOf(RoleCustomerName, "style") {
					t.Error("InGroupOf: a path without a dot is a group of one")
				}
				return
			}
			var e *diag.Error
			if !errors.As(err, &e) || e.Line != tc.line {
				t.Fatalf("got %v, want a problem at line %d", err, tc.line)
			}
		})
	}
}

func TestTreeGetAndRole(t *testing.T) {
	tree := Tree{}
	tree.set("party.customer.name", Text("Globex"))
	tree.set("law", Record{"code": "eu", "law_short": "GDPR"})
	s := &Schema{Roles: map[Role]string{RoleCustomerName: "party.customer.name", RoleJurisdiction: "law"}}
	if got := s.Role(tree, RoleCustomerName); got != Text("Globex") {
		t.Errorf("customer-name: %v", got)
	}
	if got := tree.Get("law.law_short"); got != "GDPR" {
		t.Errorf("a field of a record: %v", got)
	}
	for _, p := range []string{"party.nobody", "party.customer.name.more", "", "."} {
		if got := tree.Get(p); got != nil {
			t.Errorf("Get(%q) = %v, want nil", p, got)
		}
	}
	if got := s.Role(tree, RoleDate); got != nil {
		t.Errorf("a role no variable has: %v", got)
	}
	if s.InGroupOf(RoleCustomerName, "party.customer.address") != true || s.InGroupOf(RoleCustomerName, "party.processor") {
		t.Error("InGroupOf: the group is the path up to its last dot")
	}
}

// TestValueLabelIn: a value label may name a text variable in braces, which
// the form fills in with its value; without one it shows the value. A
// label naming something else is refused at load.
func TestValueLabelIn(t *testing.T) {
	const schema = "who:\n  type: text\nposition:\n  type: enum\n  role: position\n  values: [house, balanced]\n  value_labels:\n    house: As published by {who}\n    balanced: Balanced\n"
	s, err := LoadSchema("variables.yaml", []byte(schema), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := s.Vars["position"]
	for _, tc := range []struct {
		val  string
		who  any
		want string
	}{
		{"house", "Ojoo", "As published by Ojoo"},
		{"house", "", "house"},
		{"house", nil, "house"},
		{"balanced", "Ojoo", "Balanced"},
	} {
		if got := v.ValueLabelIn(tc.val, func(string) any { return tc.who }); got != tc.want {
			t.Errorf("ValueLabelIn(%q) with who=%v = %q, want %q", tc.val, tc.who, got, tc.want)
		}
	}
	for _, bad := range []string{"{nobody}", "{position}"} {
		_, err := LoadSchema("variables.yaml", []byte(strings.Replace(schema, "{who}", bad, 1)), nil, nil)
		var e *diag.Error
		if !errors.As(err, &e) || e.Variable != "position" {
			t.Errorf("label naming %s: got %v, want an error on position", bad, err)
		}
	}
}
