package library

import (
	"errors"
	"io/fs"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"go.yaml.in/yaml/v3"
)

// NamesFile lists the capitalized words and phrases that are names rather
// than defined terms, for the defined-terms check.
const NamesFile = "templates/terms.yaml"

// loadNames reads the names from fsys. A library without the file has none.
func loadNames(fsys fs.FS) ([]string, error) {
	data, err := fs.ReadFile(fsys, NamesFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &diag.Error{File: NamesFile, Err: err}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, diag.YAML(NamesFile, 0, err)
	}
	var names []string
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, diag.Errorf(NamesFile, root.Line, root.Column, "", "want a mapping with a list under names:")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "names" {
			return nil, diag.Errorf(NamesFile, k.Line, k.Column, "", "unknown key %q (want names)", k.Value)
		}
		if v.Kind != yaml.SequenceNode {
			return nil, diag.Errorf(NamesFile, v.Line, v.Column, "", "names must be a list of names")
		}
		for _, item := range v.Content {
			name := strings.TrimSpace(item.Value)
			if item.Kind != yaml.ScalarNode || name == "" {
				return nil, diag.Errorf(NamesFile, item.Line, item.Column, "", "each name must be a non-empty string")
			}
			names = append(names, name)
		}
	}
	return names, nil
}
