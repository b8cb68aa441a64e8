package rows

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
)

// rowValues converts the cells of one row of a CSV or a workbook to the
// variables they set: a whole variable's cell at once, a list's numbered
// cells gathered into its items once the row is read (see done).
type rowValues struct {
	file   string
	cols   []column
	schema *vars.Schema
	row    *Row
	errs   diag.List
	lists  []*vars.Var                     // the lists given item by item, in the order of their first cells
	items  map[*vars.Var]map[int]*listItem // their items, by number
}

// listItem is one item of a list given item by item: a single value, or
// an object's fields; where its first cell is.
type listItem struct {
	val    any
	fields map[string]any
	pos    Pos
	col    int // the column of pos, from 0
}

func newRowValues(file string, cols []column, schema *vars.Schema, row *Row) *rowValues {
	row.Set, row.Cells = vars.Set{}, map[string]Pos{}
	return &rowValues{file: file, cols: cols, schema: schema, row: row}
}

// fail adds a cell's problem.
func (a *rowValues) fail(pos Pos, path string, err error) {
	a.errs.Add(&diag.Error{Err: &CellError{Pos: pos, Variable: path, Err: err}})
}

// cellPos is the place of the cell in column i (from 0).
func (a *rowValues) cellPos(i int) Pos {
	p := Pos{Line: a.row.Pos.Line, Row: a.row.Pos.Row, Col: colName(i + 1)}
	if i < len(a.cols) {
		p.Header = a.cols[i].header
	}
	return p
}

// put converts the text of the cell in column i (from 0), which text
// gives for the variable the cell converts to, or fails.
func (a *rowValues) put(i int, text func(*vars.Var) (string, error)) {
	pos := a.cellPos(i)
	if i >= len(a.cols) {
		a.fail(pos, "", errors.New("lies beyond the last named column"))
		return
	}
	c := a.cols[i]
	if c.example {
		return
	}
	t, err := text(c.target())
	var x any
	if err == nil {
		x, err = a.schema.ParseLabelled(c.target(), t, nil)
	}
	if err != nil {
		a.fail(pos, c.v.Path, err)
		return
	}
	if c.item == 0 {
		a.row.Set[c.v.Path] = vars.Value{V: x, Src: vars.Source{File: a.file, Line: pos.Line, Col: i + 1}}
		a.row.Cells[c.v.Path] = pos
		return
	}
	if a.items == nil {
		a.items = map[*vars.Var]map[int]*listItem{}
	}
	items, ok := a.items[c.v]
	if !ok {
		items = map[int]*listItem{}
		a.items[c.v] = items
		a.lists = append(a.lists, c.v)
	}
	it, ok := items[c.item]
	if !ok {
		it = &listItem{pos: pos, col: i}
		items[c.item] = it
	}
	if c.field == nil {
		it.val = x
		return
	}
	if it.fields == nil {
		it.fields = map[string]any{}
	}
	it.fields[c.field.Path] = x
}

// done gathers the lists given item by item, in the order of their
// items' numbers, an item whose cells are all empty left out; it returns
// the row's problems.
func (a *rowValues) done() error {
	for i, c := range a.cols {
		if !c.given {
			continue
		}
		if _, ok := a.row.Set[c.v.Path]; !ok {
			pos := a.cellPos(i)
			a.row.Set[c.v.Path] = vars.Value{Src: vars.Source{File: a.file, Line: pos.Line, Col: i + 1}}
			a.row.Cells[c.v.Path] = pos
		}
	}
	for _, list := range a.lists {
		items := a.items[list]
		nums := make([]int, 0, len(items))
		for n := range items {
			nums = append(nums, n)
		}
		slices.Sort(nums)
		out := make([]any, 0, len(nums))
		ok := true
		for _, n := range nums {
			it := items[n]
			if list.Items != nil {
				out = append(out, it.val)
				continue
			}
			if err := fillItem(list, n, it.fields); err != nil {
				a.fail(it.pos, list.Path, err)
				ok = false
				continue
			}
			out = append(out, it.fields)
		}
		if !ok {
			continue
		}
		first := items[nums[0]]
		for _, n := range nums[1:] {
			if items[n].col < first.col {
				first = items[n]
			}
		}
		a.row.Set[list.Path] = vars.Value{V: out, Src: vars.Source{File: a.file, Line: first.pos.Line, Col: first.col + 1}}
		a.row.Cells[list.Path] = first.pos
	}
	return a.errs.Err()
}

// fillItem completes item n of a list of objects as a list written in
// YAML is: a field not given takes its default, and a required one
// without a default is an error.
func fillItem(list *vars.Var, n int, fields map[string]any) error {
	var missing []string
	for _, f := range list.Fields {
		if _, ok := fields[f.Path]; ok {
			continue
		}
		if f.Required && f.Default == nil {
			missing = append(missing, f.Title())
			continue
		}
		fields[f.Path] = f.Default
		if f.Default == nil && f.Kind == vars.KindText {
			fields[f.Path] = vars.Text("")
		}
	}
	if len(missing) == 0 {
		return nil
	}
	what := list.ItemLabel
	if what == "" {
		what = "item"
	}
	return fmt.Errorf("%s %d needs its %s too", what, n, strings.Join(missing, " and "))
}

// Locate names the place of each problem of err, a row's problem found
// after it was read (a value its jurisdiction refuses, a required one
// missing), as a spreadsheet shows it: the cell of the variable it is
// about, if the row gives it, else the row. The problems of data that is
// no table are left as they are.
func (r Row) Locate(err error) error {
	if err == nil || r.Pos.Row == 0 {
		return err
	}
	var out diag.List
	if list, ok := err.(diag.List); ok {
		for _, e := range list {
			out.Add(r.locate(e))
		}
		return out.Err()
	}
	return r.locate(err)
}

func (r Row) locate(err error) error {
	var ce *CellError
	if errors.As(err, &ce) {
		return err
	}
	if de, ok := err.(*diag.Error); ok {
		if pos, ok := r.cellOf(de.Variable); ok {
			return &diag.Error{Err: &CellError{Pos: pos, Variable: de.Variable, Err: de.Err}}
		}
		inner := de.Err
		if de.Variable != "" {
			inner = fmt.Errorf("variable %q: %w", de.Variable, de.Err)
		}
		return &diag.Error{Err: &CellError{Pos: r.Pos, Variable: de.Variable, Err: inner}}
	}
	return &diag.Error{Err: &CellError{Pos: r.Pos, Err: err}}
}

// cellOf is the cell that gives path, or the list path is a part of.
func (r Row) cellOf(path string) (Pos, bool) {
	for p := path; p != ""; {
		if pos, ok := r.Cells[p]; ok {
			return pos, true
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return Pos{}, false
}
