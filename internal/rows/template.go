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
	"github.com/xuri/excelize/v2"
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
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", rowsSheet); err != nil {
		return err
	}
	for _, s := range []string{helpSheet, listsSheet} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	if err := f.SetSheetVisible(listsSheet, false); err != nil {
		return err
	}
	labels, paths, example := []any{"Example"}, []any{ExampleColumn}, []any{"yes"}
	cols := t.columns()
	for _, c := range cols {
		labels = append(labels, c.label)
		paths = append(paths, c.path)
		example = append(example, t.exampleCell(c.v, c.example))
	}
	for i, r := range [][]any{labels, paths, example} {
		if err := f.SetSheetRow(rowsSheet, "A"+strconv.Itoa(i+1), &r); err != nil {
			return err
		}
	}
	if err := f.SetPanes(rowsSheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := t.validations(f, cols); err != nil {
		return err
	}
	if err := t.help(f, cols); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
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
func (t *Template) validations(f *excelize.File, cols []sheetColumn) error {
	lists := 0
	for i, c := range cols {
		v := c.v
		col := colName(i + 2)
		sqref := fmt.Sprintf("%s3:%s%d", col, col, checkedRows)
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(sqref)
		dv.SetError(excelize.DataValidationErrorStyleStop, v.Title(), "Pick one of the values the list offers.")
		if opts := t.options(v); opts != nil {
			lists++
			list := colName(lists)
			for j, o := range opts {
				if err := f.SetCellStr(listsSheet, list+strconv.Itoa(j+1), o); err != nil {
					return err
				}
			}
			dv.SetSqrefDropList(fmt.Sprintf("%s!$%s$1:$%s$%d", listsSheet, list, list, len(opts)))
		} else if v.Kind == vars.KindInteger && v.Min != nil && v.Max != nil {
			if err := dv.SetRange(strconv.FormatInt(*v.Min, 10), strconv.FormatInt(*v.Max, 10), excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, v.Title(), fmt.Sprintf("A whole number from %d to %d.", *v.Min, *v.Max))
		} else {
			continue
		}
		if err := f.AddDataValidation(rowsSheet, dv); err != nil {
			return err
		}
	}
	return nil
}

// help writes the help sheet: each column's letter, label, path, help,
// and what it takes.
func (t *Template) help(f *excelize.File, cols []sheetColumn) error {
	head := []any{"Column", "Label", "Path", "Help", "Takes"}
	if err := f.SetSheetRow(helpSheet, "A1", &head); err != nil {
		return err
	}
	first := []any{"A", "Example", ExampleColumn, "yes marks the example row, which a batch passes over unless given --include-example. Delete it, or leave it as it is.", "yes or nothing"}
	if err := f.SetSheetRow(helpSheet, "A2", &first); err != nil {
		return err
	}
	for i, c := range cols {
		r := []any{colName(i + 2), c.label, c.path, c.v.FormHelp(), t.takes(c.v)}
		if err := f.SetSheetRow(helpSheet, "A"+strconv.Itoa(i+3), &r); err != nil {
			return err
		}
	}
	return nil
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
