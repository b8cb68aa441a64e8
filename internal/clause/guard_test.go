package clause

import (
	"errors"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/funcs"
)

// hostile is a clause whose body, on line 7, is body.
func hostile(body string) string {
	return "---\nid: x\nversion: 1.0.0\ndescription: A clause.\ntitle: X\n---\n" + body + "\n"
}

// withAlts is a clause with the alternatives a and b whose body, on line
// 11, is body.
func withAlts(body string) string {
	return "---\nid: x\nversion: 1.0.0\ndescription: A clause.\nalternatives:\n  a:\n    title: A\n  b:\n    title: B\n---\n" + body + "\n"
}

// TestGuardRefusesLiteralCounts: a count written into a clause that asks
// for more than the bounds fails when the library loads, at the clause's
// file, line and column, with the bound that was passed.
func TestGuardRefusesLiteralCounts(t *testing.T) {
	for _, tc := range []struct {
		body  string
		col   int
		limit funcs.Limit
		fn    string
	}{
		{`{{ repeat 2000000000 "x" }}`, 4, funcs.LimitCount, "repeat"},
		{`Text {{ "x" | repeat 10001 }}`, 15, funcs.LimitCount, "repeat"},
		{`{{ repeat 10000 "` + strings.Repeat("x", 500) + `" }}`, 4, funcs.LimitResult, "repeat"},
		{`{{ range until 100000000 }}word {{ end }}`, 10, funcs.LimitCount, "until"},
		{`{{ 100000000 | until }}`, 16, funcs.LimitCount, "until"},
		{`{{ until -20000 }}`, 4, funcs.LimitCount, "until"},
		{`{{ untilStep 0 1000000 1 }}`, 4, funcs.LimitCount, "untilStep"},
		{`{{ untilStep 0 9223372036854775807 1 }}`, 4, funcs.LimitCount, "untilStep"},
		{`{{ seq 1000000 }}`, 4, funcs.LimitCount, "seq"},
		{`{{ seq 5 1 1000000 }}`, 4, funcs.LimitCount, "seq"},
		{`{{ indent 100000 "x" }}`, 4, funcs.LimitCount, "indent"},
		{`{{ nindent 100000 .x }}`, 4, funcs.LimitCount, "nindent"},
		{`{{ range 100000000 }}word {{ end }}`, 10, funcs.LimitCount, "range"},
		{`{{ range $i := 3000000 }}{{ $i }}{{ end }}`, 10, funcs.LimitCount, "range"},
		{`{{ printf "%2000000000d" 1 }}`, 4, funcs.LimitWidth, "printf"},
		{`{{ if true }}{{ with 1 }}{{ repeat 99999 "" }}{{ end }}{{ end }}`, 29, funcs.LimitCount, "repeat"},
		{`{{ print (repeat 20000 "x") }}`, 11, funcs.LimitCount, "repeat"},
	} {
		_, err := Parse("clauses/x.md", []byte(hostile(tc.body)), funcs.Map())
		var de *diag.Error
		var le *funcs.LimitError
		if !errors.As(err, &de) || !errors.As(err, &le) {
			t.Errorf("%s: got %v, want a positioned bound error", tc.body, err)
			continue
		}
		if de.File != "clauses/x.md" || de.Line != 7 || de.Col != tc.col || le.Limit != tc.limit || le.Func != tc.fn {
			t.Errorf("%s: got %s:%d:%d %v %q, want clauses/x.md:7:%d %v %q", tc.body, de.File, de.Line, de.Col, le.Limit, le.Func, tc.col, tc.limit, tc.fn)
		}
	}
}

