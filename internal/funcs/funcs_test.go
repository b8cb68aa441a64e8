package funcs

import (
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"text/template"

	"github.com/clausemark/clausemark/internal/vars"
)

// TestExamples executes each function as a template author writes it.
func TestExamples(t *testing.T) {
	amount, err := vars.ParseAmount("2500000")
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{
		"days":   vars.Int(45),
		"one":    vars.Int(1),
		"amount": amount,
		"cur":    vars.Enum("EUR"),
		"items":  []any{vars.Text("a"), vars.Text("b"), vars.Text("c")},
		"two":    []any{vars.Text("x"), vars.Text("y")},
		"empty":  vars.Text(""),
		"none":   nil,
		"list0":  []any{},
		"md":     []any{vars.Text("*A*"), vars.Text("B_C")},
	}
	for _, tc := range []struct{ tmpl, want string }{
		{`{{ words 5 }}`, "five (5)"},
		{`{{ .days.Words }}`, "forty-five (45)"},
		{`{{ money .amount .cur }}`, "EUR 2,500,000"},
		{`{{ serial .items }}`, "a, b, and c"},
		{`{{ serial .two }}`, "x and y"},
		{`{{ serialOr .items }}`, "a, b, or c"},
		{`{{ serial .md }}`, `\*A\* and B\_C`},
		{`{{ plural .days "day" "days" }}`, "days"},
		{`{{ plural .one "day" "days" }}`, "day"},
		{`{{ hasValue .empty }} {{ hasValue .none }} {{ hasValue .list0 }} {{ hasValue .items }}`, "false false false true"},
		{`{{ capfirst "the courts of Ireland" }}`, "The courts of Ireland"},
		{`{{ capfirst "élan" }}`, "Élan"},
		{`{{ capfirst "" }}`, ""},
		{`{{ ref "deletion" }}`, RefOpen + "deletion" + RefClose},
		{`{{ refShort "deletion" }}`, RefOpen + "deletion" + RefShortSuffix + RefClose},
		{`{{ ref "deletion" "2(2)(b)" }}`, RefOpen + "deletion" + RefPlaceSep + "2(2)(b)" + RefClose},
		{`{{ refShort "deletion" "(3)" }}`, RefOpen + "deletion" + RefShortSuffix + RefPlaceSep + "(3)" + RefClose},
		{`{{ "a-b" | upper }}`, "A-B"},
	} {
		tmpl, err := template.New("t").Funcs(Map()).Parse(tc.tmpl)
		if err != nil {
			t.Fatalf("%s: %v", tc.tmpl, err)
		}
		var b strings.Builder
		if err := tmpl.Execute(&b, data); err != nil {
			t.Fatalf("%s: %v", tc.tmpl, err)
		}
		if b.String() != tc.want {
			t.Errorf("%s = %q, want %q", tc.tmpl, b.String(), tc.want)
		}
	}
}

// TestNoNondeterminism checks that the functions reading the clock, the
// environment, randomness or the network are not available to templates.
func TestNoNondeterminism(t *testing.T) {
	m := Map()
	for _, name := range []string{"now", "env", "expandenv", "randAlpha", "uuidv4", "getHostByName", "genPrivateKey", "shuffle"} {
		if _, ok := m[name]; ok {
			t.Errorf("%s is available to templates", name)
		}
		if _, err := template.New("t").Funcs(m).Parse("{{ " + name + " }}"); err == nil {
			t.Errorf("a template calling %s parses", name)
		}
	}
}

// TestMapOf: MapOf holds the functions named that Map holds, with the
// same types, bounded the same way, and nothing else but StepFunc and
// PrintFunc; what Map leaves out, MapOf does too.
func TestMapOf(t *testing.T) {
	all := Map()
	names := []string{"upper", "repeat", "ref", "money", "printf", "now", "env", "nosuch"}
	m := MapOf(names...)
	want := []string{"money", "printf", "ref", "repeat", "upper", PrintFunc, StepFunc}
	got := slices.Sorted(maps.Keys(m))
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("MapOf(%q) holds %q, want %q", names, got, want)
	}
	for name, fn := range m {
		if a, b := reflect.TypeOf(fn), reflect.TypeOf(all[name]); a != b {
			t.Errorf("%s: MapOf's is a %v, Map's a %v", name, a, b)
		}
	}
	tmpl := template.Must(template.New("t").Funcs(m).Parse(`{{ repeat 100001 "x" }}`))
	if err := tmpl.Execute(io.Discard, nil); err == nil {
		t.Error("MapOf's repeat is not bounded")
	}
	var out strings.Builder
	tmpl = template.Must(template.New("t").Funcs(m).Parse(`{{ upper "dpa" }}`))
	if err := tmpl.Execute(&out, nil); err != nil || out.String() != "DPA" {
		t.Errorf("MapOf's upper gives %q, %v", out.String(), err)
	}
}

