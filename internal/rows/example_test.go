package rows_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/rows"
)

// Each row says where a spreadsheet shows it; a cell that fails says
// which cell, inside an error that names the file's line and column.
func ExampleOpen() {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		panic(err)
	}
	data := "customer.name,customer.address,deletion.days\n" +
		"Globex,\"[1 Main Street,\n Dublin 2]\",30\n" + // one row over two lines
		"Initech,,thirty\n"
	src, err := rows.Open(rows.CSV, "customers.csv", strings.NewReader(data), lib.Templates["dpa-concise"].Schema, 0)
	if err != nil {
		panic(err)
	}
	for r, ok := src.Next(); ok; r, ok = src.Next() {
		var ce *rows.CellError
		if errors.As(r.Err, &ce) {
			fmt.Printf("%s: %v\n", ce.Pos, r.Err)
			continue
		}
		fmt.Printf("%s (line %d): %v\n", r.Pos, r.Pos.Line, r.Err)
	}
	// Output:
	// row 2 (line 2): <nil>
	// row 3, cell C3 (deletion.days): customers.csv:4:10: variable "deletion.days": must be an integer from 1 to 365, got "thirty"
}
