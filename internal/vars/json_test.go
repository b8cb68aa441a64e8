package vars

import (
	"errors"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestParseJSON(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		check func(t *testing.T, n *yaml.Node)
		err   string // substring of the error; empty for success
		line  int    // error line, when err is set
		col   int
	}{
		{name: "escaped slash", in: `{"a": "x\/y"}`, check: func(t *testing.T, n *yaml.Node) {
			if got := n.Content[1].Value; got != "x/y" {
				t.Errorf("value %q, want x/y", got)
			}
		}},
		{name: "surrogate pair", in: `{"a": "\ud83d\ude00"}`, check: func(t *testing.T, n *yaml.Node) {
			if got := n.Content[1].Value; got != "😀" {
				t.Errorf("value %q, want 😀", got)
			}
		}},
		{name: "long key", in: `{"` + strings.Repeat("k", 2000) + `": 1}`, check: func(t *testing.T, n *yaml.Node) {
			if got := len(n.Content[0].Value); got != 2000 {
				t.Errorf("key length %d, want 2000", got)
			}
		}},
		{name: "positions", in: "{\n  \"a\": {\n    \"b\": [1, true, null]\n  }\n}", check: func(t *testing.T, n *yaml.Node) {
			b := n.Content[1].Content[0]
			if b.Line != 3 || b.Column != 5 {
				t.Errorf("key b at %d:%d, want 3:5", b.Line, b.Column)
			}
			list := n.Content[1].Content[1]
			if list.Kind != yaml.SequenceNode || len(list.Content) != 3 {
				t.Fatalf("list %v", list)
			}
			if it := list.Content[1]; it.Line != 3 || it.Column != 14 || it.Tag != "!!bool" {
				t.Errorf("true at %d:%d tag %s, want 3:14 !!bool", it.Line, it.Column, it.Tag)
			}
		}},
		{name: "column counts characters", in: `{"é": "ü", "b": 2}`, check: func(t *testing.T, n *yaml.Node) {
			if b := n.Content[2]; b.Column != 12 {
				t.Errorf("key b at column %d, want 12", b.Column)
			}
		}},
		{name: "yaml is not json", in: `a: b`, err: "malformed JSON", line: 1, col: 1},
		{name: "single quotes", in: `{'a': 1}`, err: "malformed JSON", line: 1, col: 2},
		{name: "trailing value", in: `{"a": 1} {"b": 2}`, err: "more than one JSON value", line: 1, col: 10},
		{name: "duplicate key", in: "{\"a\": 1,\n \"a\": 2}", err: `duplicate key "a"`, line: 2, col: 2},
		{name: "unclosed", in: `{"a": [1, 2`, err: "unexpected end of input"},
		{name: "too deep", in: strings.Repeat("[", 40) + strings.Repeat("]", 40), err: "nested deeper than 32", line: 1, col: 33},
		{name: "invalid utf-8", in: "{\"a\": \"x\xff\"}", err: "invalid UTF-8", line: 1, col: 9},
		{name: "empty", in: ``, err: "unexpected end of input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseJSON([]byte(tt.in))
			if tt.err == "" {
				if err != nil {
					t.Fatalf("ParseJSON: %v", err)
				}
				tt.check(t, n)
				return
			}
			var je *JSONError
			if !errors.As(err, &je) {
				t.Fatalf("error %v (%T), want *JSONError", err, err)
			}
			if !strings.Contains(je.Msg, tt.err) {
				t.Errorf("error %q, want it to contain %q", je.Msg, tt.err)
			}
			if tt.line != 0 && (je.Line != tt.line || je.Col != tt.col) {
				t.Errorf("error at %d:%d, want %d:%d", je.Line, je.Col, tt.line, tt.col)
			}
		})
	}
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"a": "x\/y"}`, `{"a": [1, {"b": null}]}`, `[[[[`, `{"a":1,"a":2}`, "\"\xff\"", `{"é": "\ud83d\ude00"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseJSON([]byte(s))
		if err == nil && n == nil {
			t.Fatal("nil node without an error")
		}
	})
}
