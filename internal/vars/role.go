package vars

import (
	"fmt"
	"slices"
	"strings"
)

// Role is what the engine uses a variable for, beyond printing it: the
// customer's name names batch files and downloads, the processor's legal
// name is the PDF's author, the date format formats every date. A
// variable takes a role with "role: NAME" in the schema, so the engine
// never depends on a variable's path: renaming customer.name to
// client.company keeps every command working as long as the role moves
// with it.
type Role string

// The roles the engine knows.
const (
	RoleCustomerName       Role = "customer-name"        // the customer's name: file names, the PDF's subject and keywords
	RoleCustomerCountry    Role = "customer-country"     // the customer's country: the Member State of the transfer clauses
	RoleProcessorName      Role = "processor-name"       // the processor's short name: identity, and names lint keeps out of clauses
	RoleProcessorLegalName Role = "processor-legal-name" // the processor's legal name: the PDF's author
	RoleDate               Role = "document-date"        // the document's date: the PDF's date, never the clock
	RoleDateFormat         Role = "date-format"          // how every date prints
	RoleJurisdiction       Role = "jurisdiction"         // the law: the checklists, the law-facts check, the PDF's keywords
	RolePosition           Role = "position"             // the wording's position: which of a clause's position wordings a document gets
)

// RoleInfo describes a role.
type RoleInfo struct {
	Role     Role
	Kinds    []Kind // the types a variable with the role may have
	Required bool   // every document template needs a variable with the role
	Purpose  string // what the engine uses it for
}

// Roles lists every role, in a fixed order.
var Roles = []RoleInfo{
	{RoleCustomerName, []Kind{KindText}, true, "the customer's name, for file names and the PDF's subject"},
	{RoleCustomerCountry, []Kind{KindCountry}, false, "the customer's country, for the transfer clauses' Member State"},
	{RoleProcessorName, []Kind{KindText}, false, "the processor's short name, which lint keeps out of clause text"},
	{RoleProcessorLegalName, []Kind{KindText}, true, "the processor's legal name, the PDF's author"},
	{RoleDate, []Kind{KindDate}, true, "the document's date, the PDF's date"},
	{RoleDateFormat, []Kind{KindEnum}, false, "how dates print"},
	{RoleJurisdiction, []Kind{KindJurisdiction}, true, "the jurisdiction, which chooses the checklists"},
	{RolePosition, []Kind{KindEnum}, false, "the position, which chooses between a clause's wordings (position: in its front matter)"},
}

// Info returns what the engine knows of r.
func (r Role) Info() (RoleInfo, bool) {
	for _, i := range Roles {
		if i.Role == r {
			return i, true
		}
	}
	return RoleInfo{}, false
}

func dateLayoutNames() []string {
	names := make([]string, 0, len(DateLayouts))
	for n := range DateLayouts {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func roleNames() string {
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r.Role)
	}
	return strings.Join(names, ", ")
}

// checkRole checks a declared role: known, and of a type it allows.
func checkRole(v *Var, r Role) error {
	info, ok := r.Info()
	if !ok {
		return fmt.Errorf("unknown role %q (want one of %s)", r, roleNames())
	}
	if !slices.Contains(info.Kinds, v.Kind) {
		return fmt.Errorf("role %s needs a variable of type %s, not %s", r, info.Kinds[0], v.Kind)
	}
	if r == RoleDateFormat {
		for _, val := range v.Values {
			if _, ok := DateLayouts[val]; !ok {
				return fmt.Errorf("role %s: value %q is not a date format (want %s)", r, val, strings.Join(dateLayoutNames(), ", "))
			}
		}
	}
	return nil
}

// RolePath returns the path of the variable with role r, if one has it.
func (s *Schema) RolePath(r Role) (string, bool) {
	p, ok := s.Roles[r]
	return p, ok
}

// Role returns the value in t of the variable with role r, or nil.
func (s *Schema) Role(t Tree, r Role) any {
	p, ok := s.Roles[r]
	if !ok {
		return nil
	}
	return t.Get(p)
}

// Get returns the value at a dotted path, or nil.
func (t Tree) Get(path string) any {
	var x any = map[string]any(t)
	for part := range strings.SplitSeq(path, ".") {
		var m map[string]any
		switch y := x.(type) {
		case Tree:
			m = y
		case map[string]any:
			m = y
		case Record:
			m = y
		default:
			return nil
		}
		x = m[part]
	}
	return x
}

// InGroupOf reports whether path is the variable with role r or shares its
// group: with customer-name on customer.name, every customer.* path. The
// form and the batch template put the customer's fields first with it.
func (s *Schema) InGroupOf(r Role, path string) bool {
	p, ok := s.Roles[r]
	if !ok {
		return false
	}
	if path == p {
		return true
	}
	i := strings.LastIndexByte(p, '.')
	return i > 0 && strings.HasPrefix(path, p[:i+1])
}
