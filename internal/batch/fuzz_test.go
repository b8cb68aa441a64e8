package batch

import (
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
)

// FuzzSources feeds arbitrary data to the CSV, JSON Lines and YAML
// readers: rows may be bad, but reading never panics and always ends.
func FuzzSources(f *testing.F) {
	f.Add("customer.name,deletion.days\nA,1\n\"B,2\nC,x,y\n")
	f.Add("{\"customer\": {\"name\": \"A\"}}\n{bad\n")
	f.Add("- customer: {name: A}\n- 5\n")
	// Seeds from bugs: an unclosed quote, YAML where JSON is due, JSON
	// that YAML misreads, a duplicate key, a blank line between records.
	f.Add("customer.name\nA\n\"B\nC\n")
	f.Add("customer: {name: B}\n{\"customer\": {\"name\": \"C\\/D \\ud83d\\ude00\"}}\n")
	f.Add("{\"a\": 1, \"a\": 2}\n\n{\"customer\": {\"name\": \"E\"}}")
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		f.Fatal(err)
	}
	schema := lib.Templates["dpa-full"].Schema
	f.Fuzz(func(t *testing.T, data string) {
		for _, kind := range []string{CSV, JSONL, YAML} {
			src, err := newSource(kind, "data", strings.NewReader(data), schema, 0)
			if err != nil {
				continue
			}
			for i := 0; ; i++ {
				if i > len(data)+1 {
					t.Fatalf("%s: more rows than bytes", kind)
				}
				if _, ok := src.next(); !ok {
					break
				}
			}
		}
	})
}