// TestGuardAllows: counts within the bounds, and counts only known at
// execution, load.
func TestGuardAllows(t *testing.T) {
	for _, body := range []string{
		`{{ repeat 3 "x" }}`,
		`{{ range 10000 }}.{{ end }}`,
		`{{ range until 5 }}{{ . }}{{ end }}`,
		`{{ seq 1 2 10 }} {{ untilStep 0 10 2 }} {{ indent 4 "a" }}`,
		`{{ repeat .n "x" }} {{ until .n }} {{ printf "%5.2f" 1.5 }}`,
	} {
		if _, err := Parse("clauses/x.md", []byte(hostile(body)), funcs.Map()); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
	// One wording may include another.
	if _, err := Parse("clauses/x.md", []byte(withAlts(`{{ define "a" }}{{ template "b" }}{{ end }}{{ define "b" }}b{{ end }}`)), funcs.Map()); err != nil {
		t.Error(err)
	}
}

// TestGuardRefusesRecursion: a template that calls itself, directly or
// through another, is refused at the call that closes the cycle, rather
// than left to run 100,000 calls deep.
func TestGuardRefusesRecursion(t *testing.T) {
	for _, tc := range []struct {
		body string
		col  int
		name string
	}{
		{`{{ define "a" }}{{ template "a" }}{{ end }}{{ define "b" }}b{{ end }}`, 29, "a"},
		{`{{ define "a" }}{{ template "b" }}{{ end }}{{ define "b" }}{{ template "a" . }}{{ end }}`, 72, "a"},
	} {
		_, err := Parse("clauses/x.md", []byte(withAlts(tc.body)), funcs.Map())
		var de *diag.Error
		var le *funcs.LimitError
		if !errors.As(err, &de) || !errors.As(err, &le) || le.Limit != funcs.LimitRecursion {
			t.Errorf("%s: got %v, want a recursion error", tc.body, err)
			continue
		}
		if de.Line != 11 || de.Col != tc.col || le.Func != tc.name {
			t.Errorf("%s: got %d:%d %q, want 11:%d %q", tc.body, de.Line, de.Col, le.Func, tc.col, tc.name)
		}
	}
}

// TestGuardSteps: every template body and range body starts with a step,
// so a budget counts each call and iteration; the steps print nothing.
func TestGuardSteps(t *testing.T) {
	c, err := Parse("clauses/x.md", []byte(hostile(`{{ range until 3 }}a{{ range until 2 }}b{{ end }}{{ end }}`)), funcs.Map())
	if err != nil {
		t.Fatal(err)
	}
	b := funcs.NewBudget(funcs.Map(), funcs.Limits{Output: 100, Steps: 10, Work: 1 << 20, Timeout: 10 * time.Second})
	var out strings.Builder
	if err := b.Execute(c.Template(DefaultAlternative), &out, map[string]any{}, c.File); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != "abbabbabb" {
		t.Errorf("output %q", got)
	}
	// 1 body + 3 outer + 6 inner iterations = 10 steps: one more fails.
	b = funcs.NewBudget(funcs.Map(), funcs.Limits{Output: 100, Steps: 9, Work: 1 << 20, Timeout: 10 * time.Second})
	err = b.Execute(c.Template(DefaultAlternative), &out, map[string]any{}, c.File)
	var le *funcs.LimitError
	var de *diag.Error
	if !errors.As(err, &le) || le.Limit != funcs.LimitSteps || !errors.As(err, &de) || de.File != "clauses/x.md" || de.Line != 7 {
		t.Errorf("got %v, want the step bound at clauses/x.md:7", err)
	}
}

// TestGuardPrint: every action that prints is measured before it is
// formatted, so a list that shares a map grown after the list was built
// ({{ set }} changes the map in place) fails at the action that prints it,
// at its line and column, instead of text/template formatting 2^17 copies;
// values, missing ones and declarations print as they did.
func TestGuardPrint(t *testing.T) {
	body := `{{ $d := dict }}{{ $a := list $d }}{{ range until 17 }}{{ $a = list $a $a }}{{ end }}` +
		`{{ $_ := set $d "k" (repeat 100 "xxxxxxxxxx") }}{{ $a }}`
	c, err := Parse("clauses/x.md", []byte(hostile(body)), funcs.Map())
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	err = funcs.NewBudget(funcs.Map(), funcs.DefaultLimits).Execute(c.Template(DefaultAlternative), &out, map[string]any{}, c.File)
	var le *funcs.LimitError
	var de *diag.Error
	if !errors.As(err, &le) || le.Limit != funcs.LimitClause || !errors.As(err, &de) || de.Line != 7 || de.Col != len(body)-4 {
		t.Errorf("got %v, want the clause output bound at clauses/x.md:7:%d", err, len(body)-4)
	}
	if strings.TrimSpace(out.String()) != "" {
		t.Errorf("wrote %d bytes", out.Len())
	}

	c, err = Parse("clauses/x.md", []byte(hostile(`{{ $x := 1 }}{{ .name }}|{{ .none }}|{{ list 1 "a" }}|{{ $x }}{{ $x = 2 }}{{ $x }}`)), funcs.Map())
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := funcs.NewBudget(funcs.Map(), funcs.DefaultLimits).Execute(c.Template(DefaultAlternative), &out, map[string]any{"name": "Acme", "none": nil}, c.File); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSpace(out.String()), "Acme|<no value>|[1 a]|12"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}

// TestGuardCondition: a when: condition is one expression; text that
// closes the {{ if }} to loop, define or print is refused.
func TestGuardCondition(t *testing.T) {
	for _, tc := range []struct {
		cond string
		ok   bool
	}{
		{`.signature_block`, true},
		{`(eq .jurisdiction.code "eu")`, true},
		{`true}}{{range 100}}{{end}}{{end}}{{if true`, false},
		{`true}}{{end}}{{define "x"}}y{{end}}{{if true`, false},
		{`true}}2{{else}}1`, false},
		{`true}}{{range 10000}}{{range 10000}}{{end}}{{end}}1`, false},
		{`(repeat 2000000000 "x")`, false},
	} {
		text := "\n\n{{if " + tc.cond + "}}1{{end}}"
		tmpl, err := template.New("templates/documents/d.yaml").Funcs(funcs.Map()).Parse(text)
		if err != nil {
			t.Fatalf("%s: %v", tc.cond, err)
		}
		err = GuardCondition(tmpl, "templates/documents/d.yaml", text)
		if (err == nil) != tc.ok {
			t.Errorf("%s: got %v, want ok=%v", tc.cond, err, tc.ok)
		}
		var de *diag.Error
		if err != nil && (!errors.As(err, &de) || de.Line != 3) {
			t.Errorf("%s: got %v, want an error on line 3", tc.cond, err)
		}
	}
}
