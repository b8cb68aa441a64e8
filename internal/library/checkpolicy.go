package library

import (
	"fmt"

	"github.com/clausemark/clausemark/internal/diag"
	"go.yaml.in/yaml/v3"
)

// The house's check policy, library.yaml's check: key.
const (
	// CheckNotes is the default: the check's problems are notes beside
	// the document, never blocking its issue.
	CheckNotes = "notes"
	// CheckRequired: a document the check finds problems in is not
	// issued: the form's downloads and the API's render refuse it, and
	// render -o and batch refuse it unless --no-check overrides.
	CheckRequired = "required"
)

// CheckPolicy is what library.yaml's check: key says, and where.
type CheckPolicy struct {
	Mode string // CheckNotes or CheckRequired
	File string // where it is set; "" for the default
	Line int
}

// Required reports whether the check must pass for a document to be
// issued.
func (p CheckPolicy) Required() bool { return p.Mode == CheckRequired }

// Where names the setting: "templates/library.yaml:5: check: required".
func (p CheckPolicy) Where() string {
	return fmt.Sprintf("%s:%d: check: %s", p.File, p.Line, p.Mode)
}

// parseCheckPolicy reads the check: key of library.yaml's data.
func parseCheckPolicy(file string, data []byte) (CheckPolicy, error) {
	pol := CheckPolicy{Mode: CheckNotes}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return pol, nil // reported as the file's name and version
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Value != "check" {
			continue
		}
		if v.Kind != yaml.ScalarNode || (v.Value != CheckNotes && v.Value != CheckRequired) {
			return pol, diag.Errorf(file, v.Line, v.Column, "", "check: want %s (the check's problems are notes beside the document, the default) or %s (a document the check finds problems in is not issued), got %s",
				CheckNotes, CheckRequired, nodeText(v))
		}
		pol = CheckPolicy{Mode: v.Value, File: file, Line: v.Line}
	}
	return pol, nil
}

// nodeText is a node's value as written, quoted, or its kind for a
// mapping or list.
func nodeText(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return diag.Quote(n.Value)
}