// TestTypedValuesThroughSprig: Sprig's string functions take typed values,
// and a value's Markdown and template characters stay escaped, whichever
// function it passes through; the unescaped text cannot be reached.
func TestTypedValuesThroughSprig(t *testing.T) {
	const hostile = "{{ .x }} & *Stars* _Ltd_"
	amount, _ := vars.ParseAmount("1000")
	data := map[string]any{"name": vars.Text(hostile), "days": vars.Int(30), "amount": amount, "basis": vars.Enum("fees")}
	esc := vars.EscapeMarkdown
	for _, tc := range []struct{ tmpl, want string }{
		{`{{ .name }}`, esc(hostile)},
		{`{{ upper .name }}`, esc(strings.ToUpper(hostile))},
		{`{{ .name | lower }}`, esc(strings.ToLower(hostile))},
		{`{{ title .name }}`, esc("{{ .X }} & *Stars* _Ltd_")},
		{`{{ trim .name }}`, esc(hostile)},
		{`{{ replace "Ltd" "Limited" .name }}`, esc("{{ .x }} & *Stars* _Limited_")},
		{`{{ trunc 10 .name }}`, esc(hostile[:10])},
		{`{{ .name | trimSuffix "_" }}`, esc(strings.TrimSuffix(hostile, "_"))},
		{`{{ default "none" .name }}`, esc(hostile)},
		{`{{ cat .name "GmbH" }}`, esc(hostile + " GmbH")},
		{`{{ printf "%s" .name }}`, esc(hostile)},
		{`{{ contains "Stars" .name }}`, "true"},
		{`{{ hasPrefix "{{" .name }}`, "true"},
		{`{{ upper .basis }}`, "FEES"},
		{`{{ repeat 2 .days }}`, "3030"},
		{`{{ upper "plain *text*" }}`, "PLAIN *TEXT*"}, // library text is Markdown as written
		{`{{ if eq (lower .name) (lower .name) }}same{{ end }}`, "same"},
	} {
		tmpl, err := template.New("t").Funcs(Map()).Parse(tc.tmpl)
		if err != nil {
			t.Fatalf("%s: %v", tc.tmpl, err)
		}
		var b strings.Builder
		if err := tmpl.Execute(&b, data); err != nil {
			t.Errorf("%s: %v", tc.tmpl, err)
			continue
		}
		if b.String() != tc.want {
			t.Errorf("%s = %q, want %q", tc.tmpl, b.String(), tc.want)
		}
	}
	// The unescaped text has no name a template can call.
	tmpl := template.Must(template.New("t").Funcs(Map()).Parse(`{{ .name.Raw }}`))
	if err := tmpl.Execute(&strings.Builder{}, data); err == nil {
		t.Error("a template reached the unescaped text through .Raw")
	}
}

// TestRefPlace checks the places a reference may name within a clause,
// and that any other is refused at the call, with what a place is.
func TestRefPlace(t *testing.T) {
	for _, tc := range []struct {
		at string
		ok bool
	}{
		{"2", true}, {"2.1", true}, {"(3)", true}, {"2(2)(b)", true}, {"(b)(iv)(A)", true}, {"12.2(10)", true},
		{"", false}, {"()", false}, {"2.", false}, {".2", false}, {"2(", false}, {"(2", false}, {"(2)x", false},
		{"(b c)", false}, {"a", false}, {"2(2))", false}, {"(é)", false},
	} {
		if got := ValidPlace(tc.at); got != tc.ok {
			t.Errorf("ValidPlace(%q) = %v, want %v", tc.at, got, tc.ok)
		}
	}
	for _, tmpl := range []string{`{{ ref "deletion" "2 b" }}`, `{{ ref "deletion" "2" "b" }}`, `{{ refShort "deletion" "" }}`} {
		tp := template.Must(template.New("t").Funcs(Map()).Parse(tmpl))
		err := tp.Execute(io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), "deletion") {
			t.Errorf("%s: error %v, want one naming the reference", tmpl, err)
		}
	}
}
