package assemble_test

import (
	"errors"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/funcs"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// TestAssembleBounded: a clause whose work is only known when it runs
// (a count computed by a function, output past 4 MiB) stops the document
// with an error at the clause, instead of building gigabytes. The static
// cases ({{ repeat 2000000000 "x" }}) fail when the library loads: see
// the clause package's TestGuardRefusesLiteralCounts.
func TestAssembleBounded(t *testing.T) {
	const duration = "clauses/duration.md"
	for _, tc := range []struct {
		name, body string
		limit      funcs.Limit
		line       int
	}{
		{"computed count", `{{ repeat (atoi "2000000000") "x" }}`, funcs.LimitCount, 10},
		{"computed range", `{{ range until (atoi "100000000") }}word {{ end }}`, funcs.LimitCount, 10},
		{"nested ranges", `{{ range until 10000 }}{{ range until 10000 }}{{ end }}{{ end }}`, funcs.LimitSteps, 10},
		{"clause output", `{{ range until 3 }}{{ repeat 1000 (repeat 1000 "xxxx") }}{{ end }}`, funcs.LimitClause, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := librarytest.Copy(t)
			librarytest.Replace(t, m, duration, "{{ .processor.name }} will process", tc.body+"{{ .processor.name }} will process")
			lib, err := library.Load(m)
			if err != nil {
				t.Fatal(err)
			}
			r, err := lib.Resolve(library.Request{Variant: "opsium"}) // dpa-concise places duration
			if err != nil {
				t.Fatal(err)
			}
			doc, err := assemble.Assemble(r)
			var le *funcs.LimitError
			var de *diag.Error
			if doc != nil || !errors.As(err, &le) || !errors.As(err, &de) {
				t.Fatalf("got %v, want a bound error", err)
			}
			if le.Limit != tc.limit || de.File != duration || de.Line != tc.line {
				t.Errorf("got %v at %s:%d (%v), want bound %v at %s:%d", le.Limit, de.File, de.Line, err, tc.limit, duration, tc.line)
			}
		})
	}
}
