package rows

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/vars"
)

// Template is a starting spreadsheet: its columns, in the order the form
// shows them, and one example row, which the example column marks so
// that a batch passes it over unless asked to include it.
type Template struct {
	Schema  *vars.Schema
	Vars    []*vars.Var // the columns after the example column
	Example []string    // the example row's cells, one for each of Vars
	// Get gives the values an enum's value label may name ("As published
	// by {processor.name}"); nil for none.
	Get func(path string) any
}

// sheetColumn is one column of a template: a variable, or one field of
// one item of a list of records, numbered as the reader takes it
// (subprocessors.1.name), so that no cell holds a list written as YAML.
type sheetColumn struct {
	v       *vars.Var // what its cells hold: the variable, or the list's field
	path    string    // the header a batch reads
	label   string    // the form's words for it: "Subprocessor 1 name"
	example string    // the example row's cell
}

// itemColumns is how many items of a list of records the template gives
// columns for, at least: more than the example's, so that the numbering
// shows.
const itemColumns = 2

// columns lays out the template's columns, a list of records as numbered
// columns for each of its fields.
func (t *Template) columns() []sheetColumn {
	var out []sheetColumn
	for i, v := range t.Vars {
		if v.Kind != vars.KindList || len(v.Fields) == 0 {
			out = append(out, sheetColumn{v: v, path: v.Path, label: v.Title(), example: t.Example[i]})
			continue
		}
		out = append(out, t.itemColumns(v, t.Example[i])...)
	}
	return out
}

// itemColumns lays out list v's numbered columns, the items of the
// example cell, written as YAML, spread over them.
func (t *Template) itemColumns(v *vars.Var, example string) []sheetColumn {
	var items []any
	if strings.TrimSpace(example) != "" {
		if x, err := v.ParseString(example); err == nil {
			items, _ = vars.Plain(x).([]any)
		}
	}
	one := v.ItemLabel
	if one == "" {
		one = v.Title()
	}
	var out []sheetColumn
	for n := 1; n <= min(max(len(items), itemColumns), maxItems(v)); n++ {
		var item map[string]any
		if n <= len(items) {
			item, _ = items[n-1].(map[string]any)
		}
		for _, f := range v.Fields {
			out = append(out, sheetColumn{v: f, path: fmt.Sprintf("%s.%d.%s", v.Path, n, f.Path),
				label: fmt.Sprintf("%s %d %s", one, n, lowerFirst(f.Title())), example: t.itemCell(f, item[f.Path])})
		}
	}
	return out
}

// itemCell is a field's value as a cell gives it: a country by its name.
func (t *Template) itemCell(f *vars.Var, x any) string {
	if x == nil {
		return ""
	}
	text := fmt.Sprint(x)
	if f.Kind == vars.KindCountry && t.Schema.Countries != nil {
		if c, ok := t.Schema.Countries.Get(text); ok {
			return capitalize(c.Name)
		}
	}
	return text
}

// WriteCSV writes the template as CSV: the paths, then the example row.
func (t *Template) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{ExampleColumn}
	row := []string{"yes"}
	for _, c := range t.columns() {
		head = append(head, c.path)
		row = append(row, c.example)
	}
	_ = cw.Write(head)
	_ = cw.Write(row)
	cw.Flush()
	return cw.Error()
}

// The sheets of a template workbook, and the rows its drop-downs and
// number ranges cover.
const (
	rowsSheet  = "Rows"
	helpSheet  = "Help"
	listsSheet = "Lists"
	// checkedRows is the last row whose cells the drop-downs and ranges
	// check.
	checkedRows = 5000
)

// WriteXLSX writes the template as an Excel workbook: on its first sheet
// the form's labels above the paths (a batch reads either as the header),
// then the example row; a drop-down for every enum, jurisdiction, country
// and yes/no column, offering what the form shows, and a range for every
// whole number with bounds; a second sheet with each column's help; the
// drop-downs' lists on a third, hidden.
func (t *Template) WriteXLSX(w io.Writer) error {
	var b xlsxBook
	var sheets [3]*xlsxSheet
	for i, name := range []string{rowsSheet, helpSheet, listsSheet} {
		s, err := b.addSheet(name)
		if err != nil {
			return err
		}
		sheets[i] = s
	}
	rows, help, lists := sheets[0], sheets[1], sheets[2]
	lists.hidden = true
	labels, paths, example := []any{"Example"}, []any{ExampleColumn}, []any{"yes"}
	cols := t.columns()
	for _, c := range cols {
		labels = append(labels, c.label)
		paths = append(paths, c.path)
		example = append(example, t.exampleCell(c.v, c.example))
	}
	for i, r := range [][]any{labels, paths, example} {
		rows.setRow(i+1, r)
	}
	rows.frozenRows = 2
	t.validations(rows, lists, cols)
	t.help(help, cols)
	return b.write(w)
}

