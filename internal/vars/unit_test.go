package vars

import (
	"strings"
	"testing"
)

// TestUnit: an integer declares what it counts, for the form to show
// beside it; nothing else takes a unit.
func TestUnit(t *testing.T) {
	tests := []struct {
		name, yaml, unit, err string
	}{
		{"an integer's", "d:\n  type: integer\n  unit: days\n", "days", ""},
		{"none", "d:\n  type: integer\n", "", ""},
		{"a text's", "d:\n  type: text\n  unit: days\n", "", "unit belongs to an integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadSchema("variables.yaml", []byte(tt.yaml), nil, nil)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Vars["d"].Unit; got != tt.unit {
				t.Errorf("unit %q, want %q", got, tt.unit)
			}
		})
	}
}
