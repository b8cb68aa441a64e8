package vars

import (
	"bytes"
	"errors"
	"io"

	"go.yaml.in/yaml/v3"

	"github.com/clausemark/clausemark/internal/diag"
)

// ParseYAML reads data as exactly one YAML document and returns its root
// node (nil for an empty document). It refuses what YAML allows but a
// variables file has no use for, each with its line and column: a second
// document, a key given twice in one mapping (a second "variant:" among
// them), anchors and aliases (which also rules out alias bombs), and tags
// other than YAML's plain types, such as !!binary.
func ParseYAML(file string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, diag.YAMLIn(file, data, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, diag.YAMLIn(file, data, err)
	default:
		return nil, diag.Errorf(file, next.Line, next.Column, "", "holds a second YAML document (after ---); a file holds one")
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	var errs diag.List
	checkNode(file, doc.Content[0], &errs, 0)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return doc.Content[0], nil
}

// plainTags are the tags YAML gives plain values, and the only ones a
// variables file may carry.
var plainTags = map[string]bool{"!!str": true, "!!int": true, "!!float": true, "!!bool": true, "!!null": true, "!!map": true, "!!seq": true, "!!timestamp": true, "": true}

// maxYAMLDepth bounds nesting: variables nest a few levels deep.
const maxYAMLDepth = 32

func checkNode(file string, n *yaml.Node, errs *diag.List, depth int) {
	if len(*errs) >= 20 {
		return // enough to act on
	}
	if depth > maxYAMLDepth {
		errs.Add(diag.Errorf(file, n.Line, n.Column, "", "nested deeper than %d levels", maxYAMLDepth))
		return
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		errs.Add(diag.Errorf(file, n.Line, n.Column, "", "anchors and aliases (& and *) are not supported; write the value out"))
		return
	}
	if !plainTags[n.ShortTag()] {
		errs.Add(diag.Errorf(file, n.Line, n.Column, "", "tag %s is not supported; write a plain value", diag.Quote(n.Tag)))
		return
	}
	if n.Kind == yaml.MappingNode {
		seen := make(map[string]int, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if first, dup := seen[k.Value]; dup && k.Kind == yaml.ScalarNode {
				errs.Add(diag.Errorf(file, k.Line, k.Column, "", "key %s is given twice (first on line %d)", diag.Quote(k.Value), first))
			} else {
				seen[k.Value] = k.Line
			}
		}
	}
	for _, c := range n.Content {
		checkNode(file, c, errs, depth+1)
	}
}
