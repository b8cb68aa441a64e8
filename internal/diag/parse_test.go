package diag

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestYAMLInTab: a YAML error about a tab says so, in the parser's words
// or, where it has none ("cannot start any token"), in ours; any other
// keeps the parser's words alone.
func TestYAMLInTab(t *testing.T) {
	for _, tc := range []struct {
		data string
		line int
		tab  bool
	}{
		{"customer:\n\tname: Globex\n", 2, true},
		{"customer:\n  name: Globex\n\tcountry: DE\n", 3, true},
		{"customer:\n  name: [Globex\n", 0, false},
		{"a: b\nc: @d\n", 2, false},
	} {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(tc.data), &n)
		if err == nil {
			t.Fatalf("%q parses", tc.data)
		}
		e := YAMLIn("v.yaml", []byte(tc.data), err)
		if got := strings.Contains(e.Error(), "tab"); got != tc.tab {
			t.Errorf("%q: %v; says tab %v, want %v", tc.data, e, got, tc.tab)
		}
		if tc.line > 0 && e.Line == 0 {
			t.Errorf("%q: %v has no line", tc.data, e)
		}
	}
}
