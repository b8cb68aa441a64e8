package rows

import (
	"fmt"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
)

// readHeader maps a header row's cells to the template's variables,
// reporting every unknown or repeated one. delim, when not 0, is the CSV
// delimiter, for the hint that a cell holds another.
func readHeader(file string, head []string, schema *vars.Schema, delim rune) ([]*vars.Var, error) {
	var errs diag.List
	seen := map[string]int{}
	var header []*vars.Var
	for i, h := range head {
		path := strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		v := schema.Vars[path]
		if v == nil {
			errs.Add(diag.Errorf(file, 1, i+1, path, "column names no variable of this template (run 'clausemark vars TEMPLATE')%s", headerHint(path, schema, delim)))
		}
		if j, dup := seen[path]; dup {
			errs.Add(diag.Errorf(file, 1, i+1, path, "column repeats column %d", j))
		}
		seen[path] = i + 1
		header = append(header, v)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return header, nil
}

// headerHint says what a header cell that names no variable may have
// meant: another delimiter than the one the line is read with, or the
// closest variable.
func headerHint(path string, schema *vars.Schema, delim rune) string {
	for _, d := range Delimiters {
		if delim != 0 && d != delim && strings.ContainsRune(path, d) {
			return fmt.Sprintf("; the line is read as separated by %s, but this column holds %s: give --delimiter to say which", delimiterName(delim), delimiterName(d))
		}
	}
	if m := vars.Closest(path, schema.Paths()); m != "" {
		return fmt.Sprintf("; did you mean %q?", m)
	}
	return ""
}
