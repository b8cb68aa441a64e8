package vars

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// JSONSchema describes the values of s as a JSON Schema (draft 2020-12), so
// that editors and forms can check a variables file as it is written. The
// schema describes complete values, and for a file that names a variant,
// what that variant leaves to the file. Conditions between variables
// (required_if) are stated in the descriptions only.
//
// variants maps each variant of the template to the paths it supplies: a
// file that names one (variant: ojoo) need not give what it supplies, so
// for each the required lists are those of the paths it leaves to the
// file, under if/then; a file that names none must give them all.
func JSONSchema(s *Schema, id, title string, variants map[string][]string) map[string]any {
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
	}
	none := requiredSkeleton(s, nil)
	var rules []any
	for _, name := range slices.Sorted(maps.Keys(variants)) {
		rules = append(rules, map[string]any{
			"if":   map[string]any{"required": []string{"variant"}, "properties": map[string]any{"variant": map[string]any{"const": name}}},
			"then": requiredSkeleton(s, variants[name]),
		})
	}
	if len(rules) == 0 {
		maps.Copy(root, none) // no variant: the required lists apply as they are
		return root
	}
	rules = append(rules, map[string]any{"if": map[string]any{"not": map[string]any{"required": []string{"variant"}}}, "then": none})
	root["allOf"] = rules
	return root
}

// requiredSkeleton is a schema of only the required lists: of every
// required variable without a default, except those in supplied, each
// in the object that holds it.
func requiredSkeleton(s *Schema, supplied []string) map[string]any {
	root := map[string]any{}
	for _, p := range s.Paths() {
		v := s.Vars[p]
		if !v.Required || v.Default != nil || slices.Contains(supplied, p) {
			continue
		}
		node := root
		parts := strings.Split(p, ".")
		for _, part := range parts[:len(parts)-1] {
			props, _ := node["properties"].(map[string]any)
			if props == nil {
				props = map[string]any{}
				node["properties"] = props
			}
			child, _ := props[part].(map[string]any)
			if child == nil {
				child = map[string]any{}
				props[part] = child
			}
			node = child
		}
		req, _ := node["required"].([]string)
		node["required"] = append(req, parts[len(parts)-1])
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