// exampleCell is an example cell as the workbook holds it: a whole
// number as a number, an enum's value by what its drop-down offers.
func (t *Template) exampleCell(v *vars.Var, text string) any {
	if text == "" {
		return ""
	}
	switch v.Kind {
	case vars.KindInteger:
		if n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64); err == nil {
			return n
		}
	case vars.KindBool:
		if x, err := v.ParseString(text); err == nil {
			if x == true {
				return "yes"
			}
			return "no"
		}
	case vars.KindEnum, vars.KindJurisdiction:
		for _, c := range t.choices(v) {
			if c.Value == strings.TrimSpace(text) {
				return c.Label
			}
		}
	}
	return text
}

// choices are what a drop-down offers for an enum or a jurisdiction: each
// value's label, or the value where the label holds a comma (a drop-down
// separates with commas) or names a variable Get does not give.
func (t *Template) choices(v *vars.Var) []vars.Choice {
	cs := t.Schema.Choices(v, t.Get)
	for i, c := range cs {
		if strings.Contains(c.Label, ",") {
			cs[i].Label = c.Value
		}
	}
	return cs
}

// options are the entries of column v's drop-down, or nil if it has none.
func (t *Template) options(v *vars.Var) []string {
	switch v.Kind {
	case vars.KindBool:
		return []string{"yes", "no"}
	case vars.KindEnum, vars.KindJurisdiction:
		var out []string
		for _, c := range t.choices(v) {
			out = append(out, c.Label)
		}
		return out
	case vars.KindCountry:
		var out []string
		for _, code := range t.Schema.Countries.Codes() {
			c, _ := t.Schema.Countries.Get(code)
			out = append(out, capitalize(c.Name))
		}
		return out
	}
	return nil
}

// validations adds each column's drop-down, its list on the lists sheet,
// and each bounded whole number's range.
func (t *Template) validations(rows, lists *xlsxSheet, cols []sheetColumn) {
	n := 0
	for i, c := range cols {
		v, col := c.v, i+2
		if opts := t.options(v); len(opts) > 0 {
			n++
			for j, o := range opts {
				lists.setText(j+1, n, o)
			}
			rows.addList(col, 3, checkedRows, lists, n, len(opts), v.Title(), "Pick one of the values the list offers.")
		} else if v.Kind == vars.KindInteger && v.Min != nil && v.Max != nil {
			rows.addWhole(col, 3, checkedRows, *v.Min, *v.Max, v.Title(), fmt.Sprintf("A whole number from %d to %d.", *v.Min, *v.Max))
		}
	}
}

// help writes the help sheet: each column's letter, label, path, help,
// and what it takes.
func (t *Template) help(help *xlsxSheet, cols []sheetColumn) {
	help.setRow(1, []any{"Column", "Label", "Path", "Help", "Takes"})
	help.setRow(2, []any{"A", "Example", ExampleColumn, "yes marks the example row, which a batch passes over unless given --include-example. Delete it, or leave it as it is.", "yes or nothing"})
	for i, c := range cols {
		help.setRow(i+3, []any{colName(i + 2), c.label, c.path, c.v.FormHelp(), t.takes(c.v)})
	}
}

// takes says what a column takes, for the help sheet.
func (t *Template) takes(v *vars.Var) string {
	switch v.Kind {
	case vars.KindInteger:
		if v.Min != nil && v.Max != nil {
			return fmt.Sprintf("a whole number from %d to %d", *v.Min, *v.Max)
		}
		return "a whole number"
	case vars.KindAmount:
		return "an amount, in figures, such as 1000000 or 2500.50"
	case vars.KindDate:
		return "a date, written YYYY-MM-DD, or a date cell"
	case vars.KindBool:
		return "yes or no"
	case vars.KindList:
		return "a list written [a, b], or one column for each item, numbered: " + v.Path + ".1" + fieldSuffix(v)
	case vars.KindEnum, vars.KindJurisdiction, vars.KindCountry:
		return "one of the drop-down's values"
	}
	return "text"
}

func fieldSuffix(v *vars.Var) string {
	if len(v.Fields) == 0 {
		return ""
	}
	return "." + v.Fields[0].Path
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
