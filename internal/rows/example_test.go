package rows_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/rows"
)

// Each row says where a spreadsheet shows it, and the file's line; a
// cell that fails is named by its row and column, as a spreadsheet shows
// them, and its header.
func ExampleOpen() {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		panic(err)
	}
	data := "Customer name,customer.address,Deletion period\n" +
		"Globex,\"[1 Main Street,\n Dublin 2]\",30\n" + // one row over two lines
		"Initech,,thirty\n"
	src, err := rows.Open(rows.CSV, "customers.csv", strings.NewReader(data), lib.Templates["dpa-concise"].Schema, 0)
	if err != nil {
		panic(err)
	}
	for r, ok := src.Next(); ok; r, ok = src.Next() {
		var ce *rows.CellError
		if errors.As(r.Err, &ce) {
			fmt.Printf("%v (cell %s, variable %s)\n", r.Err, ce.Pos.Cell(), ce.Variable)
			continue
		}
		fmt.Printf("%s (line %d): %v\n", r.Pos, r.Pos.Line, r.Err)
	}
	// Output:
	// row 2 (line 2): <nil>
	// row 3, column C (Deletion period): must be an integer from 1 to 365, got "thirty" (cell C3, variable deletion.days)
}
