package vars_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

func fullSchema(t *testing.T) *vars.Schema {
	t.Helper()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	return lib.Templates["dpa-full"].Schema
}

// TestVarNamed: a variable is found by its path, its label or its label
// after its group, in any case and punctuation; a near miss suggests the
// closest name.
func TestVarNamed(t *testing.T) {
	s := fullSchema(t)
	for _, tc := range []struct{ name, want string }{
		{"customer.name", "customer.name"},
		{"Customer name", "customer.name"},
		{"CUSTOMER_NAME", "customer.name"},
		{"Deletion period", "deletion.days"},
		{"Terms: deletion period", "deletion.days"},
		{"Contact’s e-mail", "customer.contact.email"},
		{"Governing law", "jurisdiction"},
		{"Deletion perod", `error: "Deletion perod" names no variable of this template (run 'clausemark vars TEMPLATE'); did you mean "Deletion period"?`},
		{"", `error: "" names no variable of this template (run 'clausemark vars TEMPLATE')`},
	} {
		v, err := s.VarNamed(tc.name)
		got := ""
		if err != nil {
			got = "error: " + err.Error()
			if !errors.Is(err, vars.ErrUnknown) {
				t.Errorf("%q: %v is no ErrUnknown", tc.name, err)
			}
		} else {
			got = v.Path
		}
		if got != tc.want {
			t.Errorf("%q: %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestParseLabelled: an enum or a jurisdiction takes its value in any
// case, or its label as the form shows it; a value that is neither lists
// the values with their labels and the closest.
func TestParseLabelled(t *testing.T) {
	s := fullSchema(t)
	for _, tc := range []struct{ path, text, want string }{
		{"jurisdiction", "Ireland", "ie"},
		{"jurisdiction", "ireland", "ie"},
		{"jurisdiction", "IE", "ie"},
		{"jurisdiction", "European Union", "eu"},
		{"jurisdiction", "the Netherlands", "nl"},
		{"transfer.frequency", "Once", "one-off"},
		{"liability.cap.basis", "a fixed amount", "amount"},
		{"position", "As published by Ojoo", "house"},
		{"liability.cap.currency", "eur", "EUR"},
		{"deletion.days", "30", "30"},
		{"jurisdiction", "Irland", `error: must be one of au (Australia), br (Brazil), ca (Canada), ch (Switzerland), de (Germany), eu (The European Union), fr (France), ie (Ireland), in (India), nl (The Netherlands), uk (The United Kingdom), us-ca (California), got "Irland" (did you mean "Ireland"?)`},
		{"position", "As published by", `error: must be one of house, balanced (Balanced (GDPR Art. 28 complete)), got "As published by"`},
	} {
		x, err := s.ParseLabelled(s.Vars[tc.path], tc.text, nil)
		got := fmt.Sprint(vars.Plain(x))
		if err != nil {
			got = "error: " + err.Error()
		}
		if got != tc.want {
			t.Errorf("%s=%q: %s, want %s", tc.path, tc.text, got, tc.want)
		}
	}
	// A label naming a variable reads as the form shows it.
	cs := s.Choices(s.Vars["position"], func(p string) any { return map[string]any{"processor.name": "Ojoo"}[p] })
	if got := fmt.Sprint(cs); !strings.Contains(got, "{house As published by Ojoo}") {
		t.Errorf("choices %s", got)
	}
}
