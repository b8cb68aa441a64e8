package vars

import (
	"fmt"
	"strings"
)

// JSONSchema describes the values of s as a JSON Schema (draft 2020-12), so
// that editors and forms can check a variables file as it is written. The
// schema describes complete values: a variables file that starts from a
// variant may leave out what the variant gives. Conditions between
// variables (required_if) are stated in the descriptions only.
func JSONSchema(s *Schema, id, title string) map[string]any {
	root := object()
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	if id != "" {
		root["$id"] = id
	}
	if title != "" {
		root["title"] = title
	}
	props := root["properties"].(map[string]any)
	props["variant"] = map[string]any{"type": "string", "description": "Name of the variant these values start from."}
	props["template"] = map[string]any{"type": "string", "description": "Id of the document template."}
	for _, p := range s.Paths() {
		v := s.Vars[p]
		parent := root
		parts := strings.Split(p, ".")
		for _, part := range parts[:len(parts)-1] {
			pp := parent["properties"].(map[string]any)
			child, ok := pp[part].(map[string]any)
			if !ok {
				child = object()
				pp[part] = child
			}
			parent = child
		}
		leaf := parts[len(parts)-1]
		parent["properties"].(map[string]any)[leaf] = varSchema(v)
		if v.Required && v.Default == nil {
			req, _ := parent["required"].([]string)
			parent["required"] = append(req, leaf)
		}
	}
	return root
}

func object() map[string]any {
	return map[string]any{"type": "object", "properties": map[string]any{}, "additionalProperties": false}
}

func varSchema(v *Var) map[string]any {
	m := map[string]any{}
	if v.Description != "" {
		desc := v.Description
		for p, want := range v.RequiredIf {
			desc += fmt.Sprintf(" Required when %s is %v.", p, want)
		}
		m["description"] = desc
	}
	if v.Example != "" {
		m["examples"] = []string{v.Example}
	}
	switch v.Kind {
	case KindText:
		m["type"] = "string"
		if v.Min != nil {
			m["minLength"] = *v.Min
		}
		m["maxLength"] = int64(maxTextLen)
		if v.Max != nil && *v.Max < maxTextLen {
			m["maxLength"] = *v.Max
		}
		m["pattern"] = `^[^\x00-\x1f\x7f]*$`
		if v.Format == "email" {
			m["format"] = "email"
		}
	case KindInteger:
		m["type"] = "integer"
		if v.Min != nil {
			m["minimum"] = *v.Min
		}
		if v.Max != nil {
			m["maximum"] = *v.Max
		}
	case KindAmount:
		m["anyOf"] = []any{
			map[string]any{"type": "number", "exclusiveMinimum": 0},
			map[string]any{"type": "string", "pattern": `^[0-9][0-9,]*(\.[0-9]{1,2})?$`},
		}
	case KindDate:
		m["type"] = "string"
		m["format"] = "date"
	case KindEnum, KindJurisdiction:
		m["enum"] = v.Values
	case KindCountry:
		m["type"] = "string"
		m["examples"] = []string{"DE", "Germany"}
	case KindBool:
		m["type"] = "boolean"
	case KindList:
		m["type"] = "array"
		if v.Items != nil {
			m["items"] = varSchema(v.Items)
		} else {
			item := object()
			props := item["properties"].(map[string]any)
			var req []string
			for _, f := range v.Fields {
				props[f.Path] = varSchema(f)
				if f.Required {
					req = append(req, f.Path)
				}
			}
			if len(req) > 0 {
				item["required"] = req
			}
			m["items"] = item
		}
	}
	if v.Default != nil {
		switch d := v.Default.(type) {
		case Int:
			m["default"] = int64(d)
		case bool:
			m["default"] = d
		case Date:
			m["default"] = d.ISO()
		case Text:
			m["default"] = string(d)
		default:
			if s, ok := d.(interface{ String() string }); ok {
				m["default"] = s.String()
			}
		}
	}
	return m
}
