package vars_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// TestJSONSchema compiles each template's JSON Schema with a JSON Schema
// validator and checks it against the variants and against bad values, so
// that editors and forms using the schema agree with the CLI.
func TestJSONSchema(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range lib.VariantNames() {
		v := lib.Variants[name]
		tmpl := lib.Templates[v.Meta.Template]
		t.Run(name, func(t *testing.T) {
			doc := vars.JSONSchema(tmpl.Schema, "https://clausemark.invalid/"+tmpl.ID+".schema.json", tmpl.Title, lib.VariantPaths(tmpl.ID))
			data, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			schemaDoc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
			if err != nil {
				t.Fatal(err)
			}
			c := jsonschema.NewCompiler()
			c.AssertFormat()
			if err := c.AddResource("schema.json", schemaDoc); err != nil {
				t.Fatal(err)
			}
			sch, err := c.Compile("schema.json")
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			raw, err := libraryFile(v.File)
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(yamlToJSON(t, raw)); err != nil {
				t.Errorf("variant %s does not validate against %s's schema: %v", name, tmpl.ID, err)
			}
			// A file that starts from the variant need not give what the
			// variant supplies; one that names no variant must give it all.
			if err := sch.Validate(yamlToJSON(t, []byte("variant: "+name+"\ncustomer:\n  name: Globex\n"))); err != nil {
				t.Errorf("a file starting from %s: %v", name, err)
			}
			if err := sch.Validate(yamlToJSON(t, []byte("customer:\n  name: Globex\n"))); err == nil || !strings.Contains(err.Error(), "missing propert") {
				t.Errorf("a file naming no variant and giving no processor: %v", err)
			}
			for _, bad := range []struct{ edit, want string }{
				{"deletion:\n  days: 0\n", "minimum"},
				{"deletion:\n  days: thirty\n", "integer"},
				{"jurisdiction: mars\n", "jurisdiction"},
				{"processor:\n  nmae: X\n", "nmae"},
			} {
				doc := yamlToJSON(t, append(append([]byte{}, raw...), []byte("\n"+bad.edit)...))
				if err := sch.Validate(doc); err == nil || !strings.Contains(err.Error(), bad.want) {
					t.Errorf("schema on %q: error %v, want one mentioning %q", bad.edit, err, bad.want)
				}
			}
		})
	}
}

func libraryFile(name string) ([]byte, error) { return clausemark.Library.ReadFile(name) }

// yamlToJSON decodes YAML (later keys win) into the generic JSON values the
// validator expects.
func yamlToJSON(t *testing.T, data []byte) any {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	return convert(n.Content[0])
}

func convert(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			v := convert(n.Content[i+1])
			if old, ok := m[k].(map[string]any); ok {
				if nv, ok := v.(map[string]any); ok {
					for kk, vv := range nv {
						old[kk] = vv
					}
					continue
				}
			}
			m[k] = v
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, convert(c))
		}
		return l
	}
	switch n.Tag {
	case "!!int", "!!float":
		var x json.Number = json.Number(n.Value)
		if _, err := x.Float64(); err == nil {
			return x
		}
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}
