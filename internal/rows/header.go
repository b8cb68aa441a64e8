package rows

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
)

// ExampleColumn is the header of the column that marks a template's
// example row: a row with yes in it is passed over unless
// Options.IncludeExample is set.
const ExampleColumn = "example"

// column is what one header cell of a CSV or a workbook names: a
// variable, one item of a list (or one field of it), or the example
// marker.
type column struct {
	header  string    // as written, for messages
	v       *vars.Var // the variable; for a numbered column, the list
	item    int       // a numbered column's item, from 1; 0 for a whole variable
	field   *vars.Var // a numbered column's field, in a list of objects; nil otherwise
	example bool      // the column marking the example row
	given   bool      // an empty cell gives the variable empty (Options.Given)
}

// markGiven marks the whole-variable columns of the paths in given (see
// Options.Given).
func markGiven(cols []column, given []string) {
	for i, c := range cols {
		if c.v != nil && c.item == 0 && !c.example && slices.Contains(given, c.v.Path) {
			cols[i].given = true
		}
	}
}

// target is the variable a cell of the column converts to: the
// variable, a list's field, or a list's item.
func (c column) target() *vars.Var {
	switch {
	case c.field != nil:
		return c.field
	case c.item > 0:
		return c.v.Items
	}
	return c.v
}

// same reports whether two columns give the same value.
func (c column) same(d column) bool {
	return c.v == d.v && c.item == d.item && c.field == d.field && c.example == d.example
}

// readHeader maps a header row's cells to the template's variables (see
// nameColumn), reporting every cell that names none, and every repeated
// one. row is the header's row in the sheet. delim, when not 0, is the
// CSV delimiter, for the hint that a cell holds another.
func readHeader(file string, row int, head []string, schema *vars.Schema, delim rune) ([]column, error) {
	var errs diag.List
	cols := make([]column, len(head))
	bad := func(i int, format string, args ...any) {
		pos := Pos{Line: row, Row: row, Col: colName(i + 1), Header: cols[i].header}
		errs.Add(&diag.Error{File: file, Err: &CellError{Pos: pos, Err: fmt.Errorf(format, args...)}})
	}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		cols[i].header = h
		c, err := nameColumn(h, schema)
		if err != nil {
			bad(i, "%v%s", err, delimiterHint(h, delim))
			continue
		}
		cols[i] = c
		for j := range i {
			switch d := cols[j]; {
			case d.same(c):
				bad(i, "repeats column %s (%s)", colName(j+1), d.header)
			case d.v != nil && d.v == c.v && (d.item == 0) != (c.item == 0):
				bad(i, "gives %s item by item, and column %s (%s) gives it whole: keep one or the other", c.v.Path, colName(j+1), d.header)
			default:
				continue
			}
			break
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return cols, nil
}

// nameColumn reads one header cell: the example marker, a variable by
// its path, its label or its label after its group, in any case, or a
// numbered column of a list (see numbered).
func nameColumn(h string, schema *vars.Schema) (column, error) {
	if h == "" {
		return column{}, errors.New("has no header: name a variable, or delete the column")
	}
	if vars.NameKey(h) == ExampleColumn {
		return column{header: h, example: true}, nil
	}
	v, err := schema.VarNamed(h)
	if err == nil {
		return column{header: h, v: v}, nil
	}
	var ue *vars.UnknownNameError
	if !errors.As(err, &ue) {
		return column{}, err
	}
	if c, ok, nerr := numbered(h, schema); ok || nerr != nil {
		c.header = h
		return c, nerr
	}
	return column{}, err
}

// numbered reads a header that gives one item of a list, or one field of
// it: a path with the item's number, as subprocessors.2.name or
// customer.address.1, or the same in words, as "Subprocessor 2 name",
// "Subprocessors 2 country" or "Customer address 1". ok is false for a
// header of no such shape.
func numbered(h string, schema *vars.Schema) (c column, ok bool, err error) {
	words := strings.Fields(vars.NameKey(h))
	if len(words) > maxHeaderWords {
		return column{}, false, nil
	}
	for i, w := range words {
		n, aerr := strconv.Atoi(w)
		if aerr != nil || i == 0 {
			continue
		}
		list, rest := strings.Join(words[:i], " "), strings.Join(words[i+1:], " ")
		var found []column
		for _, p := range schema.Paths() {
			v := schema.Vars[p]
			if v.Kind != vars.KindList || !listNamed(v, list) {
				continue
			}
			if f, ok := fieldNamed(v, rest); ok {
				found = append(found, column{v: v, item: n, field: f})
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			c = found[0]
		default:
			return column{}, true, fmt.Errorf("could be a column of %s or of %s: write the path, such as %s.%d", found[0].v.Path, found[1].v.Path, found[0].v.Path, n)
		}
		if most := maxItems(c.v); n < 1 || n > most {
			return column{}, true, fmt.Errorf("numbers item %s of %s, which takes items 1 to %d", w, c.v.Path, most)
		}
		return c, true, nil
	}
	return column{}, false, nil
}

// maxHeaderWords bounds the words of a header read as a numbered
// column: no list's or field's name has more.
const maxHeaderWords = 24

// listNamed reports whether key (see vars.NameKey) names list v: by its
// path, its label or what one item is called.
func listNamed(v *vars.Var, key string) bool {
	for _, n := range append(v.Names(), v.ItemLabel) {
		if n != "" && vars.NameKey(n) == key {
			return true
		}
	}
	return false
}

// fieldNamed finds the field of list v that key names by its path or its
// label: none for a list of single values, whose key must be empty.
func fieldNamed(v *vars.Var, key string) (*vars.Var, bool) {
	if v.Items != nil {
		return nil, key == ""
	}
	for _, f := range v.Fields {
		if key != "" && (vars.NameKey(f.Path) == key || vars.NameKey(f.Title()) == key) {
			return f, true
		}
	}
	return nil, false
}

// maxItems is the most items list v takes.
func maxItems(v *vars.Var) int {
	if v.Max != nil && *v.Max >= 0 && *v.Max < vars.MaxListItems {
		return int(*v.Max)
	}
	return vars.MaxListItems
}

// delimiterHint says, of a header cell that names nothing, that it may
// hold another delimiter than the one the line is read with.
func delimiterHint(h string, delim rune) string {
	for _, d := range Delimiters {
		if delim != 0 && d != delim && strings.ContainsRune(h, d) {
			return fmt.Sprintf("; the line is read as separated by %s, but this column holds %s: give --delimiter to say which", delimiterName(delim), delimiterName(d))
		}
	}
	return ""
}
