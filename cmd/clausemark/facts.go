package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/clausemark/clausemark/internal/transfer"
	"github.com/clausemark/clausemark/internal/vars"
)

// newFacts is `clausemark facts`: the dated facts of the transfer table
// (templates/transfers.yaml), each with the date it was last checked and
// its source; --stale DATE keeps those checked before DATE.
func newFacts(e *env) *cobra.Command {
	var stale string
	c := &cobra.Command{
		Use:   "facts",
		Short: "List the dated facts of the transfer rules (adequacy decisions, authorities, mechanisms) with their as_of date and source",
		Long: `Facts lists the dated facts of the library's transfer table
(templates/transfers.yaml): each adequacy decision, supervisory authority
and transfer mechanism, with the date it was last checked (as_of), its
source and, where the law is about to change, what to check next.

With --stale DATE it lists only the facts checked before DATE (and any
without a date), so that a review can start from them.`,
		Example: `  clausemark facts
  clausemark facts --stale 2027-01-01`,
		Args: maxArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			lib, err := e.load()
			if err != nil {
				return err
			}
			if lib.Transfers == nil {
				return fmt.Errorf("facts: the library has no transfer table (%s)", transfer.File)
			}
			facts := lib.Transfers.Facts()
			if stale != "" {
				d, err := vars.ParseDate(stale)
				if err != nil {
					return usagef("--stale: %v", err)
				}
				facts = lib.Transfers.Stale(d)
			}
			return writeFacts(e, facts)
		},
	}
	c.Flags().StringVar(&stale, "stale", "", "list only the facts last checked before this date (YYYY-MM-DD)")
	return c
}

// writeFacts writes facts as a table, or says that there are none. On
// a narrow terminal or a pipe each fact's value, source and what to
// re-check are written under it.
func writeFacts(e *env, facts []*transfer.Fact) error {
	if len(facts) == 0 {
		_, err := fmt.Fprintln(e.stdout, "No facts.")
		return err
	}
	rows := [][]string{{"AS_OF", "REGIME", "FACT", "VALUE", "SOURCE", "RECHECK", "WHERE"}}
	for _, f := range facts {
		asOf := "undated"
		if f.Dated() {
			asOf = f.AsOf.ISO()
		}
		rows = append(rows, []string{asOf, f.Regime, f.What, f.Value, f.Source, f.Recheck, fmt.Sprintf("%s:%d", f.File, f.Line)})
	}
	return table{rows: rows, head: true, under: []int{3, 4, 5}, fit: []int{6}, labels: []string{"", "", "", "", "source", "recheck", "where"}}.write(e.stdout, e.outputWidth(e.stdout))
}
