package rows

import (
	"io"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/vars"
	"go.yaml.in/yaml/v3"
)

// yamlReader reads a YAML list of mappings. YAML has no streaming form for
// one list, so the file is parsed whole, at most limitio.YAMLList bytes;
// use CSV or JSON Lines for very large batches.
type yamlReader struct {
	file   string
	items  []*yaml.Node
	schema *vars.Schema
	i      int
}

func newYAML(file string, r io.Reader, schema *vars.Schema) (*yamlReader, error) {
	data, err := limitio.ReadAll(r, file, limitio.YAMLList)
	if err != nil {
		return nil, err
	}
	root, err := vars.ParseYAML(file, data)
	if err != nil {
		return nil, err
	}
	if root == nil {
		return &yamlReader{file: file, schema: schema}, nil
	}
	if root.Kind != yaml.SequenceNode {
		return nil, diag.Errorf(file, root.Line, root.Column, "", "must be a list of rows, each a mapping of variables")
	}
	return &yamlReader{file: file, items: root.Content, schema: schema}, nil
}

func (s *yamlReader) Next() (Row, bool) {
	if s.i >= len(s.items) {
		return Row{}, false
	}
	item := s.items[s.i]
	s.i++
	set, meta, err := vars.ParseMapping(s.schema, s.file, 0, item)
	r := Row{N: s.i, Pos: Pos{Line: item.Line}, Set: set, Err: err}
	if meta.Variant != "" || meta.Template != "" {
		r.Err = diag.Errorf(s.file, item.Line, 0, "", "a row cannot choose the variant or template; give them to batch")
	}
	return r, true
}
